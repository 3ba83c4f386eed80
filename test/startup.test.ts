// `npm start` as a newcomer runs it: the embedded default starts PostgreSQL and its own redis-server,
// seeds the demo committees, keeps data and dashboard sessions across restarts, lets the operator
// commands in beside it, starts again after a crash, and stops everything on SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { eventually, uniquePhone } from './helpers/gateway.ts';

const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'sabali-start-'));
const postmasterPid = join(dataDir, 'postgres', 'postmaster.pid');
afterAll(() => {
  if (existsSync(postmasterPid)) spawnSync('kill', ['-KILL', readFileSync(postmasterPid, 'utf8').split('\n')[0]!]);
  rmSync(dataDir, { recursive: true, force: true });
});

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.PHONE_KEY;
  delete env.AT_WEBHOOK_KEY;
  delete env.ADMIN_TOKEN;
  delete env.NODE_OPTIONS;
  return env;
}

interface Started {
  child: ChildProcess;
  stdout: string;
  url: string;
  redisPort: number;
}

async function start(): Promise<Started> {
  // In a process group of its own, so a test can kill the gateway and its redis-server at once.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
      return /http:\s+(http:\/\/localhost:\d+)/.exec(stdout)?.[1];
    },
    40_000,
    100,
  ).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\nstdout: ${stdout}\nstderr: ${stderr}`);
  });
  const redisPort = Number(/redis:\s+embedded redis-server at redis:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
  return { child, stdout, url, redisPort };
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  s.child.kill('SIGTERM');
  return exited;
}

/** Logs into the dashboard as a browser does: the login form's token and cookie, then the session cookie. */
async function dashboardLogin(url: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${url}/login`);
  const loginCookie = form.headers
    .getSetCookie()
    .find((c) => c.startsWith('sabali_login='))!
    .split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password, next: '/' }),
  });
  expect(res.status).toBe(303);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sabali_sid='))!
    .split(';')[0]!;
}

function cli(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The user the embedded server runs as: `postgres` when we are root. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/** A GET on a new connection: the CLIs outlast the server's keep-alive, so a pooled socket may be closing. */
function freshStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) =>
    get(url, { agent: false }, (res) => (res.resume(), resolve(res.statusCode))).on('error', reject),
  );
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

describe('npm start on the embedded default', () => {
  it('starts PostgreSQL and a redis-server, seeds demo committees, keeps data and sessions across restarts, stops cleanly', async () => {
    const first = await start();
    expect(first.stdout).toMatch(/database: embedded PostgreSQL in .*postgres \(127\.0\.0\.1:\d+\)/);
    expect(first.stdout).toMatch(/23 committees seeded \(Djenné, Bankass, Koro, Niono, Macina/);
    expect(first.stdout).toContain('simulator channel');
    expect(await portOpen(first.redisPort)).toBe(true);

    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: 'ok', redis: 'ok' });

    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { webhookKey: string; adminToken: string };
    expect(first.stdout).not.toContain(secrets.webhookKey);
    const body = smsCallback({ from: uniquePhone(), text: 'des hommes armes a Macina ce matin' });
    const res = await fetch(`${first.url}/webhooks/africastalking/sms?key=${secrets.webhookKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form(body),
    });
    expect(res.status).toBe(200);
    const auth = { authorization: `Bearer ${secrets.adminToken}` };
    const alert = await eventually(async () => {
      const items = (
        (await (await fetch(`${first.url}/api/alerts`, { headers: auth })).json()) as { items: { committee: { name: string } }[] }
      ).items;
      return items.find((a) => a.committee.name === 'CCS de Macina');
    }, 10_000);
    expect(alert).toBeTruthy();

    // an operator command works beside the running gateway, on the same database
    const created = cli(
      'src/users/cli.ts',
      'create',
      '--email',
      'beside@sabali.test',
      '--role',
      'viewer',
      '--password',
      'a long enough password',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(cli('src/users/cli.ts', 'list').stdout).toContain('beside@sabali.test');
    const csv = join(dataDir, 'radios.csv');
    writeFileSync(csv, 'phone;name;role;station;languages;zones\n76 55 44 33;Awa;radio_host;Radio Jamana;bm,fr;ML040305\n');
    const imported = cli('src/broadcasts/contacts-cli.ts', 'import', csv);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('1 contact(s) created, 0 updated, 0 row(s) rejected\n');
    expect(await freshStatus(`${first.url}/healthz`)).toBe(200);

    // a coordinator logged in before the restart is still logged in after it (sessions live in redis, kept under DATA_DIR)
    const dashboard = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { dashboardPassword: string };
    const session = await dashboardLogin(first.url, 'admin@sabali.local', dashboard.dashboardPassword);
    expect((await fetch(`${first.url}/`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(200);

    const postgresPid = Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
    expect(await stop(first)).toBe(0);
    expect(await portOpen(first.redisPort)).toBe(false);
    expect(alive(postgresPid)).toBe(false);

    // the audit command reads the same embedded database while the gateway is stopped
    const audit = spawnSync(process.execPath, ['--import', 'tsx', 'src/alerts/audit-cli.ts', 'verify'], {
      cwd: root,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(audit.stdout).toMatch(/audit log intact: [1-9]\d* entries/);
    expect(audit.status).toBe(0);

    const second = await start();
    expect(second.stdout).not.toMatch(/committees seeded/);
    const reports = (await (await fetch(`${second.url}/api/reports`, { headers: auth })).json()) as { items: unknown[] };
    expect(reports.items.length).toBeGreaterThan(0);
    expect((await fetch(`${second.url}/`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(200);
    expect(await stop(second)).toBe(0);
  }, 120_000);

  it('starts again after the gateway and its PostgreSQL were killed, over a postmaster.pid naming a reused pid', async () => {
    const crashed = await start();
    const postgresPid = Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
    process.kill(-crashed.child.pid!, 'SIGKILL'); // the gateway and its redis-server
    process.kill(postgresPid, 'SIGKILL');
    await eventually(async () => !alive(postgresPid), 10_000);
    // after a reboot or in a container the old pid often belongs to another program by the next start
    // (of the server's own user: PostgreSQL itself passes over a pid it may not signal)
    const other = spawn('sleep', ['600'], { stdio: 'ignore', ...serverUser() });
    try {
      const lines = readFileSync(postmasterPid, 'utf8').split('\n');
      writeFileSync(postmasterPid, [String(other.pid), ...lines.slice(1)].join('\n'));

      const again = await start();
      expect(again.stdout).toMatch(/database: embedded PostgreSQL/);
      expect(again.stdout).not.toMatch(/committees seeded/); // the same data
      expect(await freshStatus(`${again.url}/healthz`)).toBe(200);
      expect(await stop(again)).toBe(0);
    } finally {
      other.kill('SIGKILL');
    }
  }, 120_000);

  it('says in one line how to install redis-server when it is missing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: cleanEnv({ PATH: '/nonexistent' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/redis-server was not found.*apt-get install redis-server/);
  }, 60_000);

  it('refuses a bad setting with a message naming it', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: cleanEnv({ PORT: 'three thousand' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid configuration: PORT/);
  }, 60_000);
});
