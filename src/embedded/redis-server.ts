// The embedded default's Redis: a private redis-server on a free loopback port, stopped on exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

export class RedisBinaryMissingError extends Error {
  readonly code = 'redis_server_missing';
  constructor() {
    super(
      'redis-server was not found on PATH: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL',
    );
  }
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
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

export async function startEmbeddedRedis(opts: { binary?: string; port?: number } = {}): Promise<EmbeddedRedis> {
  const binary = opts.binary ?? 'redis-server';
  if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).error) throw new RedisBinaryMissingError();
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'sabali-redis-'));
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
      '--appendonly',
      'no',
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
    await waitForPing(url, child, 10_000);
  } catch (err) {
    kill();
    throw err;
  }
  return {
    url,
    port,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
