// The only module that reads process.env: parses it once with a schema and hands down a frozen object.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  ),
  REDIS_URL: optionalString.pipe(
    z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  ),
  QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only').default('sabali'),
  PHONE_KEY: optionalString,
  AT_WEBHOOK_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SMS_CHANNEL: z.enum(['simulator', 'africastalking']).optional(),
  AT_USERNAME: optionalString,
  AT_API_KEY: optionalString,
  AT_SENDER_ID: optionalString,
  AT_SHORT_CODES: optionalString,
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
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  role: 'all' | 'web' | 'worker';
  dataDir: string;
  /** Embedded mode: no DATABASE_URL, so PGlite under dataDir and generated secrets. */
  embedded: boolean;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  queuePrefix: string;
  phoneKey: Buffer;
  webhookKey: string;
  adminToken: string;
  channel: 'simulator' | 'africastalking';
  africasTalking: Readonly<{ username: string; apiKey: string; senderId: string | undefined }> | undefined;
  shortCodes: readonly string[];
  sms: Readonly<{ ratePerSecond: number; maxAttempts: number; backoffMs: number }>;
  sweep: Readonly<{ intervalMs: number; afterMs: number }>;
  /** Wait before escalating an unanswered alert, by severity, already multiplied by ESCALATION_TIME_SCALE. */
  escalationDelayMs: Readonly<Record<1 | 2 | 3, number>>;
  /** Reports of one category and commune within this window join one incident; FONCIER has its own. */
  incidentWindowMs: Readonly<{ default: number; FONCIER: number }>;
  workerConcurrency: number;
  seedDemo: boolean;
  logLevel: string;
  /** Where the embedded default keeps the secrets it generated, when it generated any. */
  secretsFile: string | null;
  /** Which secrets came from secretsFile rather than the environment. */
  generatedSecrets: readonly ('PHONE_KEY' | 'AT_WEBHOOK_KEY' | 'ADMIN_TOKEN')[];
}>;

export class ConfigError extends Error {
  readonly code = 'config_invalid';
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
}

/** The embedded default keeps its generated secrets under DATA_DIR so they survive restarts. */
function embeddedSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: Secrets = {
    phoneKey: randomBytes(32).toString('hex'),
    webhookKey: randomBytes(24).toString('base64url'),
    adminToken: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
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
  const hasAt = e.AT_USERNAME !== undefined && e.AT_API_KEY !== undefined;
  const channel = e.SMS_CHANNEL ?? (hasAt ? 'africastalking' : 'simulator');
  if (channel === 'africastalking' && !hasAt) {
    throw new ConfigError('invalid configuration: SMS_CHANNEL=africastalking needs AT_USERNAME and AT_API_KEY');
  }
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
    webhookKey: e.AT_WEBHOOK_KEY ?? generated!.webhookKey,
    adminToken: e.ADMIN_TOKEN ?? generated!.adminToken,
    channel,
    africasTalking: hasAt
      ? Object.freeze({ username: e.AT_USERNAME!, apiKey: e.AT_API_KEY!, senderId: e.AT_SENDER_ID })
      : undefined,
    shortCodes: Object.freeze((e.AT_SHORT_CODES ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    sms: Object.freeze({ ratePerSecond: e.SMS_RATE_PER_SECOND, maxAttempts: e.SMS_MAX_ATTEMPTS, backoffMs: e.SMS_BACKOFF_MS }),
    sweep: Object.freeze({ intervalMs: e.SWEEP_INTERVAL_MS, afterMs: e.SWEEP_AFTER_MS }),
    escalationDelayMs: Object.freeze({
      3: e.ESCALATION_SEV3_MINUTES * 60_000 * e.ESCALATION_TIME_SCALE,
      2: e.ESCALATION_SEV2_MINUTES * 60_000 * e.ESCALATION_TIME_SCALE,
      1: e.ESCALATION_SEV1_MINUTES * 60_000 * e.ESCALATION_TIME_SCALE,
    }),
    incidentWindowMs: Object.freeze({ default: e.INCIDENT_WINDOW_HOURS * 3_600_000, FONCIER: e.INCIDENT_WINDOW_FONCIER_HOURS * 3_600_000 }),
    workerConcurrency: e.WORKER_CONCURRENCY,
    seedDemo: e.SEED_DEMO === undefined ? embedded : e.SEED_DEMO === 'true',
    logLevel: e.LOG_LEVEL,
    secretsFile: generated ? join(dataDir, 'secrets.json') : null,
    generatedSecrets: Object.freeze(generated ? missing : []),
  });
}
