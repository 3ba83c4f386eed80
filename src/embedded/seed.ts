// Seeds the demo committees (idempotent: same P-code and type replace the earlier ones).
import type { Repositories } from '../db/index.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { DEMO_COMMITTEES, type DemoCommittee } from './demo-committees.ts';

export async function seedCommittees(
  repos: Repositories,
  vault: PhoneVault,
  committees: DemoCommittee[] = DEMO_COMMITTEES,
): Promise<number> {
  for (const c of committees) {
    await repos.committees.upsert({
      name: c.name,
      type: c.type,
      pcode: c.pcode,
      level: c.level,
      focalPoints: c.focalPoints.map((f) => ({
        name: f.name,
        rank: f.rank,
        language: 'fr',
        phoneHash: vault.hash(f.phone),
        phoneEnc: vault.encrypt(f.phone),
      })),
    });
  }
  return committees.length;
}
