// Runs the real gateway as separate processes (ROLE=web|worker|all), as production does, so a test can
// SIGKILL one and a benchmark can measure each one's memory. Benchmarks run the compiled gateway
// (`node dist/main.js`, GATEWAY_ENTRY=dist, set by bench/run.ts after a build); tests run the sources.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const ENTRY = process.env.GATEWAY_ENTRY === 'dist' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];

export interface GatewayProcess {
  child: ChildProcess;
  pid: number;
  /** Base URL of its HTTP listener (web and all roles). */
  url: string | null;
  /** Peak resident memory so far (VmHWM), in MiB; null where /proc is missing. */
  peakRssMiB(): number | null;
  /** CPU time used so far, in ms (NaN where /proc is missing). */
  cpuMs(): number;
  /** Everything it printed on stderr (start failures). */
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (graceful: drains workers), then SIGKILL after `ms`. */
  stop(ms?: number): Promise<void>;
}

/** The Redis key prefixes of the deployments made in this process: removed when the bench closes its services. */
export const deploymentPrefixes: string[] = [];

/** The shared secrets and queue prefix every process of one deployment needs. */
export function deploymentEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = {
    PHONE_KEY: randomBytes(32).toString('hex'),
    AT_WEBHOOK_KEY: randomBytes(18).toString('base64url'),
    ADMIN_TOKEN: randomBytes(18).toString('base64url'),
    QUEUE_PREFIX: `p${randomBytes(5).toString('hex')}`,
    ...extra,
  };
  deploymentPrefixes.push(env.QUEUE_PREFIX);
  return env;
}

/** BENCH_NODE_ARGS (e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'): extra node flags for every gateway process a bench starts. */
export const benchNodeArgs = (): string[] => (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** CPU time (user + system) a process has used, in ms, from /proc; NaN elsewhere. */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s (USER_HZ)
  } catch {
    return Number.NaN;
  }
}

export function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Starts one process and resolves once it printed that it started (or rejects with what it printed). */
export function spawnGateway(
  env: Record<string, string>,
  opts: { startTimeoutMs?: number; logs?: 'ignore' | 'inherit'; nodeArgs?: string[] } = {},
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? benchNodeArgs()), ...ENTRY], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (opts.logs === 'inherit') process.stderr.write(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  exited.then(() => process.off('exit', onExit));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill('SIGKILL');
      reject(new Error(`gateway process did not start within ${opts.startTimeoutMs ?? 60_000} ms: ${err.slice(-2000)}`));
    }, opts.startTimeoutMs ?? 60_000);
    const early = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`gateway process exited (${code ?? signal}) before starting: ${err.slice(-2000)}`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!/Sabali gateway started/.test(out) || !/\n\s*sms:/.test(out)) return;
      if (/role (web|all)/.test(out) && !/http:\s+http/.test(out)) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const url = /http:\s+(http:\/\/\S+)/.exec(out)?.[1] ?? null;
      resolve({
        child,
        pid: child.pid!,
        url,
        peakRssMiB: () => peakRssMiB(child.pid!),
        cpuMs: () => cpuMsOf(child.pid!),
        stderr: () => err,
        kill,
        async stop(ms = 15_000) {
          const t = setTimeout(() => child.kill('SIGKILL'), ms);
          await kill('SIGTERM');
          clearTimeout(t);
        },
      });
    });
  });
}
