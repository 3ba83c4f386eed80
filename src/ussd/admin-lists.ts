// Region → cercle → commune lists for the menu: regions in P-code order (as Malians number them),
// cercles and communes alphabetically.
import { allUnits, type AdminUnit } from '../geo/admin.ts';
import { screenText } from './text.ts';

const REGIONS: readonly AdminUnit[] = allUnits()
  .filter((u) => u.level === 'region')
  .sort((a, b) => a.pcode.localeCompare(b.pcode));

const CHILDREN = new Map<string, AdminUnit[]>();
for (const unit of allUnits()) {
  if (!unit.parentPcode) continue;
  const list = CHILDREN.get(unit.parentPcode) ?? [];
  list.push(unit);
  CHILDREN.set(unit.parentPcode, list);
}
for (const list of CHILDREN.values()) list.sort((a, b) => screenText(a.name).localeCompare(screenText(b.name)));

export function regions(): readonly AdminUnit[] {
  return REGIONS;
}

/** Cercles of a region, communes of a cercle; [] for a commune or an unknown P-code. */
export function childrenOf(pcode: string): readonly AdminUnit[] {
  return CHILDREN.get(pcode) ?? [];
}
