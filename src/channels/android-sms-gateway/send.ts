// Sends one SMS through an Android phone running android-sms-gateway, picking the phone whose SIM is on the recipient's network and falling back to the others.
// API: POST {baseUrl}/messages with Basic auth, body { id, textMessage: { text }, phoneNumbers: [to] } (legacy:
// { message, phoneNumbers }); answer 202 { id, state: 'Pending', recipients: [...] }. Sources: docs-web
// docs/features/sending-messages.md, the app's localserver/WebService.kt (routes /message and /messages,
// no /3rdparty/v1 prefix in local mode) and android-sms-gateway/server handlers/messages/3rdparty.go.
import { malianOperatorOf, type MalianOperator } from '../../phone/operators.ts';
import { SendError, type OutboundSms, type SendOutcome, type SmsChannel } from '../types.ts';
import { createDevicePool, type DeviceStatus, type GatewayDevice } from './devices.ts';
import { requestJson, type FetchLike } from '../http.ts';
import { ALREADY_ACCEPTED_STATUS, httpError, PROCESS_STATES } from './statuses.ts';

export type { GatewayDevice } from './devices.ts';

export interface SimGatewayOptions {
  devices: readonly GatewayDevice[];
  fetch?: FetchLike;
  /** Per phone. Default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export interface SimGatewayChannel extends SmsChannel {
  /** Each phone's last contact and whether it answers, for the dashboard and the API. */
  devices(): DeviceStatus[];
  /** Called by the webhook handler on any verified event or ping from that phone; false for an unknown phone. */
  markContact(deviceId: string, at?: Date): boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A timeout does not prove the phone did not take the message: trying the next phone after one
 * can send the SMS twice. For an alert, twice is better than never.
 */
export function createSimGatewayChannel(options: SimGatewayOptions): SimGatewayChannel {
  const pool = createDevicePool(options.devices);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());

  type Attempt = { ok: true; outcome: SendOutcome } | { ok: false; error: SendError; deviceFault: boolean };

  async function attempt(device: GatewayDevice, sms: OutboundSms, operator: MalianOperator | null): Promise<Attempt> {
    let answer;
    try {
      answer = await requestJson(
        fetchImpl,
        `${device.baseUrl.replace(/\/+$/, '')}/messages`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${device.username}:${device.password}`, 'utf8').toString('base64')}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify(requestBody(device, sms, operator)),
        },
        timeoutMs,
      );
    } catch (error) {
      if (error instanceof SendError) return { ok: false, error, deviceFault: true }; // network or timeout
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) {
      const outcome = outcomeOf(answer.json);
      return outcome instanceof SendError ? { ok: false, error: outcome, deviceFault: false } : { ok: true, outcome };
    }
    if (answer.status === ALREADY_ACCEPTED_STATUS && sms.key)
      return { ok: true, outcome: { providerMessageId: sms.key, providerStatus: 'AlreadyAccepted' } };
    const serverMessage = (answer.json as { message?: unknown } | undefined)?.message;
    const detail = typeof serverMessage === 'string' ? serverMessage : answer.text;
    const { kind, deviceFault } = httpError(answer.status, detail);
    const error = new SendError(`http_${answer.status}`, kind, {
      message: `SIM gateway ${device.id} answered HTTP ${answer.status}: ${detail}`,
    });
    return { ok: false, error, deviceFault };
  }

  return {
    name: 'simgateway',
    // The device takes our message id as its own and answers 409 to a second request with it.
    deduplicates: true,
    async send(sms) {
      const operator = malianOperatorOf(sms.to);
      const errors: SendError[] = [];
      for (const device of pool.order(operator)) {
        const result = await attempt(device, sms, operator);
        if (result.ok) {
          pool.markContact(device.id, now());
          return result.outcome;
        }
        // A bad number or text fails on every phone: stop at once.
        if (!result.deviceFault) throw result.error;
        // A wrong password or device id says nothing about the phone being up.
        if (result.error.kind === 'retryable' || result.error.kind === 'throttled')
          pool.markFailure(device.id, now(), result.error.code);
        errors.push(result.error);
      }
      throw worstOf(errors);
    },
    devices: () => pool.snapshot(),
    markContact: (deviceId, at = now()) => pool.markContact(deviceId, at),
  };
}

function requestBody(device: GatewayDevice, sms: OutboundSms, operator: MalianOperator | null): Record<string, unknown> {
  const body: Record<string, unknown> = device.legacyBody
    ? { message: sms.text, phoneNumbers: [sms.to] }
    : { textMessage: { text: sms.text }, phoneNumbers: [sms.to] };
  // Our outbound id as the message id: the app refuses a second message with the same id (409), so a
  // retried send (after a timeout, or after another phone's failure) is not sent twice by this phone.
  if (sms.key) body.id = sms.key;
  body.withDeliveryReport = true;
  const sim = operator ? device.simNumbers?.[operator] : undefined;
  if (sim !== undefined) body.simNumber = sim;
  if (device.cloudDeviceId) body.deviceId = device.cloudDeviceId;
  return body;
}

function outcomeOf(json: unknown): SendOutcome | SendError {
  const body = (typeof json === 'object' && json !== null ? json : {}) as { id?: unknown; state?: unknown };
  const state = typeof body.state === 'string' ? body.state : '';
  const known = Object.hasOwn(PROCESS_STATES, state) ? PROCESS_STATES[state as keyof typeof PROCESS_STATES] : undefined;
  if (known && !known.accepted)
    return new SendError(state, known.kind, { providerStatus: state, message: 'SIM gateway answered state Failed' });
  // A 2xx means the phone or server queued it; without an id no delivery report can be matched, but do not resend.
  return {
    providerMessageId: typeof body.id === 'string' && body.id !== '' ? body.id : null,
    providerStatus: state || 'Accepted',
  };
}

/** After every phone failed: retryable if any phone may recover, throttled if one asked to slow down, channel if none can send as configured. */
function worstOf(errors: SendError[]): SendError {
  const pick =
    errors.find((e) => e.kind === 'retryable') ??
    errors.find((e) => e.kind === 'throttled') ??
    errors.find((e) => e.kind === 'channel') ??
    errors[0];
  if (!pick) return new SendError('no_device', 'retryable', { message: 'no SIM gateway phone configured' });
  const codes = errors.map((e) => e.code).join(', ');
  return new SendError(pick.code, pick.kind, {
    message: `every SIM gateway phone failed (${codes}): ${pick.message}`,
    cause: pick,
  });
}
