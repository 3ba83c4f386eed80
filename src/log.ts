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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined },
    destination as pino.DestinationStream | undefined,
  );
}
