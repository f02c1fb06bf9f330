import { z } from 'zod';
import { ConfigurationError } from './errors.js';
import { IssuanceConfigSchema } from './issuance/issuance-config.js';
import { RunnerConfigSchema } from './runner/runner-config.js';
import { SYSTEM_DEFINITIONS } from './systems/registry.js';
import { isoDurationMs } from './time/iso-duration.js';
import { ClientWebhookSchema, isPlainHttp, WebhooksConfigSchema } from './webhooks/webhook-config.js';
import { readYamlFile } from './yaml/yaml-file.js';

/** Longest interval a Node timer takes (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** An ISO-8601 duration of exact length (`PnDTnHnMnS`) from one second up to the longest timer interval. */
function isTimerDuration(value: string): boolean {
  try {
    const ms = isoDurationMs(value);
    return ms >= 1000 && ms <= MAX_TIMER_MS;
  } catch {
    return false;
  }
}
import { DEFAULT_STAFF_SESSION, StaffConfigSchema, staffProductionIssues } from './staff/staff-config.js';

/** The API keys that exist in the dev profile and must never reach production. */
export const DEV_CLIENT_KEYS = ['dev-frontend-key', 'dev-staff-key', 'dev-staff-2-key', 'dev-store-key'] as const;

/** `limit` requests per `windowSeconds`, of which up to `burst` may come at once (GCRA, see src/rate-limit/gcra.ts). */
const RatePolicySchema = z
  .object({
    limit: z.number().int().min(1).max(1_000_000),
    windowSeconds: z.number().int().min(1).max(86_400),
    burst: z.number().int().min(1).max(1_000_000),
  })
  .strict();

/** The default limit on submissions per frontend client: 50 a second on average, 500 at once. */
export const DEFAULT_SUBMISSION_RATE = { limit: 3000, windowSeconds: 60, burst: 500 } as const;

/** The default limit on verifications per API client or client address: 10 a second on average, 60 at once. */
export const DEFAULT_VERIFICATION_RATE = { limit: 600, windowSeconds: 60, burst: 60 } as const;

/** The default limit on failed pickup lookups per store terminal: 10 an hour, 5 at once. */
export const DEFAULT_PICKUP_TERMINAL_FAILURES = { limit: 10, windowSeconds: 3600, burst: 5 } as const;

/** The default limit on failed pickup lookups per store-network client (all its terminals): 120 an hour, 60 at once. */
export const DEFAULT_PICKUP_CLIENT_FAILURES = { limit: 120, windowSeconds: 3600, burst: 60 } as const;

const DEFAULT_PICKUP_LOOKUP_FAILURES = { perTerminal: DEFAULT_PICKUP_TERMINAL_FAILURES, perClient: DEFAULT_PICKUP_CLIENT_FAILURES } as const;

/** The default limit on form-event batches per frontend client: 100 a second on average, 1,000 at once (a frontend sends for all its residents). */
export const DEFAULT_FORM_EVENT_RATE = { limit: 6000, windowSeconds: 60, burst: 1000 } as const;

const ClientSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens'),
    role: z.enum(['frontend', 'staff', 'store-network']),
    key: z.string().min(12, 'an API key needs at least 12 characters').max(512),
    /** This client's own limits, instead of `rateLimits`; null: no limit. */
    rateLimits: z.object({ submissions: RatePolicySchema.nullable().optional() }).strict().optional(),
    /** Frontend clients only: where status changes of this client's applications are pushed (src/webhooks/README.md). */
    webhook: ClientWebhookSchema.optional(),
  })
  .strict();
export type ClientConfig = z.infer<typeof ClientSchema>;
export type ClientRole = ClientConfig['role'];

const StoreSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sqlite'), path: z.string().min(1).default('data/kakehashi.db') }).strict(),
  z.object({ kind: z.literal('redis'), url: z.string().url(), prefix: z.string().min(1).default('kakehashi:') }).strict(),
  z
    .object({
      kind: z.literal('postgres'),
      /** `postgres://user:password@host:port/database`; the password is never logged. */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
      /** Connections this process keeps in its pool. */
      maxConnections: z.number().int().min(1).max(100).default(10),
    })
    .strict(),
]);

const CrlSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('url'), url: z.string().url() }).strict(),
]);

/** Trust for JPKI signatures. Empty in the dev profile: the dev PKI under `devPki.directory` is used. */
const PkiSchema = z
  .object({
    trustAnchorFiles: z.array(z.string().min(1)).default([]),
    intermediateFiles: z.array(z.string().min(1)).default([]),
    crlSources: z.array(CrlSourceSchema).default([]),
    freshness: z
      .object({
        /** How old a signature may be when it reaches the gateway. */
        maxAgeSeconds: z.number().int().min(30).max(7 * 24 * 3600).default(900),
        maxFutureSkewSeconds: z.number().int().min(0).max(3600).default(300),
      })
      .strict()
      .default({ maxAgeSeconds: 900, maxFutureSkewSeconds: 300 }),
  })
  .strict();

/**
 * The core systems Kakehashi delivers to, each validated with its adapter's own
 * schema (src/systems/registry.ts). A missing base URL means the bundled simulator (dev profile).
 */
const SystemsSchema = z
  .object({
    residentRegistry: SYSTEM_DEFINITIONS.residentRegistry.optionsSchema.prefault({}),
    tax: SYSTEM_DEFINITIONS.tax.optionsSchema.prefault({}),
    welfare: SYSTEM_DEFINITIONS.welfare.optionsSchema.prefault({}),
  })
  .strict();

/**
 * Characters a legacy system cannot hold: replaced by this table where a
 * system's policy is `degrade` (the change is recorded), refused otherwise.
 */
const CharsetSchema = z
  .object({
    policy: z.enum(['reject', 'degrade', 'hold']).default('degrade'),
    degrade: z
      .object({ replacements: z.record(z.string(), z.string()).default({}), dropVariationSelectors: z.boolean().default(true) })
      .strict()
      .prefault({}),
  })
  .strict();

/** Replacements the registry standards allow for common characters outside CP932 (MJ縮退-style). */
export const DEFAULT_DEGRADE_REPLACEMENTS: Record<string, string> = { '𠮷': '吉', '𡈽': '土', '𩸽': '魚', '𠀋': '丈', '塡': '填', '𠮟': '叱' };

/** Every setting of the gateway. Validated once at boot; nothing else reads process.env. */
export const ConfigSchema = z
  .object({
    profile: z.enum(['dev', 'production']),
    host: z.string().min(1).default('0.0.0.0'),
    port: z.coerce.number().int().min(0).max(65_535).default(8080),
    /** The externally visible base URL, used in links (statusUrl, verification URL). */
    publicBaseUrl: z.string().url().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    dataDirectory: z.string().min(1).default('data'),
    store: StoreSchema.default({ kind: 'sqlite', path: 'data/kakehashi.db' }),
    catalogDirectory: z.string().min(1).default('mappings/procedures'),
    clients: z.array(ClientSchema).default([]),
    cors: z.object({ origins: z.array(z.string().url()).default([]) }).strict().default({ origins: [] }),
    /** Node's HTTP server timeouts, so a stalled client cannot hold a connection for Node's 300 s default. */
    http: z
      .object({
        timeouts: z
          .object({
            /** Whole request (headers and body) must arrive within this; Node answers 408 and closes. */
            requestMs: z.number().int().min(100).default(30_000),
            /** Headers must arrive within this; Node answers 408 and closes. */
            headersMs: z.number().int().min(100).default(10_000),
            /** An idle kept-alive connection is closed after this. */
            keepAliveMs: z.number().int().min(100).default(5_000),
            /**
             * A request body that stops arriving for this long is answered 408 problem+json
             * by the gateway and the connection closed. Below requestMs to take effect first.
             */
            bodyIdleMs: z.number().int().min(100).default(10_000),
          })
          .strict()
          .default({ requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5_000, bodyIdleMs: 10_000 }),
      })
      .strict()
      .default({ timeouts: { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5_000, bodyIdleMs: 10_000 } }),
    limits: z
      .object({
        bodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
        jsonDepth: z.number().int().min(4).max(256).default(32),
      })
      .strict()
      .default({ bodyBytes: 1024 * 1024, jsonDepth: 32 }),
    idempotency: z
      .object({ ttlSeconds: z.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600) })
      .strict()
      .default({ ttlSeconds: 24 * 3600 }),
    /**
     * Limits: submissions per frontend client; verifications (anonymous and CPU-bound)
     * per API client or client address; failed pickup lookups (guessed codes) per
     * store terminal and per store-network client; form-event batches per frontend client. `null` turns one off. Buckets are in memory
     * with SQLite, shared in Redis with the Redis store.
     */
    rateLimits: z
      .object({
        submissions: RatePolicySchema.nullable().default(DEFAULT_SUBMISSION_RATE),
        verifications: RatePolicySchema.nullable().default(DEFAULT_VERIFICATION_RATE),
        pickupLookupFailures: z
          .object({
            perTerminal: RatePolicySchema.nullable().default(DEFAULT_PICKUP_TERMINAL_FAILURES),
            perClient: RatePolicySchema.nullable().default(DEFAULT_PICKUP_CLIENT_FAILURES),
          })
          .strict()
          .default(DEFAULT_PICKUP_LOOKUP_FAILURES),
        /** Form-event batches per frontend client; absent: DEFAULT_FORM_EVENT_RATE. */
        formEvents: RatePolicySchema.nullable().optional(),
      })
      .strict()
      .default({ submissions: DEFAULT_SUBMISSION_RATE, verifications: DEFAULT_VERIFICATION_RATE, pickupLookupFailures: DEFAULT_PICKUP_LOOKUP_FAILURES }),
    /** Addresses of the reverse proxies in front of the gateway: for requests from them, X-Forwarded-For names the client. */
    trustedProxies: z.array(z.union([z.ipv4(), z.ipv6()], { error: 'expected an IP address' })).default([]),
    /**
     * Secret that access tokens are derived from (HMAC-SHA256 over the application id).
     * Only the tokens' hashes are stored; the secret lets an idempotent replay hand out the same token.
     * In the dev profile a random one is generated under the data directory when absent.
     */
    accessTokenSecret: z.string().min(32, 'needs at least 32 characters').optional(),
    callbacks: z
      .object({
        secrets: z.record(z.string(), z.string().min(32, 'an HMAC secret needs at least 32 characters')).default({}),
        /** While a system's secret is rotated: the one it signed with before, still accepted. */
        previousSecrets: z.record(z.string(), z.string().min(32, 'an HMAC secret needs at least 32 characters')).default({}),
      })
      .strict()
      .default({ secrets: {}, previousSecrets: {} }),
    pki: PkiSchema.default({ trustAnchorFiles: [], intermediateFiles: [], crlSources: [], freshness: { maxAgeSeconds: 900, maxFutureSkewSeconds: 300 } }),
    /** Dev profile only: where the dev PKI is made, and the residents it issues certificates to. */
    devPki: z
      .object({ directory: z.string().min(1).default('certs/dev'), residentsFile: z.string().min(1).default('fixtures/residents/residents.json') })
      .strict()
      .default({ directory: 'certs/dev', residentsFile: 'fixtures/residents/residents.json' }),
    /** Card payment providers by the name frontends send as `payment.provider`. */
    payment: z
      .object({ providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and hyphens'), SYSTEM_DEFINITIONS.payment.optionsSchema).default({}) })
      .strict()
      .default({ providers: {} }),
    /** Dev profile: run the bundled simulators of the core systems and the payment provider in this process. */
    simulators: z
      .object({
        enabled: z.boolean().optional(),
        host: z.string().default('127.0.0.1'),
        paymentPort: z.number().int().min(0).max(65_535).default(8091),
        residentRegistryPort: z.number().int().min(0).max(65_535).default(8092),
        welfarePort: z.number().int().min(0).max(65_535).default(8093),
        convenienceStorePort: z.number().int().min(0).max(65_535).default(8094),
        /** The bundled OpenID Connect provider staff sign in at (src/dev/identity-provider). */
        identityProviderPort: z.number().int().min(0).max(65_535).default(8095),
      })
      .strict()
      .prefault({}),
    systems: SystemsSchema.prefault({}),
    /** Electronic certificates: the city, its signing key and chain, the verification link. Dev profile: the dev PKI's test city. */
    issuance: IssuanceConfigSchema.optional(),
    /** The convenience-store network (コンビニ交付): its adapter's options, and when pickups work. A missing base URL means the bundled simulator (dev profile). */
    convenienceStore: SYSTEM_DEFINITIONS.convenienceStore.optionsSchema
      .extend({
        /** Days after the request day (Tokyo) the pickup code works, until 23:00 of the last day. */
        pickupValidityDays: z.number().int().min(1).max(90).default(14),
        /** How often pickups requested outside service hours are looked at. */
        schedulerIntervalMs: z.number().int().min(100).max(3600_000).default(60_000),
      })
      .prefault({}),
    charset: CharsetSchema.prefault({ degrade: { replacements: DEFAULT_DEGRADE_REPLACEMENTS } }),
    /**
     * What this process does (`KAKEHASHI_ROLE`): `all` answers requests and
     * runs the background work; `api` only answers requests (intake, status,
     * console, callbacks); `runner` only runs the background work (route steps,
     * the tax exchange, webhooks, schedulers, purges) and answers /healthz,
     * /readyz and /metrics. Unset: `all`, or `api` when `runner.enabled` is false.
     */
    role: z.enum(['all', 'api', 'runner']).optional(),
    runner: RunnerConfigSchema.prefault({}),
    /** How status webhooks are retried (the per-client `clients[].webhook` says where they go). */
    webhooks: WebhooksConfigSchema.prefault({}),
    /** The retention purge (保存期間): how often it runs and how many applications it handles per batch. */
    retention: z
      .object({
        purgeEvery: z
          .string()
          .refine(isTimerDuration, { error: 'expected a duration from PT1S to P24D in days, hours, minutes or seconds, such as P1D or PT6H' })
          .default('P1D'),
        batchSize: z.number().int().min(1).max(10_000).default(100),
      })
      .strict()
      .default({ purgeEvery: 'P1D', batchSize: 100 }),
    /** Staff sign-in to the console (OpenID Connect) and its sessions. */
    staff: StaffConfigSchema.default({ session: DEFAULT_STAFF_SESSION }),
    shutdown: z
      .object({ graceSeconds: z.number().min(0).max(300).default(10) })
      .strict()
      .default({ graceSeconds: 10 }),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.role !== undefined && config.role !== 'api' && !config.runner.enabled) {
      context.addIssue({ code: 'custom', path: ['role'], message: `role ${config.role} runs the background work, which runner.enabled: false turns off; use role api, or drop runner.enabled` });
    }
    config.clients.forEach((client, index) => {
      if (client.webhook && client.role !== 'frontend') {
        context.addIssue({ code: 'custom', path: ['clients', index, 'webhook'], message: 'only frontend clients have a status webhook' });
      } else if (client.webhook && config.profile === 'production' && isPlainHttp(client.webhook.url)) {
        context.addIssue({ code: 'custom', path: ['clients', index, 'webhook', 'url'], message: 'production webhooks need https' });
      }
    });
    if (config.profile !== 'production') return;
    config.clients.forEach((client, index) => {
      if ((DEV_CLIENT_KEYS as readonly string[]).includes(client.key)) {
        context.addIssue({ code: 'custom', path: ['clients', index, 'key'], message: `the dev key '${client.key}' is not allowed in production` });
      } else if (client.key.length < 24) {
        context.addIssue({ code: 'custom', path: ['clients', index, 'key'], message: 'a production API key needs at least 24 characters' });
      }
    });
    if (config.clients.length === 0) context.addIssue({ code: 'custom', path: ['clients'], message: 'production needs at least one configured client' });
    if (!config.accessTokenSecret) context.addIssue({ code: 'custom', path: ['accessTokenSecret'], message: 'required in production' });
    if (config.pki.trustAnchorFiles.length === 0) context.addIssue({ code: 'custom', path: ['pki', 'trustAnchorFiles'], message: 'production needs the JPKI trust anchors' });
    if (config.pki.crlSources.length === 0) context.addIssue({ code: 'custom', path: ['pki', 'crlSources'], message: 'production needs a revocation source' });
    if (config.simulators.enabled) context.addIssue({ code: 'custom', path: ['simulators', 'enabled'], message: 'simulators are not allowed in production' });
    if (!config.systems.residentRegistry.baseUrl) context.addIssue({ code: 'custom', path: ['systems', 'residentRegistry', 'baseUrl'], message: 'required in production' });
    if (!config.systems.welfare.baseUrl) context.addIssue({ code: 'custom', path: ['systems', 'welfare', 'baseUrl'], message: 'required in production' });
    if (!config.systems.tax.exchangeDirectory) context.addIssue({ code: 'custom', path: ['systems', 'tax', 'exchangeDirectory'], message: 'required in production' });
    if (!config.issuance) context.addIssue({ code: 'custom', path: ['issuance'], message: 'required in production: the city signing key and certificate' });
    if (!config.convenienceStore.baseUrl || !config.convenienceStore.apiKey) {
      context.addIssue({ code: 'custom', path: ['convenienceStore', 'baseUrl'], message: 'required in production, with apiKey' });
    }
    for (const issue of staffProductionIssues(config.staff)) context.addIssue({ code: 'custom', ...issue });
    for (const system of ['welfare', 'convenience-store']) {
      if (!config.callbacks.secrets[system]) context.addIssue({ code: 'custom', path: ['callbacks', 'secrets', system], message: 'required in production' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** What this process does: see `role` in {@link ConfigSchema}. */
export type ProcessRole = NonNullable<Config['role']>;

export function processRole(config: Pick<Config, 'role' | 'runner'>): ProcessRole {
  return config.role ?? (config.runner.enabled ? 'all' : 'api');
}

/** Whether the bundled simulators run: on by default in the dev profile, never in production. */
export function simulatorsEnabled(config: Config): boolean {
  return config.simulators.enabled ?? config.profile === 'dev';
}

/** The clients of the dev profile. */
export const DEV_CLIENTS: ClientConfig[] = [
  { id: 'dev-frontend', role: 'frontend', key: 'dev-frontend-key' },
  { id: 'dev-staff', role: 'staff', key: 'dev-staff-key' },
  // A second staff client: dead-letter actions need two (four eyes).
  { id: 'dev-staff-2', role: 'staff', key: 'dev-staff-2-key' },
  { id: 'dev-store-network', role: 'store-network', key: 'dev-store-key' },
];

function readConfigFile(file: string): Record<string, unknown> {
  const parsed = readYamlFile(file, 'cannot read the configuration file');
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigurationError('must be a mapping of settings', { file });
  return parsed as Record<string, unknown>;
}

function setIfDefined(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/**
 * Builds the configuration from the environment and the optional YAML file named by
 * `KAKEHASHI_CONFIG`. Environment variables win over the file. Throws
 * ConfigurationError naming the setting on any invalid value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const file = env.KAKEHASHI_CONFIG;
  const raw: Record<string, unknown> = file ? readConfigFile(file) : {};
  const profile = env.NODE_ENV === 'production' ? 'production' : (raw.profile ?? 'dev');
  raw.profile = profile;
  setIfDefined(raw, 'port', env.PORT);
  setIfDefined(raw, 'host', env.HOST);
  setIfDefined(raw, 'logLevel', env.LOG_LEVEL);
  setIfDefined(raw, 'publicBaseUrl', env.KAKEHASHI_PUBLIC_URL);
  setIfDefined(raw, 'dataDirectory', env.KAKEHASHI_DATA_DIR);
  setIfDefined(raw, 'accessTokenSecret', env.KAKEHASHI_ACCESS_TOKEN_SECRET);
  setIfDefined(raw, 'role', env.KAKEHASHI_ROLE);
  if (env.KAKEHASHI_POSTGRES_URL) raw.store = { kind: 'postgres', url: env.KAKEHASHI_POSTGRES_URL };
  else if (env.KAKEHASHI_REDIS_URL) raw.store = { kind: 'redis', url: env.KAKEHASHI_REDIS_URL };
  else if (env.KAKEHASHI_SQLITE_PATH) raw.store = { kind: 'sqlite', path: env.KAKEHASHI_SQLITE_PATH };
  else if (raw.store === undefined && raw.dataDirectory !== undefined) raw.store = { kind: 'sqlite', path: `${String(raw.dataDirectory)}/kakehashi.db` };
  if (profile === 'dev' && raw.clients === undefined) raw.clients = DEV_CLIENTS;
  return parseConfig(raw, file);
}

/** Validates a raw configuration object; the error names the first invalid setting. */
export function parseConfig(raw: unknown, file?: string): Config {
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const segments = issue.path.map(String);
  const unknown = issue.code === 'unrecognized_keys';
  if (unknown) segments.push(issue.keys[0]!);
  const others = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  const message = unknown ? 'is not a known setting' : issue.message;
  throw new ConfigurationError(`setting '${segments.join('.') || '(root)'}': ${message}${others}`, file ? { file } : {});
}
