// One signed POST of an event to a subscriber: the raw body's HMAC-SHA256 in X-Sabali-Signature, the event
// id for idempotency, a deadline, no redirects followed, and at most RESPONSE_CAP bytes of the answer read.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkedLookup, checkHost } from './address.ts';

/** Enough of an answer to log its first words; a receiver that answers more is cut off, not waited for. */
export const RESPONSE_CAP = 64 * 1024;

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface SendOutcome {
  /** The HTTP status, or null when no answer came (refused address, network, timeout). */
  status: number | null;
  /** Why it failed, without the URL's path or query (which may carry a token). */
  error: string | null;
}

export async function postSigned(
  target: { url: string; secret: string; eventId: string; eventType: string; body: string },
  opts: { allowLocal: boolean; timeoutMs: number },
): Promise<SendOutcome> {
  const url = new URL(target.url);
  try {
    // An IP literal never goes through a lookup: checked here; a name is checked on the connection's own lookup.
    await checkHost(url.hostname, opts.allowLocal);
  } catch (err) {
    return { status: null, error: (err as Error).message };
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        lookup: checkedLookup(opts.allowLocal),
        signal: AbortSignal.timeout(opts.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(target.body),
          'user-agent': 'Sabali-Webhooks/1',
          'x-sabali-event': target.eventType,
          'x-sabali-event-id': target.eventId,
          'x-sabali-signature': signature(target.secret, target.body),
        },
      },
      (res) => {
        let read = 0;
        const status = res.statusCode ?? 0;
        const done = () => resolve({ status, error: status >= 200 && status < 300 ? null : `answered ${status}` });
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_CAP) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
      resolve({
        status: null,
        error: timedOut ? `no answer from ${url.host} within ${opts.timeoutMs} ms` : `${url.host} unreachable: ${err.message}`,
      });
    });
    req.end(target.body);
  });
}
