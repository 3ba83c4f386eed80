// CI check of the house layering (STYLE.md): no import cycles between modules or between folders; only src/db imports the Prisma client;
// pure domain modules (domain, classify, geo, routing rules) import nothing that does I/O.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (p.startsWith(join(src, 'generated'))) continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) files.push(p);
  }
})(src);

const importRe =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
const graph = new Map();
const problems = [];
const PURE = [
  'domain/',
  'classify/',
  'geo/',
  'routing/rules.ts',
  'alerts/alert-text.ts',
  'alerts/incidents.ts',
  'alerts/escalation.ts',
  'alerts/state-machine.ts',
  'sms/',
  'phone/',
  'lib/',
];
const IO_MODULES = ['pg', 'ioredis', 'bullmq', 'express', '@prisma/client', 'node:http', 'node:net', 'node:child_process'];

for (const file of files) {
  const rel = relative(src, file);
  const text = readFileSync(file, 'utf8');
  const deps = [];
  for (const m of text.matchAll(importRe)) {
    if (/^\s*(import|export)\s+type\s/.test(m[0])) continue; // erased at run time: no cycle, no I/O
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), spec));
      if (target.startsWith('generated/') && !rel.startsWith('db/'))
        problems.push(`${rel}: only src/db may import the Prisma client (${spec})`);
      deps.push(target);
    } else if (PURE.some((p) => rel.startsWith(p)) && IO_MODULES.some((m2) => spec === m2 || spec.startsWith(`${m2}/`))) {
      problems.push(`${rel}: pure module imports I/O module ${spec}`);
    }
    if (PURE.some((p) => rel.startsWith(p)) && spec.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), spec));
      if (['db/', 'jobs/', 'web/', 'app/'].some((l) => target.startsWith(l)))
        problems.push(`${rel}: pure module imports ${target}`);
    }
  }
  graph.set(
    rel,
    deps.filter((d) => !d.startsWith('generated/')),
  );
}

const state = new Map();
const stack = [];
function visit(node) {
  state.set(node, 'open');
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 'open') problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].join(' → ')}`);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);

// Folders too: src/a importing src/b and src/b importing src/a (directly or round a longer loop) folds
// the layers back; each such loop is named with one import per step.
const folderOf = (rel) => (rel.includes('/') ? rel.split('/')[0] : rel); // config.ts, log.ts, main.ts stand alone
const folders = new Map();
for (const [file, deps] of graph) {
  for (const dep of deps) {
    const [a, b] = [folderOf(file), folderOf(dep)];
    if (a === b || !graph.has(dep)) continue;
    if (!folders.has(a)) folders.set(a, new Map());
    if (!folders.get(a).has(b)) folders.get(a).set(b, `${file} → ${dep}`);
  }
}
const folderState = new Map();
const path = [];
function visitFolder(f) {
  folderState.set(f, 'open');
  path.push(f);
  for (const next of (folders.get(f) ?? new Map()).keys()) {
    if (folderState.get(next) === 'open') {
      const loop = [...path.slice(path.indexOf(next)), next];
      problems.push(
        `folder cycle: ${loop.join(' → ')} (${loop
          .slice(0, -1)
          .map((x, i) => folders.get(x).get(loop[i + 1]))
          .join('; ')})`,
      );
    } else if (!folderState.has(next)) visitFolder(next);
  }
  path.pop();
  folderState.set(f, 'done');
}
for (const f of folders.keys()) if (!folderState.has(f)) visitFolder(f);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`layering ok: ${files.length} modules in ${folders.size} folders, no cycles between modules or folders`);
