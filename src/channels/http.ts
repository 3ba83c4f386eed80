// One JSON request with a deadline; a dropped connection or a timeout becomes a retryable SendError, any HTTP answer is returned.
import { SendError } from './types.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
  /** The body as text (for error messages), cut to 300 characters. */
  text: string;
}

export async function requestJson(fetchImpl: FetchLike, url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  try {
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, json: parseJson(text), text: text.slice(0, 300) };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new SendError('timeout', 'retryable', {
        message: `no answer from ${hostOf(url)} within ${timeoutMs} ms`,
        cause: error,
      });
    }
    throw new SendError('network', 'retryable', {
      message: `${hostOf(url)} unreachable: ${(error as Error).message}`,
      cause: error,
    });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Error messages name the host only, never the path or query.
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}
