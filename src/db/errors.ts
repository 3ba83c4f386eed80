// Recognises the database errors callers treat specially (duplicates, bad rows), and keeps the values
// PostgreSQL quotes out of a raw query's error, since errors are logged and kept with failed jobs.

/** The driver's error as Prisma carries it: `meta.driverAdapterError.cause` (P2002, P2007, P2010 alike). */
interface DriverCause {
  originalCode?: unknown;
  originalMessage?: unknown;
  message?: unknown;
  cause?: unknown;
  detail?: unknown;
}

function driverCause(err: unknown): DriverCause | null {
  if (typeof err !== 'object' || err === null) return null;
  const cause = (err as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta?.driverAdapterError?.cause;
  return typeof cause === 'object' && cause !== null ? (cause as DriverCause) : null;
}

/** PostgreSQL's SQLSTATE of a failed query (`23505`, `22P02`…); null for an error that did not come from a query (a connection down). */
export function sqlState(err: unknown): string | null {
  const code = driverCause(err)?.originalCode;
  return typeof code === 'string' ? code : null;
}

/** A duplicate key: P2002 from a model call, P2010 with SQLSTATE 23505 from a raw query. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002' || sqlState(err) === '23505';
}

/** PostgreSQL's message without the value it quotes: `…for type uuid: "+223…"`, `value "…" is out of range…`. */
function unquoted(message: string): string {
  return message.replace(/: ".*$/s, '').replace(/^value ".*" is out/s, 'value is out');
}

/**
 * Rethrows a raw query's error with its SQLSTATE, kind and constraint, but without the values that
 * PostgreSQL's message and detail quote (a number that was not a uuid, an SMS text). Use as `.catch(rethrowWithoutValues)`.
 */
export function rethrowWithoutValues(err: unknown): never {
  const cause = driverCause(err);
  if (!cause || !(err instanceof Error)) throw err;
  const original = typeof cause.originalMessage === 'string' ? unquoted(cause.originalMessage) : '';
  for (const key of ['originalMessage', 'message', 'cause'] as const) {
    if (typeof cause[key] === 'string') cause[key] = unquoted(cause[key]);
  }
  delete cause.detail;
  const message = `Raw query failed. Code: \`${sqlState(err) ?? 'N/A'}\`. Message: \`${original}\``;
  err.stack = `${err.name}: ${message}${err.stack?.match(/\n\s+at [\s\S]*$/)?.[0] ?? ''}`;
  err.message = message;
  throw err;
}
