// The peer for bench/ussd.bench.ts: the same six screens (language, what, region, cercle, commune, confirm)
// on ussd-menu-builder, the library most Node USSD services use, with its session data in Redis.
// One menu per request: the library keeps the request's state on the menu object, so a shared one mixes answers.
import express from 'express';
import { Redis } from 'ioredis';
import UssdMenu from 'ussd-menu-builder';
import { childrenOf, regions } from '../../src/ussd/admin-lists.ts';
import { screenText } from '../../src/ussd/text.ts';
import { dropKeys } from '../lib/redis-keys.ts';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const prefix = `peer${process.pid}`;
const key = (sessionId: string) => `${prefix}:session:${sessionId}`;
const numbered = (title: string, items: readonly string[]) =>
  [title, ...items.slice(0, 8).map((label, i) => `${i + 1} ${label}`)].join('\n');
const REGIONS = regions();

function menuFor(): UssdMenu {
  const menu = new UssdMenu();
  menu.on('error', () => undefined);
  menu.sessionConfig({
    start: async (sessionId) => redis.expire(key(sessionId), 600),
    end: async (sessionId) => redis.del(key(sessionId)),
    set: async (sessionId, name, value) => redis.hset(key(sessionId), name, String(value)),
    get: async (sessionId, name) => redis.hget(key(sessionId), name),
  });
  menu.startState({
    run: () => menu.con('Sabali - Langue / Kan / Demngal / Senni:\n1 Francais\n2 Bamanankan\n3 Fulfulde\n4 Songay'),
    next: { '*^[1-4]$': 'category' },
  });
  menu.state('category', {
    run: async () => {
      await menu.session.set('lang', menu.val);
      menu.con(
        numbered('Que se passe-t-il?', [
          'Attaque, tuerie, rapt',
          'Hommes armes',
          'Champ, betail, terre',
          'Vol de betail',
          'Menace entre groupes',
        ]),
      );
    },
    next: { '*^[1-5]$': 'region' },
  });
  menu.state('region', {
    run: async () => {
      await menu.session.set('category', menu.val);
      menu.con(
        numbered(
          'Quelle region?',
          REGIONS.map((r) => screenText(r.name)),
        ),
      );
    },
    next: { '*^[1-8]$': 'cercle' },
  });
  menu.state('cercle', {
    run: async () => {
      await menu.session.set('region', menu.val);
      const region = REGIONS[Number(menu.val) - 1]!;
      menu.con(
        numbered(
          'Quel cercle?',
          childrenOf(region.pcode).map((c) => screenText(c.name)),
        ),
      );
    },
    next: { '*^[1-8]$': 'commune' },
  });
  menu.state('commune', {
    run: async () => {
      await menu.session.set('cercle', menu.val);
      const region = REGIONS[Number(await menu.session.get('region')) - 1]!;
      const cercle = childrenOf(region.pcode)[Number(menu.val) - 1]!;
      menu.con(
        numbered(
          'Quelle commune?',
          childrenOf(cercle.pcode).map((c) => screenText(c.name)),
        ),
      );
    },
    next: { '*^[1-8]$': 'confirm' },
  });
  menu.state('confirm', {
    run: async () => {
      await menu.session.set('commune', menu.val);
      const category = await menu.session.get('category');
      menu.end(`Merci. Ref R${String(category)}${Date.now().toString(36).slice(-4).toUpperCase()}. Le comite local est prevenu.`);
    },
  });
  return menu;
}

const app = express();
app.disable('x-powered-by');
app.post('/ussd', express.urlencoded({ extended: false }), async (req, res) => {
  const body = req.body as Record<string, string>;
  const reply = await menuFor().run({
    sessionId: body.sessionId ?? '',
    phoneNumber: body.phoneNumber ?? '',
    serviceCode: body.serviceCode ?? '',
    text: body.text ?? '',
  });
  res.type('text/plain').send(reply);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ussd` })}\n`,
  );
});
process.on('SIGTERM', async () => {
  server.close();
  server.closeAllConnections();
  await dropKeys(redis, prefix).catch(() => undefined);
  redis.disconnect();
});
