/**
 * The only reader of `process.env`. Precedence: environment, then what the data dir holds
 * (generated secrets), then defaults.
 */
import path from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from '../shared/time.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  simulator: boolean;
  /** Simulated seconds per real second (1 = real time). */
  simSpeed: number;
  ingestKey: string | undefined;
  /** Bearer token that may read `/metrics` (besides an admin). */
  metricsToken: string | undefined;
  wallToken: string | undefined;
  adminPassword: string | undefined;
  siteTimeZone: string;
  logLevel: string;
  /** Extra browser origins allowed to open sockets, besides the server's own. */
  allowedOrigins: string[];
  /** Lifetime of user sign-in tokens. */
  tokenTtlSeconds: number;
  /** Directory of the built client. */
  clientDir: string;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  FLOORBOARD_DATA_DIR: z.string().min(1).default('./data'),
  FLOORBOARD_SIMULATOR: z.enum(['on', 'off']).default('on'),
  FLOORBOARD_SIM_SPEED: z.coerce.number().min(0.1).max(3600).default(1),
  FLOORBOARD_INGEST_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  FLOORBOARD_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  FLOORBOARD_WALL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  FLOORBOARD_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  FLOORBOARD_SITE_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isValidTimeZone, 'must be an IANA time zone name such as Asia/Shanghai'),
  FLOORBOARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLOORBOARD_ALLOWED_ORIGINS: z.string().default(''),
  FLOORBOARD_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86400).default(12 * 3600),
});

export class ConfigError extends Error {}

/** Reads and checks the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.FLOORBOARD_DATA_DIR),
    simulator: e.FLOORBOARD_SIMULATOR === 'on',
    simSpeed: e.FLOORBOARD_SIM_SPEED,
    ingestKey: e.FLOORBOARD_INGEST_KEY,
    metricsToken: e.FLOORBOARD_METRICS_TOKEN,
    wallToken: e.FLOORBOARD_WALL_TOKEN,
    adminPassword: e.FLOORBOARD_ADMIN_PASSWORD,
    siteTimeZone: e.FLOORBOARD_SITE_TIMEZONE,
    logLevel: e.FLOORBOARD_LOG_LEVEL,
    allowedOrigins: e.FLOORBOARD_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    tokenTtlSeconds: e.FLOORBOARD_TOKEN_TTL_SECONDS,
    clientDir: path.resolve(import.meta.dirname, '../dist/client'),
  };
}
