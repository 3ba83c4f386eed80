// `npm run -s classify` contract: one JSON line out per JSON line in, errors as lines, never a crash.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

function run(input: string): Record<string, unknown>[] {
  const out = spawnSync(process.execPath, ['--import', 'tsx', cli], { cwd: root, input, encoding: 'utf8', timeout: 20_000 });
  expect(out.status).toBe(0);
  return out.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('classify CLI (JSON lines on stdin)', () => {
  it('answers every line in order, errors included, without crashing', () => {
    const input = [
      JSON.stringify({ id: 'a1', text: 'ya palabre champ peul ds vil de Djenne' }),
      'not json at all',
      JSON.stringify({ id: 'a2' }),
      JSON.stringify({ text: 'RAS' }),
      '',
      JSON.stringify({ id: 'a3', text: 'RAS' }),
      '[1,2]',
      `${JSON.stringify({ id: 'a4', text: 'bandiw ye misiw sonya Bankass' })}\r`,
      JSON.stringify({ id: 'a5', text: 'bandiw ye misiw ta, vol de boeufs a Niono' }),
      JSON.stringify({ id: 'a6', text: 'attaque a Sofara', knownPcode: 'ML0503' }),
    ].join('\n');
    const lines = run(input);
    expect(lines).toHaveLength(9); // the blank line is not an input
    expect(lines[0]).toEqual({
      id: 'a1',
      category: 'FONCIER',
      severity: 2,
      language: 'fr',
      confidence: expect.any(Number),
      commune: { pcode: 'ML050303', name: 'Djenné' },
      cercle: { pcode: 'ML0503', name: 'Djenné' },
      triage: expect.any(Boolean),
    });
    expect(lines[1]).toEqual({ id: null, error: expect.stringMatching(/invalid JSON/) });
    expect(lines[2]).toEqual({ id: 'a2', error: expect.stringMatching(/text/) });
    expect(lines[3]).toEqual({ id: null, error: expect.stringMatching(/id/) });
    expect(lines[4]).toMatchObject({ id: 'a3', category: 'NON_ALERTE', severity: 0, commune: null, cercle: null });
    expect(lines[5]).toEqual({ id: null, error: expect.stringMatching(/expected/) });
    expect(lines[6]).toMatchObject({ id: 'a4', category: 'VOL_BETAIL', language: 'bm', commune: { pcode: 'ML050201' } });
    expect(lines[7]).toMatchObject({ id: 'a5', category: 'VOL_BETAIL', language: 'mix', cercle: { pcode: 'ML0404' } });
    expect(lines[8]).toMatchObject({
      id: 'a6',
      category: 'ATTAQUE',
      commune: { pcode: 'ML050304', name: 'Fakala' },
      cercle: { pcode: 'ML0503' },
    });
  });

  it('says which reports the gateway would send to triage instead of a committee', () => {
    const [sure, unsure, urgent] = run(
      [
        JSON.stringify({ id: 's', text: 'Bjr, des hommes armes ont attaque le village de Dinangourou, 3 morts et 2 blesses' }),
        JSON.stringify({ id: 'u', text: 'stop aux violences a Koro' }),
        JSON.stringify({ id: 'x', text: 'tirs Koro' }),
      ].join('\n'),
    );
    expect(sure).toMatchObject({ id: 's', category: 'ATTAQUE', triage: false });
    expect(unsure).toMatchObject({ id: 'u', triage: true });
    expect(urgent).toMatchObject({ id: 'x', category: 'ATTAQUE', severity: 3, triage: true }); // alerted at once, and flagged
  });

  it('prints nothing for empty input', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', cli], { cwd: root, input: '', encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('');
  });
});
