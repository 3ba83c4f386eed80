// The only module that reads process.env: parses it once with a schema and hands down a frozen object.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PROVIDERS } from './channels/index.ts';
import type { ChannelProvider, SharedChannelConfig } from './channels/contract.ts';
import { ChannelConfigError } from './channels/registry.ts';
import { optionalString } from './channels/schema.ts';

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('sabali'),
  PHONE_KEY: optionalString,
  PHONE_KEYS_PREVIOUS: optionalString,
  PHONE_LOOKUP_KEY: optionalString,
  RETENTION_DAYS: positiveNumber(180),
  API_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().min(1).default(30),
  TRUST_PROXY: optionalString,
  AT_WEBHOOK_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  AT_SHORT_CODES: optionalString,
  SMS_ROUTES: optionalString,
  FAILOVER_AFTER_MS: z.coerce.number().min(0).default(120_000),
  SMS_RATE_PER_SECOND: positiveNumber(10),
  SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  SMS_BACKOFF_MS: positiveNumber(2000),
  SWEEP_INTERVAL_MS: positiveNumber(15_000),
  SWEEP_AFTER_MS: positiveNumber(30_000),
  ESCALATION_SEV3_MINUTES: positiveNumber(15),
  ESCALATION_SEV2_MINUTES: positiveNumber(240),
  ESCALATION_SEV1_MINUTES: positiveNumber(2880),
  ESCALATION_TIME_SCALE: positiveNumber(1),
  INCIDENT_WINDOW_HOURS: positiveNumber(6),
  INCIDENT_WINDOW_FONCIER_HOURS: positiveNumber(72),
  BROADCAST_SEGMENT_BUDGET: z.coerce.number().int().min(1).default(1000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  METRICS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  METRICS_HOST: optionalString,
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  SIMULATOR_ENABLED: z.enum(['true', 'false']).optional(),
  SESSION_TTL_HOURS: positiveNumber(12),
  SESSION_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  OUTBOUND_WEBHOOK_ALLOW_LOCAL: z.enum(['true', 'false']).default('false'),
  OUTBOUND_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  OUTBOUND_WEBHOOK_BACKOFF_MS: positiveNumber(10_000),
  OUTBOUND_WEBHOOK_TIMEOUT_MS: positiveNumber(10_000),
  VOICE_CALL_BACK: z.enum(['true', 'false']).default('true'),
  /** Our Africa's Talking voice number: the caller id of call backs. */
  VOICE_NUMBER: optionalString,
  /** Hosts a caller's recording may be fetched from (comma-separated); the provider's media host by default. */
  VOICE_RECORDING_HOSTS: z.string().default('media.africastalking.com'),
  VOICE_RECORDING_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  VOICE_RECORDING_BACKOFF_MS: z.coerce.number().int().min(1).default(10_000),
  /** Call the primary focal point of an unanswered severity-3 alert before escalating (default: on when VOICE_NUMBER is set). */
  VOICE_ESCALATION: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  role: 'all' | 'web' | 'worker';
  dataDir: string;
  /** Embedded mode: no DATABASE_URL, so PostgreSQL under dataDir (src/embedded) and generated secrets. */
  embedded: boolean;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  queuePrefix: string;
  phoneKey: Buffer;
  /** Rotation: the current key encrypts; previous keys still decrypt; the look-up key keeps hashes stable. */
  phoneKeys: Readonly<{ current: Buffer; previous: readonly Buffer[]; lookup: Buffer }>;
  /** Phone numbers of reporters with no open incident are purged after this many days. */
  retentionDays: number;
  /** Requests per minute and IP address on the API. */
  apiRatePerMinute: number;
  /** Failed dashboard logins per 15 minutes and client address (an account also locks for that address after 5). */
  loginAttemptsPer15Min: number;
  /** Express's 'trust proxy': whose X-Forwarded-For names the client (false: nobody's, the socket's address counts). */
  trustProxy: TrustProxy;
  webhookKey: string;
  adminToken: string;
  /** SMS_CHANNEL: one of the providers' names (src/channels/index.ts). */
  channel: string;
  /** The SMS providers this config was read with; the registry and the webhooks derive from the same list. */
  providers: readonly ChannelProvider[];
  /** Each configured provider's frozen config, by name (read it with providerConfig). */
  channelConfigs: Readonly<Record<string, unknown>>;
  /** Per purpose, the channels in order ('alert=simgateway,orange;default=simulator'); failover goes down the list. */
  smsRoutes: string;
  failoverAfterMs: number;
  shortCodes: readonly string[];
  sms: Readonly<{ ratePerSecond: number; maxAttempts: number; backoffMs: number }>;
  sweep: Readonly<{ intervalMs: number; afterMs: number }>;
  /** Wait before escalating an unanswered alert, by severity, already multiplied by ESCALATION_TIME_SCALE. */
  escalationDelayMs: Readonly<Record<1 | 2 | 3, number>>;
  /** Reports of one category and commune within this window join one incident; FONCIER has its own. */
  incidentWindowMs: Readonly<{ default: number; FONCIER: number }>;
  /** Total SMS segments a prevention broadcast may cost without an explicit confirmation. */
  broadcastSegmentBudget: number;
  workerConcurrency: number;
  /** Most PostgreSQL connections one process opens. */
  databasePoolSize: number;
  /** A job's lock: a killed worker's jobs run again within about twice this. */
  jobLockMs: number;
  /** A separate listener for /metrics, the queue dashboard and the probes (every role); unset: on the main port. */
  metrics: Readonly<{ port: number; host: string }> | undefined;
  seedDemo: boolean;
  /** The phone simulator page at /simulator (a local test tool: on in embedded mode, off in production). */
  simulatorEnabled: boolean;
  /** Dashboard sessions (in Redis): lifetime, and the Secure flag of the cookie (set it behind HTTPS). */
  session: Readonly<{ ttlMs: number; secureCookie: boolean }>;
  /**
   * Outbound webhooks: receivers on loopback, private or link-local addresses are refused unless allowLocal;
   * a delivery is tried maxAttempts times with exponential backoff from backoffMs, each within timeoutMs.
   */
  outboundWebhooks: Readonly<{ allowLocal: boolean; maxAttempts: number; backoffMs: number; timeoutMs: number }>;
  logLevel: string;
  /** Voice: reject an inbound call and call back (VOICE_CALL_BACK); our voice number for call backs. */
  voice: Readonly<{
    callBack: boolean;
    number: string | undefined;
    /** VOICE_RECORDING_HOSTS, lower-cased. */
    recordingHosts: readonly string[];
    recordingMaxBytes: number;
    recordingBackoffMs: number;
    /** VOICE_ESCALATION: a severity-3 alert's primary focal point is called before the ladder moves on. */
    escalation: boolean;
  }>;
  /** Where the embedded default keeps the secrets it generated, when it generated any. */
  secretsFile: string | null;
  /** The embedded default's demo admin for the dashboard (email, password kept in secretsFile). */
  demoAdmin: Readonly<{ email: string; password: string }> | undefined;
  /** Which secrets came from secretsFile rather than the environment. */
  generatedSecrets: readonly ('PHONE_KEY' | 'AT_WEBHOOK_KEY' | 'ADMIN_TOKEN')[];
}>;

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

/** false, true (every hop: only when nothing but our proxy can reach us), a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | string;

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const parts = raw.split(',').map((p) => p.trim());
  const valid = (p: string) => {
    if (PROXY_NAMES.has(p)) return true;
    const [addr, bits, extra] = p.split('/');
    if (extra !== undefined || !addr || !isIP(addr)) return false;
    const max = isIP(addr) === 4 ? 32 : 128;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
  };
  if (parts.length === 0 || !parts.every(valid)) {
    throw new ConfigError(
      'invalid configuration: TRUST_PROXY: false, true, a hop count, or addresses/subnets (loopback, linklocal, uniquelocal, 10.0.0.0/8, …) comma-separated',
    );
  }
  return parts.join(',');
}

function parsePhoneKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError('PHONE_KEY: must be 32 bytes, as 64 hex digits or base64');
  return key;
}

interface Secrets {
  phoneKey: string;
  webhookKey: string;
  adminToken: string;
  /** Password of the demo admin account the embedded default creates for the dashboard. */
  dashboardPassword?: string;
}

/** The embedded default keeps its generated secrets under DATA_DIR so they survive restarts. */
function embeddedSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Secrets;
    if (kept.dashboardPassword) return kept;
    const upgraded = { ...kept, dashboardPassword: randomBytes(12).toString('base64url') };
    writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: Secrets = {
    phoneKey: randomBytes(32).toString('hex'),
    webhookKey: randomBytes(24).toString('base64url'),
    adminToken: randomBytes(24).toString('base64url'),
    dashboardPassword: randomBytes(12).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** A provider's config from a loaded config; undefined when it is not configured. */
export function providerConfig<C>(config: Config, provider: ChannelProvider<C>): C | undefined {
  return config.channelConfigs[provider.name] as C | undefined;
}

/** Each provider's env vars beside ours, and SMS_CHANNEL naming one of them. */
type Env = z.output<typeof baseSchema> & { SMS_CHANNEL?: string } & Record<string, unknown>;
function schemaFor(providers: readonly ChannelProvider[]): z.ZodType<Env> {
  const names = providers.map((p) => p.name) as [string, ...string[]];
  const shape: z.ZodRawShape = Object.assign({ SMS_CHANNEL: z.enum(names).optional() }, ...providers.map((p) => p.env.shape));
  return baseSchema.extend(shape) as unknown as z.ZodType<Env>;
}

/**
 * Each provider's config in list order; a half-configured one, or SMS_CHANNEL naming one that is not
 * configured and says what it needs, is refused. The channel: SMS_CHANNEL, else the first configured
 * preferred provider, else the first of the list.
 */
function configureChannels(providers: readonly ChannelProvider[], e: Env, shared: SharedChannelConfig) {
  const configs: Record<string, unknown> = {};
  for (const p of providers) {
    let c: unknown;
    try {
      c = p.configure(e, shared);
    } catch (err) {
      if (err instanceof ChannelConfigError) throw new ConfigError(`invalid configuration: ${err.message}`);
      throw err;
    }
    if (c !== undefined) configs[p.name] = c;
    else if (e.SMS_CHANNEL === p.name && p.needs)
      throw new ConfigError(`invalid configuration: SMS_CHANNEL=${p.name} needs ${p.needs}`);
  }
  const channel = e.SMS_CHANNEL ?? providers.find((p) => p.preferred && p.name in configs)?.name ?? providers[0]!.name;
  return { channel, configs: Object.freeze(configs) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, providers: readonly ChannelProvider[] = PROVIDERS): Config {
  const parsed = schemaFor(providers).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const embedded = e.DATABASE_URL === undefined;
  const missing = (['PHONE_KEY', 'AT_WEBHOOK_KEY', 'ADMIN_TOKEN'] as const).filter((k) => e[k] === undefined);
  if (!embedded && missing.length > 0) {
    throw new ConfigError(`invalid configuration: ${missing.join(', ')} must be set when DATABASE_URL is set`);
  }
  const generated = embedded && missing.length > 0 ? embeddedSecrets(dataDir) : undefined;
  const webhookKey = e.AT_WEBHOOK_KEY ?? generated!.webhookKey;
  const shortCodes = Object.freeze(
    (e.AT_SHORT_CODES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const { channel, configs } = configureChannels(providers, e, { webhookKey, shortCodes });
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    role: e.ROLE,
    dataDir,
    embedded,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    phoneKey: parsePhoneKey(e.PHONE_KEY ?? generated!.phoneKey),
    phoneKeys: Object.freeze({
      current: parsePhoneKey(e.PHONE_KEY ?? generated!.phoneKey),
      previous: Object.freeze(
        (e.PHONE_KEYS_PREVIOUS ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
          .map(parsePhoneKey),
      ),
      lookup: parsePhoneKey(e.PHONE_LOOKUP_KEY ?? e.PHONE_KEY ?? generated!.phoneKey),
    }),
    retentionDays: e.RETENTION_DAYS,
    apiRatePerMinute: e.API_RATE_PER_MINUTE,
    loginAttemptsPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    webhookKey,
    adminToken: e.ADMIN_TOKEN ?? generated!.adminToken,
    channel,
    providers: Object.freeze([...providers]),
    channelConfigs: configs,
    smsRoutes: e.SMS_ROUTES ?? `default=${channel}`,
    failoverAfterMs: e.FAILOVER_AFTER_MS,
    shortCodes,
    sms: Object.freeze({ ratePerSecond: e.SMS_RATE_PER_SECOND, maxAttempts: e.SMS_MAX_ATTEMPTS, backoffMs: e.SMS_BACKOFF_MS }),
    sweep: Object.freeze({ intervalMs: e.SWEEP_INTERVAL_MS, afterMs: e.SWEEP_AFTER_MS }),
    escalationDelayMs: Object.freeze({
      3: e.ESCALATION_SEV3_MINUTES * 60_000 * e.ESCALATION_TIME_SCALE,
      2: e.ESCALATION_SEV2_MINUTES * 60_000 * e.ESCALATION_TIME_SCALE,
      1: e.ESCALATION_SEV1_MINUTES * 60_000 * e.ESCALATION_TIME_SCALE,
    }),
    incidentWindowMs: Object.freeze({
      default: e.INCIDENT_WINDOW_HOURS * 3_600_000,
      FONCIER: e.INCIDENT_WINDOW_FONCIER_HOURS * 3_600_000,
    }),
    broadcastSegmentBudget: e.BROADCAST_SEGMENT_BUDGET,
    workerConcurrency: e.WORKER_CONCURRENCY,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    jobLockMs: e.JOB_LOCK_MS,
    metrics: e.METRICS_PORT === undefined ? undefined : Object.freeze({ port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST }),
    seedDemo: e.SEED_DEMO === undefined ? embedded : e.SEED_DEMO === 'true',
    simulatorEnabled:
      e.SIMULATOR_ENABLED === undefined ? embedded && e.NODE_ENV !== 'production' : e.SIMULATOR_ENABLED === 'true',
    session: Object.freeze({ ttlMs: e.SESSION_TTL_HOURS * 3_600_000, secureCookie: e.SESSION_COOKIE_SECURE === 'true' }),
    outboundWebhooks: Object.freeze({
      allowLocal: e.OUTBOUND_WEBHOOK_ALLOW_LOCAL === 'true',
      maxAttempts: e.OUTBOUND_WEBHOOK_MAX_ATTEMPTS,
      backoffMs: e.OUTBOUND_WEBHOOK_BACKOFF_MS,
      timeoutMs: e.OUTBOUND_WEBHOOK_TIMEOUT_MS,
    }),
    logLevel: e.LOG_LEVEL,
    voice: Object.freeze({
      callBack: e.VOICE_CALL_BACK === 'true',
      number: e.VOICE_NUMBER,
      recordingHosts: Object.freeze(
        e.VOICE_RECORDING_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
      recordingMaxBytes: e.VOICE_RECORDING_MAX_BYTES,
      recordingBackoffMs: e.VOICE_RECORDING_BACKOFF_MS,
      escalation: e.VOICE_ESCALATION === undefined ? e.VOICE_NUMBER !== undefined : e.VOICE_ESCALATION === 'true',
    }),
    secretsFile: generated || embedded ? join(dataDir, 'secrets.json') : null,
    demoAdmin: embedded
      ? Object.freeze({ email: 'admin@sabali.local', password: (generated ?? embeddedSecrets(dataDir)).dashboardPassword! })
      : undefined,
    generatedSecrets: Object.freeze(generated ? missing : []),
  });
}
