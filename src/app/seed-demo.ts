// Seeds the demo committees into an empty directory, through the same service (and audit) an operator uses.
import type { CommitteesService } from '../committees/committees.service.ts';
import { MACHINE } from '../users/roles.ts';
import { DEMO_COMMITTEES, type DemoCommittee } from '../embedded/demo-committees.ts';

export async function seedCommittees(committees: CommitteesService, list: DemoCommittee[] = DEMO_COMMITTEES): Promise<number> {
  for (const c of list) {
    await committees.create(
      {
        name: c.name,
        type: c.type,
        level: c.level,
        coverage: [c.pcode],
        focalPoints: c.focalPoints.map((f) => ({ name: f.name, phone: f.phone, role: f.rank === 1 ? 'primary' : 'backup' })),
      },
      { principal: MACHINE, channel: 'seed', reason: 'demo committees (SEED_DEMO)' },
    );
  }
  return list.length;
}
