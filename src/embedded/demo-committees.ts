// Demo committees of the embedded default, for a few communes of Mopti and Ségou: fictional people,
// fictional numbers (listed in the README so a newcomer can play each role in the simulator).
export interface DemoCommittee {
  name: string;
  type: 'CCS' | 'COFO' | 'VBG_FOCAL' | 'HUMANITARIAN' | 'COORDINATION';
  pcode: string;
  level: 'commune' | 'cercle' | 'region' | 'country';
  focalPoints: { name: string; phone: string; rank: number }[];
}

const commune = (name: string, pcode: string, n: number): DemoCommittee[] => [
  {
    name: `CCS de ${name}`,
    type: 'CCS',
    pcode,
    level: 'commune',
    focalPoints: [
      { name: `Président CCS ${name}`, phone: `+223700001${n}1`, rank: 1 },
      { name: `Secrétaire CCS ${name}`, phone: `+223700001${n}2`, rank: 2 },
    ],
  },
  {
    name: `COFO de ${name}`,
    type: 'COFO',
    pcode,
    level: 'commune',
    focalPoints: [
      { name: `Président COFO ${name}`, phone: `+223700002${n}1`, rank: 1 },
      { name: `Membre COFO ${name}`, phone: `+223700002${n}2`, rank: 2 },
    ],
  },
];

const cercle = (name: string, pcode: string, n: number): DemoCommittee[] => [
  {
    name: `CCS du cercle de ${name}`,
    type: 'CCS',
    pcode,
    level: 'cercle',
    focalPoints: [{ name: `Préfet adjoint ${name}`, phone: `+223700003${n}1`, rank: 1 }],
  },
  {
    name: `Point focal VBG du cercle de ${name}`,
    type: 'VBG_FOCAL',
    pcode,
    level: 'cercle',
    focalPoints: [{ name: `Point focal femmes ${name}`, phone: `+223700004${n}1`, rank: 1 }],
  },
];

export const DEMO_COMMITTEES: DemoCommittee[] = [
  ...commune('Djenné', 'ML050303', 1),
  ...commune('Bankass', 'ML050201', 2),
  ...commune('Koro', 'ML050512', 3),
  ...commune('Niono', 'ML040406', 4),
  ...commune('Macina', 'ML040305', 5),
  ...cercle('Djenné', 'ML0503', 1),
  ...cercle('Bankass', 'ML0502', 2),
  ...cercle('Koro', 'ML0505', 3),
  ...cercle('Niono', 'ML0404', 4),
  ...cercle('Macina', 'ML0403', 5),
  {
    name: 'CCS régional de Mopti',
    type: 'CCS',
    pcode: 'ML05',
    level: 'region',
    focalPoints: [{ name: 'Gouvernorat Mopti', phone: '+22370000501', rank: 1 }],
  },
  {
    name: 'CCS régional de Ségou',
    type: 'CCS',
    pcode: 'ML04',
    level: 'region',
    focalPoints: [{ name: 'Gouvernorat Ségou', phone: '+22370000502', rank: 1 }],
  },
  {
    name: 'Secrétariat national de coordination',
    type: 'COORDINATION',
    pcode: 'ML',
    level: 'country',
    focalPoints: [{ name: 'Coordinateur national', phone: '+22370000900', rank: 1 }],
  },
];
