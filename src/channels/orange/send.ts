// Sends one SMS through Orange's SMS API (GSMA OneAPI JSON) and turns every way it can go wrong into a SendError the retry policy understands.
// POST {baseUrl}/smsmessaging/v1/outbound/{urlencoded tel:+223…}/requests with a Bearer token; 201 with
// outboundSMSMessageRequest.resourceURL. Sources: developer.orange.com/apis/sms (getting started, API
// reference); symfony/symfony Notifier Bridge OrangeSms/OrangeSmsTransport.php.
import { SendError, type OutboundSms, type SendOutcome, type SmsChannel } from '../types.ts';
import { requestJson, type FetchLike, type HttpAnswer } from '../http.ts';
import { httpErrorKind, lookupRequestError, OWN_ERRORS } from './statuses.ts';
import { createOrangeTokens } from './token.ts';

export interface OrangeChannelOptions {
  clientId: string;
  clientSecret: string;
  /** Our Orange number, 'tel:+223…' ('+223…' is accepted and prefixed). */
  senderAddress: string;
  /** A sender name registered with Orange Mali; the number shows when absent. */
  senderName?: string;
  /** Where Orange posts delivery receipts (else the URL registered with Orange). */
  notifyUrl?: string;
  baseUrl?: string;
  fetch?: FetchLike;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
}

const DEFAULT_BASE_URL = 'https://api.orange.com';
const DUPLICATE_CORRELATOR = 'SVC0005';
const DEFAULT_TIMEOUT_MS = 10_000;

export function createOrangeChannel(options: OrangeChannelOptions): SmsChannel {
  const senderAddress = telUri(options.senderAddress);
  if (!senderAddress) throw new Error(`Orange senderAddress must be an international number like 'tel:+22370000000'`);
  if (!options.clientId || !options.clientSecret) throw new Error('Orange clientId and clientSecret are required');
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tokens = createOrangeTokens({ ...options, baseUrl, fetch: fetchImpl, timeoutMs });
  const url = `${baseUrl}/smsmessaging/v1/outbound/${encodeURIComponent(senderAddress)}/requests`;

  async function post(sms: OutboundSms, token: string): Promise<HttpAnswer> {
    const request: Record<string, unknown> = {
      address: telUri(sms.to) ?? `tel:${sms.to}`,
      senderAddress,
      outboundSMSTextMessage: { message: sms.text },
    };
    if (options.senderName) request.senderName = options.senderName;
    // OneAPI: a request repeating a clientCorrelator is not sent again (SVC0005), so a retry after an attempt died mid-call is safe.
    if (sms.key) request.clientCorrelator = sms.key;
    // OneAPI echoes callbackData in the delivery receipt: our message key is what ties the two.
    if (sms.key)
      request.receiptRequest = { callbackData: sms.key, ...(options.notifyUrl ? { notifyURL: options.notifyUrl } : {}) };
    return requestJson(
      fetchImpl,
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ outboundSMSMessageRequest: request }),
      },
      timeoutMs,
    );
  }

  return {
    name: 'orange',
    deduplicates: true,
    async send(sms) {
      if (!telUri(sms.to))
        throw new SendError('InvalidPhoneNumber', 'permanent', { message: 'recipient is not an international number' });
      let token = await tokens.get();
      let answer = await post(sms, token);
      if (answer.status === 401) {
        // Expired or revoked token: renew once. A second 401 means the credentials themselves are wrong.
        tokens.invalidate(token);
        token = await tokens.get();
        answer = await post(sms, token);
        if (answer.status === 401) {
          throw new SendError('orange_unauthorized', OWN_ERRORS.orange_unauthorized.kind, {
            message: `Orange: ${OWN_ERRORS.orange_unauthorized.meaning}`,
          });
        }
      }
      return outcomeOf(answer, sms.key);
    },
  };
}

/**
 * The id is Orange's request id (the resourceURL's last segment), which a receipt without callbackData can
 * still name; our key when Orange gave none. A receipt whose callbackData echoes our key matches our id.
 */
function outcomeOf(answer: HttpAnswer, key?: string): SendOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    const resourceURL = (answer.json as { outboundSMSMessageRequest?: { resourceURL?: unknown } } | undefined)
      ?.outboundSMSMessageRequest?.resourceURL;
    return {
      providerMessageId: lastSegment(resourceURL) ?? key ?? null,
      providerStatus: answer.status === 201 ? 'Created' : `HTTP ${answer.status}`,
    };
  }
  const requestError = (
    answer.json as { requestError?: Record<string, { messageId?: unknown; text?: unknown; variables?: unknown }> } | undefined
  )?.requestError;
  const exception = requestError?.serviceException ?? requestError?.policyException;
  // Our clientCorrelator seen before: Orange already has this message (an earlier attempt died before its answer).
  if (exception?.messageId === DUPLICATE_CORRELATOR && key)
    return { providerMessageId: key, providerStatus: DUPLICATE_CORRELATOR };
  if (exception && typeof exception.messageId === 'string') {
    const entry = lookupRequestError(exception.messageId, answer.status);
    const kind = answer.status === 429 ? 'throttled' : entry.kind;
    const detail = [exception.text, exception.variables]
      .filter((part) => part !== undefined)
      .map(String)
      .join(' ');
    return fail(exception.messageId, kind, `${entry.meaning}: ${detail}`, answer.status, exception.messageId);
  }
  return fail(`http_${answer.status}`, httpErrorKind(answer.status), answer.text, answer.status);
}

function fail(code: string, kind: SendError['kind'], detail: string, status: number, providerStatus?: string): never {
  const options = { message: `Orange answered HTTP ${status}: ${detail.slice(0, 300)}` };
  throw new SendError(code, kind, providerStatus === undefined ? options : { ...options, providerStatus });
}

/** 'tel:+22376123421' for '+22376123421' or 'tel:+22376123421'; null when it is not an international number. */
export function telUri(raw: string): string | null {
  const number = raw.trim().replace(/^tel:/, '');
  return /^\+\d{6,15}$/.test(number) ? `tel:${number}` : null;
}

/** '…/requests/00JZM143' → '00JZM143'; null when there is no URL to read. */
export function lastSegment(resourceURL: unknown): string | null {
  if (typeof resourceURL !== 'string' || resourceURL.trim() === '') return null;
  const segment =
    resourceURL
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  if (segment === '' || segment === 'requests') return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
