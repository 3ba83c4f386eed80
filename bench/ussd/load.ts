// Helpers of bench/ussd.bench.ts: start a server in its own process, find a report's inputs by label,
// and build an autocannon load where each connection dials one full session after another.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { percentile as nearestRank } from '../lib/bench.ts';
import { benchNodeArgs, cpuMsOf } from '../lib/processes.ts';

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
  /** CPU time it has used so far (user + system), in ms; NaN where /proc is missing. */
  cpuMs(): number;
  /** Stops it (SIGTERM) and returns what it printed last. */
  stop(): Promise<Record<string, unknown>>;
}

export async function startServer(script: string, env: Record<string, string>): Promise<Server> {
  // BENCH_NODE_ARGS profiles the servers under load.
  const nodeArgs = benchNodeArgs();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
    cpuMs: () => cpuMsOf(child.pid!),
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
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ sessionId, serviceCode: '*384*123#', phoneNumber: phone, networkCode: '61002', text }),
  });
  return res.text();
}

// Numbers never collide across the run: +223 76… for dials from new numbers, 77… for returning ones, 78… for the probes.
let nextNew = randomInt(5e5);
let nextReturning = 0;
const newPhone = () => `+22378${randomInt(1e6).toString().padStart(6, '0')}`;

/** Dials once, choosing options by label (paging with 98 when needed); returns the inputs of the whole report. */
export async function discoverPath(
  url: string,
  steps: readonly (RegExp | string | null)[],
  phone = newPhone(),
): Promise<string[]> {
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
    screen = await send(
      screen
        .split('\n')
        .find((l) => /^\d+ /.test(l) && step.test(l.replace(/^\d+ /, '')))!
        .split(' ')[0]!,
    );
  }
  if (!screen.startsWith('END ')) throw new Error(`the path did not end the session on ${url}:\n${screen}`);
  return inputs;
}

/** Numbers that have dialled once and chosen French (so the next dial starts at "what happened"), 50 at a time. */
export async function returningReporters(url: string, count: number): Promise<string[]> {
  const phones = Array.from({ length: count }, () => `+22377${String(nextReturning++ % 1e6).padStart(6, '0')}`);
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
export function sessionLoad(
  url: string,
  inputs: readonly string[],
  phones?: readonly string[],
): { requests: Request[]; stats: LoadStats } {
  const u = new URL(url);
  const path = `${u.pathname}${u.search}`;
  const stats: LoadStats = { ends: 0, unexpected: 0 };
  const texts = ['', ...inputs.map((_, i) => inputs.slice(0, i + 1).join('*'))];
  let counter = 0;
  const requests: Request[] = texts.map((text, i) => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    setupRequest: (req, ctx) => {
      if (i === 0) {
        ctx.sessionId = `ATUid_${randomBytes(8).toString('hex')}`;
        ctx.phone = phones ? phones[counter++ % phones.length] : `+22376${String(nextNew++ % 1e6).padStart(6, '0')}`;
      }
      return {
        ...req,
        body: form({
          sessionId: String(ctx.sessionId),
          serviceCode: '*384*123#',
          phoneNumber: String(ctx.phone),
          networkCode: '61002',
          text,
        }),
      };
    },
    onResponse: (status, body) => {
      const expected = i === texts.length - 1 ? 'END ' : 'CON ';
      if (status !== 200 || !body.startsWith(expected)) {
        stats.unexpected++;
        stats.sample ??= `hop ${i}: ${status} ${body.slice(0, 120)}`;
      } else if (expected === 'END ') stats.ends++;
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
    latencyMs: {
      p50: l.p50 ?? NaN,
      p90: l.p90 ?? NaN,
      p99: l.p99 ?? NaN,
      p99_9: l.p99_9 ?? NaN,
      max: l.max ?? NaN,
      average: l.average ?? NaN,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unexpected: stats.unexpected,
    ...(stats.sample ? { unexpectedSample: stats.sample } : {}),
    sessionsCompleted: stats.ends,
  };
}

export interface SmoothFigures {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** p99 by kind of hop: the first (reads the reporter's profile), the menu hops, the confirm (stores the report). */
  p99ByHopMs: { first: number; menu: number; confirm: number };
  unexpected: number;
  sessionsCompleted: number;
}

/** The same percentile as every other bench (bench/lib), with `p` as a fraction, to 0.01 ms. */
const percentile = (sorted: readonly number[], p: number) => Number(nearestRank(sorted, p * 100).toFixed(2));

/**
 * `rate` hops per second offered smoothly by `sessions` dials in progress: each dial waits a random
 * (exponential) think time between its hops, as people do, and dials start spread out. autocannon's own
 * rate limit sends each connection's quota back to back at the top of every second, which measures how
 * long a burst of `rate` requests takes to drain rather than the latency at that rate.
 */
export async function smoothLoad(
  url: string,
  inputs: readonly string[],
  o: { rate: number; sessions: number; seconds: number; phones?: readonly string[] },
): Promise<SmoothFigures> {
  const u = new URL(url);
  const { request, Agent } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: o.sessions });
  const texts = ['', ...inputs.map((_, i) => inputs.slice(0, i + 1).join('*'))];
  const meanGapMs = (1000 * o.sessions) / o.rate;
  const byHop: number[][] = texts.map(() => []);
  let unexpected = 0;
  let completed = 0;
  let phoneIndex = 0;
  const post = (body: string) =>
    new Promise<string>((resolve) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: `${u.pathname}${u.search}`,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => resolve(`${res.statusCode} ${data}`));
        },
      );
      // A refused or reset connection is an unexpected answer for the figures, not the end of the run.
      req.on('error', (err: NodeJS.ErrnoException) => resolve(`ERR ${err.code ?? err.message}`));
      req.end(body);
    });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  const slot = async (k: number) => {
    // Open loop: each dial's hops are due at a Poisson schedule, whatever the answers' delays (a late answer delays only its own dial).
    let dueAt = started + (k / o.sessions) * meanGapMs;
    await sleep(dueAt - performance.now());
    while (performance.now() < deadline) {
      const sessionId = `ATUid_${randomBytes(8).toString('hex')}`;
      const phone = o.phones ? o.phones[phoneIndex++ % o.phones.length]! : `+22376${String(nextNew++ % 1e6).padStart(6, '0')}`;
      for (let i = 0; i < texts.length && performance.now() < deadline; i++) {
        const sendAt = performance.now();
        dueAt = Math.max(dueAt, sendAt);
        const answer = await post(
          form({ sessionId, serviceCode: '*384*123#', phoneNumber: phone, networkCode: '61002', text: texts[i]! }),
        );
        byHop[i]!.push(performance.now() - sendAt);
        if (!answer.startsWith(i === texts.length - 1 ? '200 END ' : '200 CON ')) unexpected++;
        else if (i === texts.length - 1) completed++;
        dueAt += -Math.log(1 - Math.random()) * meanGapMs;
        await sleep(dueAt - performance.now());
      }
    }
  };
  await Promise.all(Array.from({ length: o.sessions }, (_, k) => slot(k)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const all = byHop.flat().sort((a, b) => a - b);
  const sorted = (hops: number[][]) => hops.flat().sort((a, b) => a - b);
  return {
    requestsPerSecond: Number((all.length / elapsed).toFixed(1)),
    requests: all.length,
    latencyMs: { p50: percentile(all, 0.5), p90: percentile(all, 0.9), p99: percentile(all, 0.99), max: percentile(all, 1) },
    p99ByHopMs: {
      first: percentile(sorted(byHop.slice(0, 1)), 0.99),
      menu: percentile(sorted(byHop.slice(1, -1)), 0.99),
      confirm: percentile(sorted(byHop.slice(-1)), 0.99),
    },
    unexpected,
    sessionsCompleted: completed,
  };
}
