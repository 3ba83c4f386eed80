// Structured logs (pino). No phone number, message text or secret ever goes into a log line.
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'key',
  'token',
  'apiKey',
  'authorization',
  'req.headers.authorization',
  'req.query.key',
  'phone',
  'from',
  'to',
  'text',
  'message',
  '*.phone',
  '*.from',
  '*.to',
  '*.text',
];

/**
 * Without a destination, stdout written in 4 KiB blocks rather than one system call per line (a surge
 * logs a line per callback); pino flushes what is buffered when the process exits, even on an error.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined },
    (destination as pino.DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
