// Personal API tokens for tests: one per user, made the way the users command makes them.
import type { TestGateway } from './gateway.ts';

const made = new WeakMap<TestGateway, Map<string, string>>();

/** A personal API token of this user (one per gateway and email, created on first use). */
export async function tokenOf(gw: TestGateway, email: string): Promise<string> {
  const mine = made.get(gw) ?? new Map<string, string>();
  made.set(gw, mine);
  const known = mine.get(email);
  if (known) return known;
  const user = await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email } });
  const { token } = await gw.rt.container.apiTokens.create(user.id, 'test', 'operator:cli');
  mine.set(email, token);
  return token;
}

/** The API as this user's personal token (an email), or as the shared ADMIN_TOKEN ('machine'). */
export function apiAs(gw: TestGateway, who: string) {
  const bearer = async () => (who === 'machine' ? gw.adminToken : await tokenOf(gw, who));
  return {
    get: async (path: string) => gw.http.get(path).set('Authorization', `Bearer ${await bearer()}`),
    post: async (path: string, body: object) =>
      gw.http
        .post(path)
        .set('Authorization', `Bearer ${await bearer()}`)
        .send(body),
  };
}
