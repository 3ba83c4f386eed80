// The embedded PostgreSQL started by root with DATA_DIR in a private folder (as a newcomer's mktemp
// or /root checkout is): PostgreSQL runs as the postgres user, who cannot enter that folder.
import { lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/embedded/postgres.ts';
import { ROOT_CLUSTERS } from '../src/embedded/postgres-binaries.ts';

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(process.getuid?.() !== 0)('embedded PostgreSQL as root', () => {
  it('keeps its cluster where the postgres user can reach it when DATA_DIR is private, and finds it again', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'sabali-private-')), 'data'); // mkdtemp: 0700, root's own
    let target: string | undefined;
    try {
      const first = await startEmbeddedPostgres({ dataDir, mode: 'server', ephemeral: true });
      try {
        await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
      } finally {
        await first.stop();
      }
      expect(lstatSync(join(dataDir, 'postgres')).isSymbolicLink()).toBe(true);
      target = readlinkSync(join(dataDir, 'postgres'));
      expect(target.startsWith(`${ROOT_CLUSTERS}/`)).toBe(true);

      const again = await startEmbeddedPostgres({ dataDir, mode: 'server', ephemeral: true });
      try {
        expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
      if (target) rmSync(target, { recursive: true, force: true });
    }
  });
});
