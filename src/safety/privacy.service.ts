// Reporters' numbers: an audited reveal for the admin, retention purge, erasure of one number on
// request, and background re-encryption after a key rotation.
import type { Repositories } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { normalisePhone } from '../phone/phone.ts';
import type { PhoneVault } from '../security/phone-vault.ts';

export class RevealError extends Error {
  constructor(
    readonly code: 'not_found' | 'purged',
    message: string,
  ) {
    super(message);
  }
}

export function createPrivacyService(deps: { repos: Repositories; vault: PhoneVault; retentionDays: number; log: Logger }) {
  const { repos, vault, log } = deps;
  let lastPurge = 0;

  const service = {
    /** Shows one reporter's number to an authorised person; the reason and who asked go to the audit log. */
    async reveal(pseudonym: string, actor: string, reason: string): Promise<string> {
      const reporter = await repos.privacy.reporterByPseudonym(pseudonym);
      if (!reporter) throw new RevealError('not_found', `no reporter ${pseudonym}`);
      if (!reporter.phoneEnc) throw new RevealError('purged', `the number of ${pseudonym} was purged`);
      await repos.alerts.audit({
        entity: 'reporter',
        entityId: pseudonym,
        action: 'reveal_number',
        fromState: null,
        toState: null,
        actor,
        channel: 'api',
        reason,
        details: null,
      });
      log.warn({ pseudonym, actor: actor.split(':')[0] }, 'reporter number revealed');
      return vault.decrypt(reporter.phoneEnc);
    },

    /** Forgets the numbers of reporters with no open incident after the retention period; reports stay. */
    async purge(now = new Date()): Promise<number> {
      const cutoff = new Date(now.getTime() - deps.retentionDays * 86_400_000);
      let total = 0;
      for (let n = -1; n !== 0;) {
        n = await repos.privacy.purgeBefore(cutoff);
        total += n;
      }
      if (total > 0) {
        await repos.alerts.audit({
          entity: 'privacy',
          entityId: 'retention',
          action: 'retention_purge',
          fromState: null,
          toState: null,
          actor: 'system',
          channel: 'retention',
          reason: `numbers older than ${deps.retentionDays} days with no open incident`,
          details: { reporters: total },
        });
      }
      return total;
    },

    /** Data-subject request: everything about this number is erased. */
    async forget(rawNumber: string, actor: string): Promise<{ messages: number; sent: number; reporter: boolean }> {
      const { e164 } = normalisePhone(rawNumber);
      const result = await repos.privacy.erase(vault.hash(e164 ?? rawNumber.trim()));
      await repos.alerts.audit({
        entity: 'privacy',
        entityId: 'erasure',
        action: 'data_subject_erased',
        fromState: null,
        toState: null,
        actor,
        channel: 'cli',
        reason: 'request of the person concerned',
        details: result,
      });
      return result;
    },

    /** Re-encrypts what an older key sealed, a batch at a time (safe to run alongside traffic). */
    rekey: (batch = 200) => repos.privacy.reseal(vault.currentPrefix, (sealed) => vault.encrypt(vault.decrypt(sealed)), batch),

    /** Run by the workers' periodic sweep: a re-encryption batch, and the purge at most once an hour. */
    async maintain(now = new Date()): Promise<void> {
      const resealed = await service.rekey();
      if (resealed > 0) log.info({ resealed }, 're-encrypted phone numbers under the current key');
      if (now.getTime() - lastPurge > 3_600_000) {
        lastPurge = now.getTime();
        const purged = await service.purge(now);
        if (purged > 0) log.info({ purged }, 'retention purge');
      }
    },
  };
  return service;
}
export type PrivacyService = ReturnType<typeof createPrivacyService>;
