// Mali administrative units (OCHA COD-AB 2021 P-codes) from reference/mali-admin.csv, loaded once.
import type { AdminLevel } from '../domain/taxonomy.ts';
import { readCsv } from './csv.ts';

export type { AdminLevel };

export type AdminUnit = {
  pcode: string;
  level: AdminLevel;
  name: string;
  parentPcode: string | null;
  lat: number;
  lon: number;
};

const LEVELS: Readonly<Record<string, AdminLevel>> = { '1': 'region', '2': 'cercle', '3': 'commune' };

function load(): Map<string, AdminUnit> {
  const units = new Map<string, AdminUnit>();
  for (const row of readCsv(new URL('../../reference/mali-admin.csv', import.meta.url))) {
    const level = LEVELS[row.level ?? ''];
    const pcode = row.pcode ?? '';
    if (!level || !/^ML\d{2,6}$/.test(pcode)) {
      throw new Error(`reference/mali-admin.csv: bad row ${JSON.stringify(row)}`);
    }
    units.set(pcode, {
      pcode,
      level,
      name: row.name ?? '',
      parentPcode: row.parent_pcode ? row.parent_pcode : null,
      lat: Number(row.lat),
      lon: Number(row.lon),
    });
  }
  return units;
}

const UNITS = load();
const ALL: readonly AdminUnit[] = Object.freeze([...UNITS.values()].map((u) => Object.freeze(u)));

export function getUnit(pcode: string): AdminUnit | undefined {
  return UNITS.get(pcode);
}

/** The unit itself first, then its cercle, then its region; [] for an unknown P-code. */
export function ancestors(pcode: string): AdminUnit[] {
  const chain: AdminUnit[] = [];
  let unit = UNITS.get(pcode);
  while (unit) {
    chain.push(unit);
    unit = unit.parentPcode ? UNITS.get(unit.parentPcode) : undefined;
  }
  return chain;
}

/** For a commune its cercle, for a cercle itself; null for a region or an unknown P-code. */
export function cercleOf(pcode: string): AdminUnit | null {
  return ancestors(pcode).find((u) => u.level === 'cercle') ?? null;
}

/** The region (admin1) of any unit, itself for a region; null for an unknown P-code. */
export function regionOf(pcode: string): AdminUnit | null {
  return ancestors(pcode).find((u) => u.level === 'region') ?? null;
}

export function allUnits(): readonly AdminUnit[] {
  return ALL;
}
