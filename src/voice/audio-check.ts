// Checks an uploaded prompt before it is served to the provider: the declared type is what the bytes are
// (an MP3 or a PCM WAV), the size is at most 1 MB, and a WAV lasts between 0.2 s and 60 s (read from its
// header: cheap; an MP3's length would need its frames decoded, so only its size bounds it). Pure.

export const PROMPT_MAX_BYTES = 1024 * 1024;
const MIN_MS = 200;
const MAX_MS = 60_000;

export type AudioCheck =
  { ok: true; contentType: 'audio/mpeg' | 'audio/wav'; durationMs: number | null } | { ok: false; problem: string };

const WAV_TYPES = new Set(['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave']);

function isMp3(b: Buffer): boolean {
  if (b.subarray(0, 3).toString('latin1') === 'ID3') return true;
  return b.length > 1 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0;
}

/** The duration of a RIFF/WAVE file from its fmt and data chunks, or a problem. */
function wavDurationMs(b: Buffer): number | string {
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') return 'not a WAV file';
  let byteRate = 0;
  for (let at = 12; at + 8 <= b.length;) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 20 <= b.length) byteRate = b.readUInt32LE(at + 16);
    if (id === 'data') {
      if (byteRate <= 0) return 'WAV without a format chunk';
      // A streamed WAV may say 0xFFFFFFFF: count what is there.
      const bytes = Math.min(size, b.length - at - 8);
      return Math.round((bytes / byteRate) * 1000);
    }
    at += 8 + size + (size % 2);
  }
  return 'WAV without audio data';
}

export function checkPromptAudio(bytes: Buffer, declared: string): AudioCheck {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (bytes.length === 0) return { ok: false, problem: 'the file is empty' };
  if (bytes.length > PROMPT_MAX_BYTES) return { ok: false, problem: `the file is larger than ${PROMPT_MAX_BYTES} bytes (1 MB)` };
  if (type === 'audio/mpeg' || type === 'audio/mp3') {
    if (!isMp3(bytes)) return { ok: false, problem: 'the file is not an MP3' };
    return { ok: true, contentType: 'audio/mpeg', durationMs: null };
  }
  if (WAV_TYPES.has(type)) {
    const ms = wavDurationMs(bytes);
    if (typeof ms === 'string') return { ok: false, problem: ms };
    if (ms < MIN_MS || ms > MAX_MS) return { ok: false, problem: `the recording lasts ${ms / 1000} s (0.2 to 60 s)` };
    return { ok: true, contentType: 'audio/wav', durationMs: ms };
  }
  return { ok: false, problem: `type ${type || 'unknown'}: only audio/mpeg (MP3) or audio/wav` };
}

/** A PCM WAV of `ms` of silence (tests, and the shape espeak-ng writes). */
export function silentWav(ms: number, sampleRate = 8000): Buffer {
  const data = Buffer.alloc(Math.round((sampleRate * 2 * ms) / 1000));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
