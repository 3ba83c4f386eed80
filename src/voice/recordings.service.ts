// A caller's recording is evidence and personal data: fetched by a worker from the provider (only from
// the allowed hosts, with a deadline, a size limit and an audio type), sealed at rest, played back only
// to a coordinator who may see the report (each play audited), transcribed by a person. The recording's
// URL and bytes never reach a log or an error message: the call id and a short code do.
import type { Repositories } from '../db/index.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';

export interface RecordingsDeps {
  repos: Repositories;
  vault: PhoneVault;
  log: Logger;
  /** VOICE_RECORDING_HOSTS: host names a recording may be fetched from. */
  hosts: readonly string[];
  maxBytes: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** A fetch that may succeed later (network, timeout, 5xx, 429): thrown so BullMQ retries with backoff. */
export class RecordingFetchError extends Error {
  readonly code = 'recording_fetch_retryable';
}

type Outcome = 'stored' | 'already' | 'none' | `refused: ${string}`;

export function createRecordingsService(deps: RecordingsDeps) {
  const { repos, vault, log } = deps;
  const fetchImpl = deps.fetchImpl ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const allowed = new Set(deps.hosts.map((h) => h.toLowerCase()));

  /** Why this URL may not be fetched, or null when it may. */
  function refusal(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'bad_url';
    }
    if (url.protocol !== 'https:') return 'not_https';
    if (url.username || url.password) return 'credentials_in_url';
    return allowed.has(url.hostname.toLowerCase()) ? null : 'host_not_allowed';
  }

  async function download(url: string): Promise<{ bytes: Buffer; contentType: string } | string> {
    let res: Response;
    try {
      res = await fetchImpl(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const name = (err as { name?: string }).name;
      throw new RecordingFetchError(name === 'TimeoutError' ? 'timeout' : 'network');
    }
    if (res.status >= 500 || res.status === 429) throw new RecordingFetchError(`http_${res.status}`);
    if (res.status !== 200) return `http_${res.status}`; // a redirect too: it could lead off the allowed hosts
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!contentType.startsWith('audio/')) return 'not_audio';
    if (Number(res.headers.get('content-length') ?? 0) > deps.maxBytes) return 'too_large';
    // Read at most maxBytes, whatever the length header said.
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    if (!reader) return 'empty';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > deps.maxBytes) {
          await reader.cancel();
          return 'too_large';
        }
        chunks.push(Buffer.from(value));
      }
    } catch {
      throw new RecordingFetchError('network');
    }
    if (size === 0) return 'empty';
    return { bytes: Buffer.concat(chunks), contentType };
  }

  return {
    /** The "voice-recording" job: fetch and store the recording of one call. Idempotent. */
    async fetch(callId: string): Promise<Outcome> {
      const call = await repos.calls.get(callId);
      if (!call?.recordingUrlEnc) return 'none';
      if (await repos.recordings.byCall(callId)) return 'already';
      const url = vault.decrypt(call.recordingUrlEnc);
      const fetched = refusal(url) ?? (await download(url));
      if (typeof fetched === 'string') {
        // A short reason code (host_not_allowed, not_audio, too_large…), never the URL.
        await repos.calls.update(callId, { lastError: `recording: ${fetched}` });
        log.warn({ callId, refused: fetched }, 'voice: recording not fetched');
        return `refused: ${fetched}`;
      }
      const report = call.reportReference ? await repos.recordings.reportByReference(call.reportReference) : null;
      await repos.recordings.add({
        callId,
        reportId: report?.id ?? null,
        bytes: vault.sealBytes(fetched.bytes),
        contentType: fetched.contentType,
        size: fetched.bytes.length,
      });
      log.info({ callId, size: fetched.bytes.length }, 'voice: recording stored');
      return 'stored';
    },

    /** The decrypted audio for one play, audited in the hash chain; null when it is not there or not theirs. */
    async play(id: string, who: { actor: string; mayRead: (pcode: string | null) => boolean }) {
      const row = await repos.recordings.audio(id);
      if (!row) return null;
      // Stored before intake made its report: linked now.
      let report = row.report;
      if (!report && row.call.reportReference) {
        report = await repos.recordings.reportByReference(row.call.reportReference);
        if (report) await repos.recordings.linkReport(id, report.id);
      }
      if (!who.mayRead(report?.locationPcode ?? null)) return null;
      await repos.alerts.audit({
        entity: 'recording',
        entityId: id,
        action: 'recording_played',
        fromState: null,
        toState: null,
        actor: who.actor,
        channel: 'dashboard',
        reason: null,
        details: report ? { reportId: report.id } : null,
      });
      return { bytes: vault.openBytes(Buffer.from(row.bytes)), contentType: row.contentType };
    },
  };
}
export type RecordingsService = ReturnType<typeof createRecordingsService>;
