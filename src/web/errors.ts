// One error type for HTTP answers and one middleware that maps every error to a clear JSON body,
// never a stack trace or an internal message.
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../log.ts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Any error as the answer it deserves: our own, a body parser's 4xx, or a 500 that says nothing inside. */
export function toAppError(err: unknown): AppError {
  const bp = err as BodyParserError;
  if (err instanceof AppError) return err;
  if (bp?.type === 'parameters.too.many') return new AppError(413, 'too_many_fields', 'request body has too many fields');
  if (bp?.type === 'entity.too.large') return new AppError(413, 'body_too_large', 'request body is too large');
  if (bp?.type === 'entity.parse.failed') return new AppError(400, 'body_unparseable', 'request body could not be parsed');
  if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported')
    return new AppError(415, 'unsupported_encoding', 'request body encoding is not supported');
  if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500)
    return new AppError(bp.status, 'bad_request', 'request could not be read');
  // Sessions live in Redis (src/users/sessions.ts): down or full, that is a 503 to retry, not a failure of ours.
  if ((err as { code?: unknown } | null)?.code === 'session_store_unavailable') {
    return new AppError(
      503,
      'session_store_unavailable',
      'the session store (Redis) is not taking writes; try again in a minute',
    );
  }
  return new AppError(500, 'internal_error', 'internal error; it has been logged');
}

/**
 * What of an error goes into a log line: its class, code, message and stack, never its other properties
 * (a body parser's error carries the body it read, a driver's error the values of the row).
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return { type: err.constructor.name, ...(typeof code === 'string' ? { code } : {}), message: err.message, stack: err.stack };
}

/** Logs a refusal (info) or a failure (error, with the cause), and gives the JSON body to answer. */
export function errorAnswer(
  log: Logger,
  err: unknown,
  req: { path: string; method: string },
): { status: number; body: { error: Record<string, unknown> } } {
  const e = toAppError(err);
  if (e.status >= 500) log.error({ err: loggableError(err), path: req.path, method: req.method }, 'request failed');
  else log.info({ path: req.path, status: e.status, code: e.code }, 'request refused');
  return { status: e.status, body: { error: { code: e.code, message: e.message, ...e.details } } };
}

/** A page's own answer to an error (the dashboard's HTML), tried before JSON; true when it answered. */
export type ErrorPage = (req: Request, res: Response, e: AppError) => boolean;

/** The one error middleware: logs (errorAnswer) and answers in JSON, or with `page`'s HTML when it takes it. */
export function errorMiddleware(log: Logger, page?: ErrorPage): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const { status, body } = errorAnswer(log, err, req);
    if (res.headersSent) return next(err); // too late to answer: Express closes the connection
    if (page?.(req, res, toAppError(err))) return;
    res.status(status).json(body);
  };
}
