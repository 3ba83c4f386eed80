// `npm run -s committees` contract: usage mistakes answer at once (no database opened); import reports
// created and rejected lines (exit 1 when any was rejected); list shows the directory; export → import round-trips.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'sabali-committees-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The CLI on an embedded database of its own (a fresh DATA_DIR), never the shared ones. */
function committees(...args: string[]) {
  const { DATABASE_URL: _db, ...env } = process.env;
  const out = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { ...env, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('committees CLI', () => {
  it.each([
    [['--help'], 0, 'stdout'],
    [[], 2, 'stderr'],
    [['import'], 2, 'stderr'],
    [['remove'], 2, 'stderr'],
    [['list', '--colour'], 2, 'stderr'],
  ] as const)('%j → exit %i, the usage on %s', (args, status, stream) => {
    const r = committees(...args);
    expect(r.status).toBe(status);
    expect(r[stream]).toContain('npm run -s committees -- import FILE.csv');
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  });

  it('imports a CSV, lists it, and its export imports again unchanged', () => {
    const file = join(dataDir, 'committees.csv');
    writeFileSync(
      file,
      'name;type;coverage;focal_name;focal_phone;focal_role;language\n' +
        'CCS de Sangha;CCS;Sangha;Awa Guindo;65 00 00 11;primary;bm\n' +
        'CCS de Sangha;CCS;;Ousmane Dolo;65 00 00 12;backup;fr\n' +
        'CCS de Nulle Part;CCS;Nowhereville;Ali;65 00 00 13;primary;fr\n',
    );
    const imported = committees('import', file, '--reason', 'first load');
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(1);
    expect(imported.stdout).toBe(
      '1 committee(s) created, 0 updated, 1 line(s) rejected\n  line 4: coverage[0]: no place of Mali is called "Nowhereville"\n',
    );
    const listed = committees('list');
    expect(listed).toMatchObject({ status: 0, stdout: 'CCS de Sangha\tCCS\tcommune\tSangha (ML050117)\t2 focal point(s)\n' });

    const exported = join(dataDir, 'export.csv');
    expect(committees('export', exported).status).toBe(0);
    expect(readFileSync(exported, 'utf8')).toContain('"CCS de Sangha";"CCS";"Sangha (ML050117)";"Ousmane Dolo"');
    expect(committees('import', exported)).toMatchObject({
      status: 0,
      stdout: '0 committee(s) created, 1 updated, 0 line(s) rejected\n',
    });
  }, 300_000);
});
