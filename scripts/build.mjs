// `npm run build`: compiles src/ (the generated Prisma client included) to dist/, which production
// and `npm start` run with plain `node`. dist/ sits where src/ does, one level below the project
// root, so the files code reads beside the root (locales/, reference/, public/, prisma/migrations)
// resolve from both; data read with fs from inside src/ is copied next to the compiled code.
// `--if-stale` builds only when a source is newer than the last build (what `npm start` uses).
// Plain Node: TypeScript is a development dependency; the image's runtime stage never runs this.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.built');

// Data under src/ that code reads with fs at run time (tsc copies only what is imported).
const DATA_UNDER_SRC = ['classify/dataset'];

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestUnder(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(stamp) || !existsSync(join(dist, 'main.js'))) return true;
  const inputs = Math.max(
    newestUnder(join(root, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  return inputs > statSync(stamp).mtimeMs;
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0);

console.error('sabali: compiling src/ to dist/…');
const started = new Date(); // the stamp's time: a source edited during the build makes the next one rebuild
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`sabali: build failed (tsc exit ${r.status ?? r.signal})`);
  process.exit(r.status ?? 1);
}
for (const dir of DATA_UNDER_SRC) cpSync(join(root, 'src', dir), join(dist, dir), { recursive: true });
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
