// One error type for HTTP answers and one middleware that maps every error to a clear JSON body,
// never a stack trace or an internal message.
import type { ErrorRequestHandler } from 'express';
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

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let e: AppError;
    const bp = err as BodyParserError;
    if (err instanceof AppError) e = err;
    else if (bp?.type === 'entity.too.large') e = new AppError(413, 'body_too_large', 'request body is too large');
    else if (bp?.type === 'entity.parse.failed') e = new AppError(400, 'body_unparseable', 'request body could not be parsed');
    else if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported')
      e = new AppError(415, 'unsupported_encoding', 'request body encoding is not supported');
    else if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500)
      e = new AppError(bp.status, 'bad_request', 'request could not be read');
    else e = new AppError(500, 'internal_error', 'internal error; it has been logged');
    if (e.status >= 500) log.error({ err, path: req.path, method: req.method }, 'request failed');
    else log.info({ path: req.path, status: e.status, code: e.code }, 'request refused');
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...e.details } });
  };
}
