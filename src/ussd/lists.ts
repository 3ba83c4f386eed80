// The numbered lists of the place screens (regions, cercles, communes, villages found), paged the same
// way for the state machine (what "3" means) and for the screens (what is shown).
import { getUnit } from '../geo/admin.ts';
import { childrenOf, regions } from './admin-lists.ts';
import { LABEL_MAX, paginate, type Page } from './paging.ts';
import { clip, screenText } from './text.ts';
import type { Frame } from './types.ts';
import { getVillage } from './villages.ts';

export interface MenuList {
  /** P-codes (places) or settlement codes (villages), in order. */
  values: readonly string[];
  labels: readonly string[];
  pages: readonly Page[];
}

const EMPTY: MenuList = { values: [], labels: [], pages: [{ start: 0, end: 0 }] };
const cache = new Map<string, MenuList>();

/** The name of a P-code as a screen shows it. */
export function placeName(pcode: string): string {
  const unit = getUnit(pcode);
  return unit ? screenText(unit.name) : pcode;
}

function build(values: readonly string[], labels: readonly string[]): MenuList {
  const clipped = labels.map((l) => clip(l, LABEL_MAX));
  return { values, labels: clipped, pages: paginate(clipped) };
}

function adminList(key: string, units: readonly { pcode: string; name: string }[]): MenuList {
  let list = cache.get(key);
  if (!list) {
    list = build(
      units.map((u) => u.pcode),
      units.map((u) => screenText(u.name)),
    );
    cache.set(key, list);
  }
  return list;
}

/** "Sofara (Fakala)"; the cercle instead when the commune has the village's name; the region if still ambiguous. */
export function villageLabels(codes: readonly string[]): string[] {
  const parts = codes.map((code) => {
    const v = getVillage(code);
    const commune = v ? getUnit(v.commune) : undefined;
    const cercle = commune?.parentPcode ? getUnit(commune.parentPcode) : undefined;
    const name = screenText(v?.name ?? code);
    const communeName = commune ? screenText(commune.name) : '';
    const where =
      communeName && communeName.toLowerCase() !== name.toLowerCase()
        ? communeName
        : cercle
          ? screenText(cercle.name)
          : communeName;
    const region = cercle?.parentPcode ? placeName(cercle.parentPcode) : '';
    return { name, where, region };
  });
  const label = (name: string, where: string) => {
    const full = `${name} (${where})`;
    return full.length <= LABEL_MAX ? full : `${clip(name, Math.max(10, LABEL_MAX - where.length - 3))} (${where})`;
  };
  const labels = parts.map((p) => label(p.name, p.where));
  return labels.map((l, i) => {
    const p = parts[i];
    return p && p.region && labels.indexOf(l) !== labels.lastIndexOf(l) ? label(p.name, `${p.where}, ${p.region}`) : l;
  });
}

export function listFor(frame: Frame): MenuList {
  switch (frame.screen) {
    case 'region':
      return adminList('regions', regions());
    case 'cercle':
    case 'commune':
      return frame.parent ? adminList(frame.parent, childrenOf(frame.parent)) : EMPTY;
    case 'villagePick': {
      const codes = frame.matches ?? [];
      return build(codes, villageLabels(codes));
    }
    default:
      return EMPTY;
  }
}

/** Options of the place screen, in order: the last place first when known. */
export type WhereOption = 'last' | 'list' | 'village';
export function whereOptions(last: string | null): WhereOption[] {
  return last && getUnit(last) ? ['last', 'list', 'village'] : ['list', 'village'];
}
