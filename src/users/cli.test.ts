// `npm run -s users` contract: --help and usage mistakes answer at once with the usage (and open no
// database); `create` makes the first admin, whom `list` then shows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'sabali-users-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The CLI on an embedded database of its own (a fresh DATA_DIR), never the shared ones. */
function users(...args: string[]) {
  const { DATABASE_URL: _db, ...env } = process.env;
  const out = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { ...env, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('users CLI', () => {
  it.each([
    [['--help'], 0, 'stdout'],
    [['create', '--help'], 0, 'stdout'],
    [['create', '-h'], 0, 'stdout'],
    [[], 2, 'stderr'],
    [['create', '--email', 'a@b.ml', '--password', 'long enough pass'], 2, 'stderr'], // no --role
    [['create', '--emial', 'a@b.ml'], 2, 'stderr'],
    [['remove', '--email', 'a@b.ml'], 2, 'stderr'],
  ] as const)('%j → exit %i, the usage on %s', (args, status, stream) => {
    const r = users(...args);
    expect(r.status).toBe(status);
    expect(r[stream]).toContain('npm run -s users -- create --email EMAIL --role admin|coordinator|viewer --password PASSWORD');
    expect(r.stderr).not.toMatch(/To specify a positional argument/);
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  });

  it('names a mistyped option', () => {
    expect(users('create', '--emial', 'a@b.ml').stderr).toMatch(/^users: Unknown option '--emial'\n/);
  });

  it('creates the first admin, whom list shows', () => {
    const created = users(
      'create',
      '--email',
      'First.Admin@Sabali.test',
      '--role',
      'admin',
      '--password',
      'a long enough password',
    );
    expect(created.stderr).toBe('');
    expect(created).toMatchObject({ status: 0, stdout: 'created first.admin@sabali.test (admin)\n' });
    const listed = users('list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('first.admin@sabali.test\tadmin\tall regions');
    expect(
      users('create', '--email', 'first.admin@sabali.test', '--role', 'admin', '--password', 'a long enough password').status,
    ).toBe(1);
  }, 120_000);
});
