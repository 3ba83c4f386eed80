import { describe, expect, it } from 'vitest';
import { escalationStep, upperPcodes, voiceCallFirst, type CommitteeWithFps } from './escalation.ts';

const fp = (id: string, rank: number) => ({ id, rank, phoneEnc: 'x' });
const ccsCommune: CommitteeWithFps = {
  id: 'ccs-c',
  type: 'CCS',
  pcode: 'ML050303',
  name: 'CCS de Djenné',
  focalPoints: [fp('p1', 1), fp('b1', 2)],
};
const cofoCommune: CommitteeWithFps = {
  id: 'cofo-c',
  type: 'COFO',
  pcode: 'ML050303',
  name: 'COFO de Djenné',
  focalPoints: [fp('p2', 1)],
};
const ccsCercle: CommitteeWithFps = {
  id: 'ccs-cercle',
  type: 'CCS',
  pcode: 'ML0503',
  name: 'CCS du cercle',
  focalPoints: [fp('p3', 1)],
};
const ccsRegion: CommitteeWithFps = {
  id: 'ccs-region',
  type: 'CCS',
  pcode: 'ML05',
  name: 'CCS régional',
  focalPoints: [fp('p4', 1)],
};
const coord: CommitteeWithFps = {
  id: 'coord',
  type: 'COORDINATION',
  pcode: 'ML',
  name: 'Coordination',
  focalPoints: [fp('p5', 1)],
};
const all = [ccsCommune, cofoCommune, ccsCercle, ccsRegion, coord];

describe('escalation steps', () => {
  it('computes the chain above a commune', () => {
    expect(upperPcodes('ML050303')).toEqual(['ML0503', 'ML05', 'ML']);
    expect(upperPcodes('ML0503')).toEqual(['ML05', 'ML']);
  });

  it.each([
    [1, 'backup', 'ccs-c', ['b1']],
    [2, 'committee', 'ccs-cercle', ['p3']],
    [3, 'committee', 'ccs-region', ['p4']],
    [4, 'coordination', 'coord', ['p5']],
  ])('a commune CCS alert at level %i goes to the %s %s', (level, kind, committee, recipients) => {
    const step = escalationStep(level, ccsCommune, all, new Set(['p1']));
    expect(step.kind).toBe(kind);
    if (step.kind !== 'expire') {
      expect(step.committee.id).toBe(committee);
      expect(step.recipients.map((r) => r.id)).toEqual(recipients);
    }
  });

  it('skips the backup of a retired committee: its alert escalates past it, to the cercle', () => {
    const step = escalationStep(1, ccsCommune, all, new Set(['p1']), new Set(), true);
    expect(step).toMatchObject({ level: 2, kind: 'committee', committee: { id: 'ccs-cercle' } });
  });

  it('finds the level above through what a committee covers, not only its seat', () => {
    const dogon = { ...ccsCercle, id: 'ccs-dogon', pcode: 'ML0501', coverage: ['ML0501', 'ML0503'] };
    const step = escalationStep(2, ccsCommune, [ccsCommune, dogon, coord], new Set(['p1', 'b1']));
    expect(step).toMatchObject({ level: 2, kind: 'committee', committee: { id: 'ccs-dogon' } });
  });

  it('skips a committee with no backup straight to the level above (COFO → cercle CCS)', () => {
    const step = escalationStep(1, cofoCommune, all, new Set(['p2']));
    expect(step).toMatchObject({ level: 2, kind: 'committee', committee: { id: 'ccs-cercle' } });
  });

  it('expires after the coordination', () => {
    expect(escalationStep(5, ccsCommune, all, new Set()).kind).toBe('expire');
    expect(escalationStep(4, ccsCommune, all, new Set(['p5'])).kind).toBe('expire');
  });
});

describe('one incident reaches each person once', () => {
  it('skips the region when the regional CCS holds its own alert of the incident (an attack copied to the region)', () => {
    const step = escalationStep(3, ccsCommune, all, new Set(['p1', 'b1', 'p3', 'p4']), new Set(['ccs-c', 'ccs-region']));
    expect(step).toMatchObject({ level: 4, kind: 'coordination', committee: { id: 'coord' } });
  });

  it('expires rather than reach the coordination twice when another alert of the incident got there first', () => {
    expect(escalationStep(4, ccsRegion, all, new Set(['p4', 'p5']), new Set(['ccs-region', 'ccs-c'])).kind).toBe('expire');
  });

  it('still reaches the backup of a committee holding the alert itself', () => {
    expect(escalationStep(1, ccsCommune, all, new Set(['p1']), new Set(['ccs-c']))).toMatchObject({
      kind: 'backup',
      recipients: [{ id: 'b1' }],
    });
  });
});

describe('voiceCallFirst', () => {
  it.each([
    ['a silent severity-3 alert at its first escalation', 1, 3, 0, false, true],
    ['not twice', 1, 3, 0, true, false],
    ['not below severity 3', 1, 2, 0, false, false],
    ['not past the first level', 2, 3, 1, false, false],
  ])('%s', (_label, level, severity, escalationLevel, calledAlready, expected) => {
    expect(voiceCallFirst({ level, severity, escalationLevel, calledAlready })).toBe(expected);
  });
});
