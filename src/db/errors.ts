// Recognises the database errors that callers must treat specially (duplicates).
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; cause?: { code?: unknown; originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  // A raw query's violation comes as P2010 with the driver's error inside.
  return e.code === 'P2002' || e.code === '23505' || e.cause?.originalCode === '23505' || e.meta?.driverAdapterError?.cause?.originalCode === '23505';
}
