// Places a call through Africa's Talking's voice API (POST /call with username, from, to; the apiKey header).
// The answer lists one entry per number: Queued with the sessionId later callbacks carry, or an error.
import { requestJson, type FetchLike } from '../http.ts';
import { SendError } from '../types.ts';

export const AT_VOICE_API = 'https://voice.africastalking.com';

export interface VoiceCaller {
  /** The provider's session id of the call it queued; a SendError when it refused. */
  call(to: string, from: string): Promise<{ sessionId: string }>;
}

export function createAfricasTalkingVoiceCaller(
  o: { username: string; apiKey: string },
  fetchImpl: FetchLike = fetch,
  timeoutMs = 10_000,
): VoiceCaller {
  return {
    async call(to, from) {
      const body = new URLSearchParams({ username: o.username, from, to });
      const answer = await requestJson(
        fetchImpl,
        `${AT_VOICE_API}/call`,
        {
          method: 'POST',
          headers: { apiKey: o.apiKey, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
        },
        timeoutMs,
      );
      if (answer.status >= 500 || answer.status === 429) throw new SendError(`http_${answer.status}`, 'retryable');
      if (answer.status === 401 || answer.status === 403) throw new SendError('unauthorized', 'channel');
      const entry = (answer.json as { entries?: { status?: string; sessionId?: string }[] } | undefined)?.entries?.[0];
      if (answer.status >= 400 || !entry) throw new SendError(`http_${answer.status}`, 'permanent');
      // The status only: an entry also names the number, which must not reach an error or a log.
      if (entry.status !== 'Queued' || !entry.sessionId) throw new SendError(entry.status ?? 'no_status', 'permanent');
      return { sessionId: entry.sessionId };
    },
  };
}
