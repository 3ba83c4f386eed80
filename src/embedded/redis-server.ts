// The embedded default's Redis: a private redis-server on a free loopback port, stopped on exit. Given a
// data dir (the gateway's DATA_DIR), it keeps an append-only file there, so dashboard sessions and
// delayed escalation jobs outlive a restart; without one (tests, benches) it is throwaway.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, runs } from './processes.ts';

export class RedisBinaryMissingError extends Error {
  readonly code = 'redis_server_missing';
  constructor() {
    super(
      'redis-server was not found on PATH: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL',
    );
  }
}

export class EmbeddedRedisInUseError extends Error {
  readonly code = 'embedded_redis_in_use';
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  /** Where the data lives, for a start-up line: the append-only file's folder, or "in memory only". */
  where: string;
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  binary?: string;
  port?: number;
  /** Keep the data in `<dataDir>/redis` (append-only file, fsync every second) instead of a temp dir removed on stop. */
  dataDir?: string;
}

async function waitForPing(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`redis-server did not answer within ${ms} ms`);
}

const isRedis = (pid: number): boolean => runs(pid, 'redis');

interface Owner {
  /** The gateway that started it. */
  owner: number;
  /** Its redis-server. */
  pid: number;
}

/**
 * One redis-server per data dir: a live gateway's is refused (two servers on one append-only file
 * corrupt it); one a killed gateway left behind is shut down (SIGTERM writes its last second) first.
 */
async function claim(file: string, dir: string): Promise<void> {
  if (!existsSync(file)) return;
  let found: Owner | undefined;
  try {
    found = JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch {
    return;
  }
  if (!isRedis(found.pid)) return;
  // A Node process still (a killed gateway not yet reaped, or its pid reused by another program, is not one).
  if (found.owner !== process.pid && runs(found.owner, 'node'))
    throw new EmbeddedRedisInUseError(
      `another Sabali process (pid ${found.owner}) already runs the embedded redis-server in ${dir}: stop it first, or give this one its own DATA_DIR`,
    );
  process.kill(found.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isRedis(found.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (isRedis(found.pid)) process.kill(found.pid, 'SIGKILL');
}

export async function startEmbeddedRedis(opts: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const binary = opts.binary ?? 'redis-server';
  if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).error) throw new RedisBinaryMissingError();
  const port = opts.port ?? (await freePort());
  const persistent = opts.dataDir !== undefined;
  const dir = persistent ? join(opts.dataDir!, 'redis') : mkdtempSync(join(tmpdir(), 'sabali-redis-'));
  const ownerFile = join(dir, 'owner.json');
  if (persistent) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await claim(ownerFile, dir);
  }
  const durability = persistent ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      ...durability,
      '--maxmemory-policy',
      'noeviction',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `redis://127.0.0.1:${port}`;
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  try {
    // Replaying a large append-only file takes a while: wait longer for a persistent server.
    await waitForPing(url, child, persistent ? 60_000 : 10_000);
  } catch (err) {
    kill();
    throw err;
  }
  if (persistent) writeFileSync(ownerFile, `${JSON.stringify({ owner: process.pid, pid: child.pid! } satisfies Owner)}\n`);
  return {
    url,
    port,
    where: persistent ? `append-only file in ${dir}` : 'in memory only',
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM'); // a persistent server writes and syncs its append-only file before it exits
        await Promise.race([exited, new Promise((r) => setTimeout(r, persistent ? 10_000 : 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (persistent) rmSync(ownerFile, { force: true });
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
