// Logs into the dashboard over HTTP as a browser would: login form token, session cookie, CSRF token.
import { expect } from 'vitest';
import type { TestGateway } from './gateway.ts';

export interface Browser {
  cookie: string;
  csrf: string;
  get(path: string): ReturnType<TestGateway['http']['get']>;
  post(path: string, body: Record<string, string>): ReturnType<TestGateway['http']['post']>;
}

export function cookieOf(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const raw = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const line = raw.find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0];
}

export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** POST /login with the form's own token; returns the raw answer. `from`: an X-Forwarded-For address. */
export async function tryLogin(gw: TestGateway, email: string, password: string, from?: string) {
  const form = await gw.http.get('/login');
  const loginCookie = cookieOf(form, 'sabali_login')!;
  return gw.http
    .post('/login')
    .set(from ? { 'X-Forwarded-For': from } : {})
    .set('Cookie', loginCookie)
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password, next: '/' });
}

export async function login(gw: TestGateway, email: string, password: string): Promise<Browser> {
  const res = await tryLogin(gw, email, password);
  expect(res.status).toBe(303);
  const cookie = cookieOf(res, 'sabali_sid')!;
  expect(cookie).toBeTruthy();
  const home = await gw.http.get('/').set('Cookie', cookie);
  expect(home.status).toBe(200);
  const csrf = csrfOf(home.text);
  return {
    cookie,
    csrf,
    get: (path) => gw.http.get(path).set('Cookie', cookie),
    post: (path, body) =>
      gw.http
        .post(path)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, ...body }),
  };
}

let n = 0;
export async function makeUser(gw: TestGateway, role: 'admin' | 'coordinator' | 'viewer', regions: string[] = []) {
  const email = `${role}${++n}.${Date.now()}@sabali.test`;
  const password = `pass-${role}-${n}-long`;
  await gw.rt.container.users.create({ email, password, role, regions });
  return { email, password };
}
