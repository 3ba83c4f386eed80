// The compiled gateway, as production and `npm start` run it (`node dist/main.js`, no tsx): it
// starts, answers its health check, serves the dashboard's files, and takes an SMS from the
// webhook to the committee's alert, reading locales, reference data and the classifier's dataset
// from where the build puts them. Builds dist/ first when it is older than src/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually, uniqueId, uniquePhone } from './helpers/gateway.ts';

const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'sabali-dist-'));
const secrets = { AT_WEBHOOK_KEY: randomBytes(18).toString('base64url'), ADMIN_TOKEN: randomBytes(18).toString('base64url') };
let database: TestDatabase | undefined;
let child: ChildProcess | undefined;
let url = '';
let stderr = '';

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(build.status, build.stderr + build.stdout).toBe(0);
  expect(existsSync(join(root, 'dist', 'main.js'))).toBe(true);

  // On PostgreSQL a fresh database of this file's own; on the embedded default the child's own PGlite.
  if (inject('databaseUrl')) database = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    PHONE_KEY: randomBytes(32).toString('hex'),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS; // no loader: plain Node runs the compiled JavaScript
  delete env.DATABASE_URL;
  if (database?.url) env.DATABASE_URL = database.url;

  child = spawn(process.execPath, ['dist/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`))));
  url = await Promise.race([exited, eventually(async () => /http:\s+(http:\/\/localhost:\d+)/.exec(stdout)?.[1], 60_000, 100)]);
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled gateway (node dist/main.js)', () => {
  it('answers its health check and serves the dashboard', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: 'ok', redis: 'ok' });
    expect((await fetch(`${url}/static/app.css`)).status).toBe(200);
    expect(await (await fetch(`${url}/login`)).text()).toContain('<form');
  });

  it('takes an SMS from the webhook to an alert for the committee of the place named', async () => {
    const body = smsCallback({
      from: uniquePhone(),
      id: uniqueId(),
      text: 'ya palabre champ entre peuls et cultivateurs a Djenne',
    });
    const res = await fetch(`${url}/webhooks/africastalking/sms?key=${secrets.AT_WEBHOOK_KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form(body),
    });
    expect(res.status).toBe(200);
    const auth = { authorization: `Bearer ${secrets.ADMIN_TOKEN}` };
    const alert = await eventually(async () => {
      const list = (await (await fetch(`${url}/api/alerts`, { headers: auth })).json()) as {
        items: { category: string; committee: { name: string } }[];
      };
      return list.items.find((a) => a.committee.name === 'COFO de Djenné');
    }, 30_000);
    expect(alert.category).toBe('FONCIER');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
  });
});
