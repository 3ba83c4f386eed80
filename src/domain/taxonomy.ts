// The contract of ../shared/TAXONOMY.md as data: category codes, default severities, routing.
export const CATEGORIES = [
  'FONCIER',
  'INTERCOM',
  'ARMES',
  'ATTAQUE',
  'VOL_BETAIL',
  'VBG',
  'RECRUT',
  'DEPLACEMENT',
  'RUMEUR',
  'GOUVERNANCE',
  'AUTRE',
  'NON_ALERTE',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Severity = 0 | 1 | 2 | 3;

export const LANGUAGES = ['fr', 'bm', 'ff', 'son'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Committee types a P-code can be configured with. */
export const COMMITTEE_TYPES = ['CCS', 'COFO', 'VBG_FOCAL', 'HUMANITARIAN', 'COORDINATION'] as const;
export type CommitteeType = (typeof COMMITTEE_TYPES)[number];

export type AdminLevel = 'region' | 'cercle' | 'commune';

interface CategoryRule {
  /** TAXONOMY "default severity". */
  defaultSeverity: Severity;
  /** Committee types of the place that receive the alert (TAXONOMY "routed to"). */
  routedTo: readonly CommitteeType[];
  /** Also copy the alert at once to the CCS of the region (ATTAQUE). */
  copyRegionalCcs: boolean;
}

export const CATEGORY_RULES: Readonly<Record<Category, CategoryRule>> = {
  FONCIER: { defaultSeverity: 2, routedTo: ['COFO'], copyRegionalCcs: false },
  INTERCOM: { defaultSeverity: 2, routedTo: ['CCS', 'COFO'], copyRegionalCcs: false },
  ARMES: { defaultSeverity: 2, routedTo: ['CCS'], copyRegionalCcs: false },
  ATTAQUE: { defaultSeverity: 3, routedTo: ['CCS'], copyRegionalCcs: true },
  VOL_BETAIL: { defaultSeverity: 2, routedTo: ['CCS'], copyRegionalCcs: false },
  VBG: { defaultSeverity: 2, routedTo: ['VBG_FOCAL', 'CCS'], copyRegionalCcs: false },
  RECRUT: { defaultSeverity: 2, routedTo: ['CCS'], copyRegionalCcs: false },
  DEPLACEMENT: { defaultSeverity: 2, routedTo: ['CCS', 'HUMANITARIAN'], copyRegionalCcs: false },
  RUMEUR: { defaultSeverity: 1, routedTo: ['CCS'], copyRegionalCcs: false },
  GOUVERNANCE: { defaultSeverity: 1, routedTo: ['COORDINATION', 'CCS'], copyRegionalCcs: false },
  AUTRE: { defaultSeverity: 1, routedTo: [], copyRegionalCcs: false },
  NON_ALERTE: { defaultSeverity: 0, routedTo: [], copyRegionalCcs: false },
};

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
