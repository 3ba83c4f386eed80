// Runs before `npm start` and `npm test`: installs what a fresh clone lacks (dependencies, the
// generated Prisma client) so a newcomer needs nothing else. Plain Node: no dependency of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`sabali: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`sabali: Node.js ${process.versions.node} is too old; install Node.js 20.19 or newer (22 or 24 LTS recommended)`);
  process.exit(1);
}

// 1. Dependencies: install when node_modules is missing or older than the lock file.
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000)) {
  console.error('sabali: installing dependencies (npm ci)…');
  run(npm, existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

// 2. The generated Prisma client (never committed): generate when missing or older than the schema.
const schema = join(root, 'prisma', 'schema.prisma');
const client = join(root, 'src', 'generated', 'prisma', 'client.ts');
if (process.argv.includes('--generate') || !existsSync(client) || statSync(schema).mtimeMs > statSync(client).mtimeMs) {
  console.error('sabali: generating the Prisma client…');
  // `prisma generate` checks that a schema engine exists although it does not use it; the engine
  // cannot be downloaded here, so point the check at Node itself (never do this for `migrate`).
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  const prismaBin = join(root, 'node_modules', 'prisma', 'build', 'index.js');
  run(process.execPath, [prismaBin, 'generate'], env);
  if (!readFileSync(client, 'utf8').includes('PrismaClient')) {
    console.error('sabali: the generated Prisma client looks wrong');
    process.exit(1);
  }
}
