// Helpers of bench/ussd.bench.ts: start a server in its own process, find a report's inputs by label,
// and build an autocannon load where each connection dials one full session after another.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

interface Result {
  requests: { average: number; total: number };
  latency: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
}
export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  timeout?: number;
  requests: Request[];
}
// Loaded through require with our own types: autocannon ships none, and no ambient declaration is shared.
export const autocannon = createRequire(import.meta.url)('autocannon') as (opts: LoadOptions) => Promise<Result>;
/** One step of a connection's sequence (autocannon's request options, with the answer check). */
export interface Request {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface Server {
  url: string;
  info: Record<string, string>;
  /** Stops it (SIGTERM) and returns what it printed last. */
  stop(): Promise<Record<string, unknown>>;
}

export async function startServer(script: string, env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const printed: Record<string, unknown>[] = [];
  const first = new Promise<Record<string, string>>((resolve, reject) => {
    lines.on('line', (line) => {
      try {
        const value = JSON.parse(line) as Record<string, string>;
        printed.push(value);
        if (printed.length === 1) resolve(value);
      } catch {
        process.stderr.write(`${line}\n`);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const info = await first;
  let stopping: Promise<Record<string, unknown>> | undefined;
  return {
    url: info.url!,
    info,
    stop: () =>
      (stopping ??= new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(printed.at(-1) ?? {});
        child.once('exit', () => resolve(printed.at(-1) ?? {}));
        child.kill('SIGTERM');
      })),
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function hop(url: string, sessionId: string, phone: string, text: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ sessionId, serviceCode: '*384*123#', phoneNumber: phone, networkCode: '61002', text }) });
  return res.text();
}

const newPhone = () => `+2237${randomInt(1e7).toString().padStart(7, '0')}`;

/** Dials once, choosing options by label (paging with 98 when needed); returns the inputs of the whole report. */
export async function discoverPath(url: string, steps: readonly (RegExp | string | null)[], phone = newPhone()): Promise<string[]> {
  const sessionId = `ATUid_${randomBytes(8).toString('hex')}`;
  const inputs: string[] = [];
  const send = async (input: string | null) => {
    if (input !== null) inputs.push(input);
    return hop(url, sessionId, phone, inputs.join('*'));
  };
  let screen = '';
  for (const step of steps) {
    if (!(step instanceof RegExp)) {
      screen = await send(step);
      continue;
    }
    for (let page = 0; ; page++) {
      const line = screen.split('\n').find((l) => /^\d+ /.test(l) && step.test(l.replace(/^\d+ /, '')));
      if (line) break;
      if (page > 10 || !/\n98 /.test(screen)) throw new Error(`no option ${step} on ${url}:\n${screen}`);
      screen = await send('98');
    }
    screen = await send(screen.split('\n').find((l) => /^\d+ /.test(l) && step.test(l.replace(/^\d+ /, '')))!.split(' ')[0]!);
  }
  if (!screen.startsWith('END ')) throw new Error(`the path did not end the session on ${url}:\n${screen}`);
  return inputs;
}

/** Numbers that have dialled once and chosen French (so the next dial starts at "what happened"), 50 at a time. */
export async function returningReporters(url: string, count: number): Promise<string[]> {
  const phones = Array.from({ length: count }, newPhone);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < phones.length; i = next++) {
      const sessionId = `ATUid_${randomBytes(8).toString('hex')}`;
      await hop(url, sessionId, phones[i]!, '');
      await hop(url, sessionId, phones[i]!, '1');
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return phones;
}

export interface LoadStats {
  ends: number;
  unexpected: number;
  /** The first unexpected answer, to see what went wrong. */
  sample?: string;
}

/**
 * One request per hop of the report; autocannon starts each connection's sequence over with a fresh
 * session: a new number each time, or the next of `phones` (each used once: its next dial would differ).
 */
export function sessionLoad(url: string, inputs: readonly string[], phones?: readonly string[]): { requests: Request[]; stats: LoadStats } {
  const u = new URL(url);
  const path = `${u.pathname}${u.search}`;
  const stats: LoadStats = { ends: 0, unexpected: 0 };
  const texts = ['', ...inputs.map((_, i) => inputs.slice(0, i + 1).join('*'))];
  let counter = phones ? 0 : randomInt(1e7);
  const requests: Request[] = texts.map((text, i) => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    setupRequest: (req, ctx) => {
      if (i === 0) {
        ctx.sessionId = `ATUid_${randomBytes(8).toString('hex')}`;
        ctx.phone = phones ? phones[counter++ % phones.length] : `+2237${String(counter++ % 1e7).padStart(7, '0')}`;
      }
      return { ...req, body: form({ sessionId: String(ctx.sessionId), serviceCode: '*384*123#', phoneNumber: String(ctx.phone), networkCode: '61002', text }) };
    },
    onResponse: (status, body) => {
      const expected = i === texts.length - 1 ? 'END ' : 'CON ';
      if (status !== 200 || !body.startsWith(expected)) {
        stats.unexpected++;
        stats.sample ??= `hop ${i}: ${status} ${body.slice(0, 120)}`;
      }
      else if (expected === 'END ') stats.ends++;
    },
  }));
  return { requests, stats };
}

export interface RunFigures {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; p99_9: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers that were not the CON / END the scripted report expects (and the first of them). */
  unexpected: number;
  unexpectedSample?: string;
  sessionsCompleted: number;
}

export function summarise(result: Result, stats: LoadStats, _hops: number): RunFigures {
  const l = result.latency;
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    latencyMs: { p50: l.p50 ?? NaN, p90: l.p90 ?? NaN, p99: l.p99 ?? NaN, p99_9: l.p99_9 ?? NaN, max: l.max ?? NaN, average: l.average ?? NaN },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unexpected: stats.unexpected,
    ...(stats.sample ? { unexpectedSample: stats.sample } : {}),
    sessionsCompleted: stats.ends,
  };
}
