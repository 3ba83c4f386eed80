// Sends one SMS through Africa's Talking and turns every way it can go wrong into a SendError the retry policy understands.
import AfricasTalking from 'africastalking';
import { SendError, type OutboundSms, type SendOutcome, type SmsChannel } from '../types.ts';
import { httpErrorKind, lookupSendStatusByName, SEND_STATUS_CODES } from './statuses.ts';

export interface AfricasTalkingChannelOptions {
  username: string;
  apiKey: string;
  /** Registered short code or sender ID; AT's shared sender when absent. */
  from?: string;
  /** The SDK has no timeout of its own. Default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Do not pass username 'sandbox' next to a live client: the SDK then points every
 * client in the process at the sandbox, for good (AFRICASTALKING.md §4).
 */
export function createAfricasTalkingChannel(opts: AfricasTalkingChannelOptions): SmsChannel {
  const client = AfricasTalking({ username: opts.username, apiKey: opts.apiKey });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    name: 'africastalking',
    async send(sms: OutboundSms): Promise<SendOutcome> {
      const params: AfricasTalking.SmsSendParams = { to: sms.to, message: sms.text };
      if (opts.from) params.from = opts.from;
      let body: unknown;
      let httpStatus: number | null = 201;
      try {
        body = await withTimeout(client.SMS.send(params), timeoutMs);
      } catch (error) {
        ({ body, httpStatus } = unwrapRejection(error));
      }
      return outcomeOf(body, httpStatus);
    },
  };
}

/** What the SDK rejected with: a SendError we raised, an AxiosError, a validation Error, or the raw body of a non-201 2xx. */
function unwrapRejection(error: unknown): { body: unknown; httpStatus: number | null } {
  if (error instanceof SendError) throw error;
  if (isAxiosError(error)) {
    if (!error.response) {
      const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
      throw new SendError(timedOut ? 'timeout' : 'network', 'retryable', { message: error.message, cause: error });
    }
    return { body: error.response.data, httpStatus: error.response.status };
  }
  if (error instanceof Error) {
    // The SDK validates params with Joi before any request; its messages start with the field name: '"to" failed …'.
    const code = /^"to"/.test(error.message) ? 'InvalidPhoneNumber' : 'sdk_error';
    throw new SendError(code, 'permanent', { message: error.message, cause: error });
  }
  return { body: error, httpStatus: null };
}

/** The recipient's statusCode decides; the HTTP status only when there is no recipient to read. */
function outcomeOf(body: unknown, httpStatus: number | null): SendOutcome {
  const data =
    typeof body === 'object' && body !== null ? (body as Partial<AfricasTalking.SmsSendResponse>).SMSMessageData : undefined;
  const recipient = data?.Recipients?.[0];
  const entry = recipient ? SEND_STATUS_CODES[Number(recipient.statusCode)] : undefined;
  if (recipient && entry) {
    if (entry.accepted) {
      const id = recipient.messageId;
      return { providerMessageId: !id || id === 'None' ? null : id, providerStatus: recipient.status || entry.name };
    }
    throw new SendError(entry.name, entry.kind, {
      providerStatus: recipient.status,
      message: summarise(recipient.status, httpStatus),
    });
  }
  if (httpStatus !== null && httpStatus >= 400)
    throw new SendError(`http_${httpStatus}`, httpErrorKind(httpStatus), { message: summarise(body, httpStatus) });
  const named = typeof data?.Message === 'string' ? lookupSendStatusByName(data.Message) : undefined;
  if (named && !named.accepted)
    throw new SendError(named.name, named.kind, { providerStatus: data?.Message, message: summarise(body, httpStatus) });
  // Accepted or not, we cannot tell: do not retry into a possible duplicate.
  throw new SendError('unexpected_response', 'permanent', {
    providerStatus: recipient?.status,
    message: summarise(body, httpStatus),
  });
}

function summarise(body: unknown, httpStatus: number | null): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
  return `Africa's Talking answered HTTP ${httpStatus ?? '2xx'}: ${text.slice(0, 300)}`;
}

interface AxiosLikeError extends Error {
  isAxiosError: true;
  code?: string;
  response?: { status: number; data: unknown };
}

// axios is the SDK's dependency, not ours: recognise its errors by shape.
function isAxiosError(error: unknown): error is AxiosLikeError {
  return error instanceof Error && (error as Partial<AxiosLikeError>).isAxiosError === true;
}

/**
 * Gives up waiting after `ms`. The SDK offers no way to abort, so the request may still
 * reach AT afterwards: a retried 'timeout' can deliver the SMS twice.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SendError('timeout', 'retryable', { message: `no answer from Africa's Talking within ${ms} ms` })),
      ms,
    );
  });
  promise.catch(() => undefined); // a late failure after the timeout must not become an unhandled rejection
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
