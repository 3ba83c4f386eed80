// What a radio animator's upload must be for the provider to play it.
import { describe, expect, it } from 'vitest';
import { checkPromptAudio, silentWav } from './audio-check.ts';

const mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000, 1)]);
const frames = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(1000)]);

describe('checkPromptAudio', () => {
  it.each([
    ['an MP3 with tags', mp3, 'audio/mpeg', { ok: true, contentType: 'audio/mpeg', durationMs: null }],
    ['an MP3 of bare frames', frames, 'audio/mpeg', { ok: true, contentType: 'audio/mpeg' }],
    ['a 1.5 s WAV', silentWav(1500), 'audio/wav', { ok: true, contentType: 'audio/wav', durationMs: 1500 }],
    ['a WAV named x-wav', silentWav(800), 'audio/x-wav', { ok: true, contentType: 'audio/wav', durationMs: 800 }],
    ['a WAV said to be an MP3', silentWav(800), 'audio/mpeg', { ok: false, problem: 'the file is not an MP3' }],
    ['an MP3 said to be a WAV', mp3, 'audio/wav', { ok: false, problem: 'not a WAV file' }],
    ['a WAV too short', silentWav(50), 'audio/wav', { ok: false, problem: 'the recording lasts 0.05 s (0.2 to 60 s)' }],
    ['a WAV too long', silentWav(61_000, 4000), 'audio/wav', { ok: false, problem: 'the recording lasts 61 s (0.2 to 60 s)' }],
    ['larger than 1 MB', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(1024 * 1024)]), 'audio/mpeg', { ok: false }],
    ['another type', mp3, 'video/mp4', { ok: false, problem: 'type video/mp4: only audio/mpeg (MP3) or audio/wav' }],
    ['empty', Buffer.alloc(0), 'audio/mpeg', { ok: false, problem: 'the file is empty' }],
  ])('%s', (_label, bytes, type, expected) => {
    expect(checkPromptAudio(bytes, type)).toMatchObject(expected);
  });
});
