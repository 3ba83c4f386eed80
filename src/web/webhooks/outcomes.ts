// What every provider webhook answers, in one place: a refused callback names its field; a stored one is
// 'OK' (or 'OK (already received)'); a delivery report says the state it left; a message we never sent is
// a 404 naming the provider's id field; a database that cannot store it now is a 503 (the provider retries).
import type { Logger } from '../../log.ts';
import { UnknownMessageError } from '../../outbound/outbound.service.ts';
import { AppError } from '../errors.ts';

export function invalidCallback(parsed: { field: string; message: string }): AppError {
  return new AppError(400, 'invalid_callback', `${parsed.field}: ${parsed.message}`, { field: parsed.field });
}

export function unavailable(what: string, err: unknown, log: Logger): AppError {
  log.error({ err: (err as Error).message }, `${what}: database unavailable`);
  return new AppError(503, 'database_unavailable', `${what} could not be stored now; retry later`);
}

export const receivedAnswer = (r: { duplicate: boolean }) => (r.duplicate ? 'OK (already received)' : 'OK');

/** Stores a received callback; a database that cannot is a 503 naming `what`. */
export async function stored<T extends { duplicate: boolean }>(what: string, work: Promise<T>, log: Logger): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw unavailable(what, err, log);
  }
}

/** Applies a delivery report and gives the answer's text; 404 naming `idField` for a message that is not ours. */
export async function deliveryAnswer(
  work: Promise<{ changed: boolean; state: string }>,
  idField: string,
  log: Logger,
): Promise<string> {
  try {
    const r = await work;
    return r.changed ? `OK ${r.state}` : `OK (no change: ${r.state})`;
  } catch (err) {
    if (err instanceof UnknownMessageError) throw new AppError(404, err.code, err.message, { field: idField });
    throw unavailable('the delivery report', err, log);
  }
}
