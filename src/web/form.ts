// The one parser of form-encoded bodies (provider webhooks and dashboard forms), each route with its own
// limits. Too large or too many fields is a 413 and another content type a 415, naming the problem in
// the JSON shape of every other error (errors.ts); the body itself never reaches an error or a log line.
import express, { type Request, type RequestHandler } from 'express';
import { AppError } from './errors.ts';

export interface FormLimits {
  /** Bytes of body. */
  bytes: number;
  /** Fields; more is refused like an oversized body. */
  fields: number;
}

export type FormBody = Record<string, string | string[] | undefined>;

const TYPE = 'application/x-www-form-urlencoded';

function refusal(err: unknown, limits: FormLimits): AppError {
  const type = (err as { type?: string }).type;
  if (type === 'parameters.too.many')
    return new AppError(413, 'too_many_fields', `request body has more than ${limits.fields} fields`, { limit: limits.fields });
  if (type === 'entity.too.large')
    return new AppError(413, 'body_too_large', `request body is larger than ${limits.bytes} bytes`, { limit: limits.bytes });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError(415, 'unsupported_encoding', 'request body encoding is not supported');
  if (type === 'querystring.parse.rangeError') return new AppError(400, 'body_unparseable', 'request body could not be parsed');
  return new AppError(400, 'bad_request', 'request could not be read');
}

/**
 * Reads a form body into `req.body` (a repeated field as an array; `a[b]` stays a field name). An empty
 * request without a type is an empty form; a body of another type is a 415. Compressed bodies are refused (415), so
 * `bytes` bounds what is held in memory.
 */
export function formParser(limits: FormLimits): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: limits.bytes, parameterLimit: limits.fields, inflate: false });
  return (req, res, next) => {
    const h = req.headers;
    if (!h['content-type'] && !h['transfer-encoding'] && !Number(h['content-length'] ?? 0)) {
      req.body = {};
      return next();
    }
    if (!req.is(TYPE))
      throw new AppError(415, 'unsupported_media_type', `expected ${TYPE}, as Africa's Talking and browser forms send`);
    parse(req, res, (err?: unknown) => {
      if (err) return next(refusal(err, limits));
      req.body ??= {};
      next();
    });
  };
}

/** The form's first value of each field, NUL characters (which PostgreSQL cannot hold) replaced and, with `flags`, flagged. */
export function formFields(req: Request, flags?: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, raw] of Object.entries((req.body ?? {}) as FormBody)) {
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v?.includes('\u0000')) {
      if (flags && !flags.includes('nul_replaced')) flags.push('nul_replaced');
      out[k] = v.replace(/\u0000/g, '\ufffd');
    } else out[k] = v;
  }
  return out;
}
