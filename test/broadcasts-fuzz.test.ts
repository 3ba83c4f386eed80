// Hostile and random input at the prevention-message doors (contacts, CSV import, drafts, approval,
// sending, the opt-out callback, SMS words): never a 5xx, a clear 4xx, and nothing sent by accident.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form } from './helpers/africastalking.ts';
import { startGateway, type TestGateway } from './helpers/gateway.ts';
import { parseAiring, parseOptCommand } from '../src/broadcasts/keywords.ts';
import { parseContactsCsv, ContactsCsvError } from '../src/broadcasts/contacts-csv.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  await gw.rt.container.users.create({ email: 'fuzz@sabali.test', password: 'a long enough password', role: 'coordinator' });
});
afterAll(async () => {
  await gw?.stop();
});

const hostile = fc.constantFrom(
  "'; DROP TABLE contacts; --",
  '<script>alert(1)</script>',
  '\u202eevil\u202c',
  '😀👍🏽🇲🇱',
  '\u0000\u0001',
  'ɛɔɲŋ ɓɗƴ',
  '+22376123421',
  ' 22376123421',
  'MTN',
  '',
  ' ',
  'a'.repeat(2000),
  'ML050303',
  'fuzz@sabali.test',
  'DAAAA',
);
const text = fc.oneof(fc.string({ maxLength: 200 }), hostile);
const json = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      actor: text,
      audience: text,
      zones: fc.array(text),
      texts: fc.dictionary(text, text),
      alert: text,
      incidentId: text,
      budget: fc.integer(),
      fold: fc.boolean(),
      confirmOverBudget: fc.boolean(),
      reason: text,
    },
    { requiredKeys: [] },
  ),
);
const post = (path: string, body: unknown) =>
  gw.http
    .post(path)
    .set('Authorization', `Bearer ${gw.adminToken}`)
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));

describe('prevention messages under random input', () => {
  it('API writes answer a clear 4xx (or 201 for a valid contact), never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/contacts',
          '/api/broadcasts',
          '/api/broadcasts/x/approve',
          '/api/broadcasts/DAAAA/send',
          '/api/broadcasts/00000000-0000-0000-0000-000000000000/cancel',
        ),
        json,
        async (path, body) => {
          const res = await post(path, body);
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error.message).toBeTruthy();
        },
      ),
      { numRuns: 80 },
    );
    expect(await gw.rt.db.prisma.broadcast.count()).toBe(0);
    expect(await gw.rt.db.prisma.outboundMessage.count({ where: { purpose: 'broadcast' } })).toBe(0);
  }, 90_000);

  it('CSV imports and the opt-out callback answer 200 or a clear 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, async (csv, phoneNumber, senderId) => {
        const imported = await gw.http
          .post('/api/contacts/import')
          .set('Authorization', `Bearer ${gw.adminToken}`)
          .type('text/csv')
          .send(`phone,role,zones\n${csv}`);
        expect([200, 400]).toContain(imported.status);
        const res = await gw.http
          .post(`/webhooks/africastalking/opt-out?key=${gw.webhookKey}`)
          .type('form')
          .send(form({ phoneNumber, senderId }));
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  }, 90_000);

  it('the SMS word parsers and the CSV reader never throw on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), hostile), (t) => {
        parseOptCommand(t);
        parseAiring(t);
        try {
          parseContactsCsv(t);
        } catch (err) {
          expect(err).toBeInstanceOf(ContactsCsvError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
