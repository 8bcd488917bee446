import { z } from 'zod';

/**
 * The one configuration schema. Read from the environment once at start; a wrong setting stops
 * the program with a message naming the setting and what it accepts.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const ConfigSchema = z
  .object({
    TRADELANE_DATABASE_URL: z
      .string()
      .regex(
        /^(sqlite:.+|postgres(ql)?:\/\/.+)$/,
        'sqlite:PATH, sqlite::memory: or postgres://USER@HOST:PORT/DB',
      )
      .default('sqlite:./var/tradelane.db'),
    TRADELANE_DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a PostgreSQL schema name (lower case letters, digits, _)')
      .optional(),
    TRADELANE_REFDATA_DIR: z.string().min(1).optional(),
    TRADELANE_HOST: z.string().min(1).default('127.0.0.1'),
    TRADELANE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    TRADELANE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    TRADELANE_BODY_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    TRADELANE_BATCH_LINE_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    TRADELANE_USITC_BASE_URL: z.url().default('https://hts.usitc.gov'),
    TRADELANE_UNLOCODE_BASE_URL: z.url().default('https://datahub.io/core/un-locode/r'),
    TRADELANE_PORTS_URL: z.url().optional(),
    TRADELANE_OFAC_BASE_URL: z.url().default('https://www.treasury.gov/ofac/downloads'),
    TRADELANE_CSL_URL: z
      .url()
      .default('https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv'),
    TRADELANE_DPL_URL: z.url().default('https://www.bis.doc.gov/dpl/dpl.txt'),
    TRADELANE_UN_SC_URL: z.url().default('https://scsanctions.un.org/resources/xml/en/consolidated.xml'),
    TRADELANE_HTS_EDITION: z.string().min(1).optional(),
    TRADELANE_HTS_EFFECTIVE_FROM: date.optional(),
    TRADELANE_SYNC_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    TRADELANE_SYNC_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    /** Lists (comma-separated data set names) whose cut-off last record is dropped, not refused. */
    TRADELANE_REFDATA_DROP_INCOMPLETE_TAIL: z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'comma-separated data set names, e.g. csl')
      .optional(),
    /** A screening thresholds file replacing packages/platform/policy/screening.json. */
    TRADELANE_SCREENING_POLICY: z.string().min(1).optional(),
    TRADELANE_PGA_MESSAGE_SETS: z.string().min(1).optional(),
    /** The lane rule set (JSON) instead of the shipped policy/risk-rules.json. */
    TRADELANE_RISK_RULES: z.string().min(1).optional(),
    /** The risk data (Xinjiang places, UFLPA sectors, brands…) instead of policy/risk-data.json. */
    TRADELANE_RISK_DATA: z.string().min(1).optional(),
    /** The trusted-trader program (eligibility, requirements, benefits); the shipped one by default. */
    TRADELANE_TRUSTED_PROGRAM: z.string().min(1).optional(),
    /** The classifier abstains when its top suggestion scores below this (0–1). */
    TRADELANE_CLASSIFY_ABSTAIN_BELOW: z.coerce.number().min(0).max(1).default(0.2),
    /** The misclassification stage warns only when the suggestion scores at least this (0–1). */
    TRADELANE_CLASSIFY_WARN_ABOVE: z.coerce.number().min(0).max(1).default(0.5),
    /** Mark the console's session cookie Secure (served over HTTPS, behind a TLS proxy). */
    TRADELANE_SECURE_COOKIES: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Where built artefacts (the classifier's fit…) are kept between starts, keyed by their inputs
     * (ADR 0017): default `cache/` beside the SQLite file, or `~/.cache/tradelane`; `off`: none.
     */
    TRADELANE_CACHE_DIR: z.string().min(1).optional(),
    /** Where paperless documents are stored (content-addressed files). */
    TRADELANE_DOCUMENTS_DIR: z.string().min(1).default('./var/documents'),
    /** Largest document accepted, in bytes. */
    TRADELANE_DOCUMENT_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    /**
     * Webhook hosts delivered to even when they resolve to a non-public address (comma-separated
     * host names or IP addresses; docs/security.md). Empty: public addresses only.
     */
    TRADELANE_WEBHOOK_ALLOW_HOSTS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((h) => h.trim())
          .filter((h) => h !== ''),
      ),
    /**
     * Active webhooks a tenant may have: each is a POST per event, so this bounds how many requests
     * one filing can make a filer's server send (WEBHOOK_LIMIT_REACHED beyond).
     */
    TRADELANE_WEBHOOKS_PER_TENANT: z.coerce.number().int().min(1).max(10_000).default(20),
    /**
     * Requests a minute each API key may make to each heavy endpoint (classify, screen, resolve,
     * PGA determine, reports); 0 turns the limit off.
     */
    TRADELANE_RATE_LIMIT_HEAVY: z.coerce.number().int().min(0).default(120),
    /** How often a server looks for data imported by another process (0: never). */
    TRADELANE_REFDATA_POLL_MS: z.coerce.number().int().min(0).default(30_000),
    /** The bus: unset → in process (embedded); `nats://host:port` → NATS JetStream (scale-out). */
    TRADELANE_BUS_URL: z
      .string()
      .regex(/^nats:\/\/\S+$/, 'nats://host:port')
      .optional(),
    /** Subject prefix and stream name on NATS: deployments sharing one server differ here. */
    TRADELANE_BUS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/)
      .default('tradelane'),
    /** Deliveries of a bus message before it goes to the dead-letter topic. */
    TRADELANE_BUS_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(5),
    /** A bus delivery not acknowledged within this goes to another worker (ms). */
    TRADELANE_BUS_ACK_WAIT_MS: z.coerce.number().int().min(100).default(30_000),
    /**
     * A server's group commit: a filing that arrives sooner than this after the last commit began
     * waits for the rest of it, to be written with the others (ms; 0: one commit per turn of the
     * event loop). Fewer commits write fewer pages (ADR 0030).
     */
    TRADELANE_COMMIT_SPACING_MS: z.coerce.number().min(0).max(50).default(2),
    /**
     * Each filing worker thread's heap limit (old generation, MB; 0: V8's own, derived from the
     * machine's memory). A bulk worker holds ~150–300 MB live; since ADR 0046 its heap grows to 2×
     * that between full collections (V8's own factor, before, let it reach ~4×). 1024 halved a
     * bulk run's RSS for ~7 % more time before ADR 0046 (ADR 0031); with it, not measured again.
     */
    TRADELANE_WORKER_HEAP_MB: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_048_576)
      .refine((v) => v === 0 || v >= 256, "0 (V8's own limit) or at least 256")
      .default(0),
    /** How often the outbox relay looks for committed events when idle (ms). */
    TRADELANE_OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(200),
    /**
     * PostgreSQL with autovacuum off: how often a background process looks for tables due an
     * ANALYZE (ms; 0: never). Nothing is done while autovacuum is on (ADR 0027).
     */
    TRADELANE_ANALYZE_POLL_MS: z.coerce.number().int().min(0).default(15_000),
  })
  .refine((c) => (c.TRADELANE_HTS_EDITION === undefined) === (c.TRADELANE_HTS_EFFECTIVE_FROM === undefined), {
    message: 'set both or neither of TRADELANE_HTS_EDITION and TRADELANE_HTS_EFFECTIVE_FROM',
    path: ['TRADELANE_HTS_EDITION'],
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('TRADELANE_') && v !== ''),
  );
  const r = ConfigSchema.safeParse(relevant);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const key = String(i.path[0] ?? 'config');
    const got = relevant[key];
    const accepted = 'options' in i && Array.isArray(i.options) ? `; accepted: ${i.options.join(', ')}` : '';
    return `${key}: ${i.message}${accepted}${got !== undefined ? ` (got "${got}")` : ''}`;
  });
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}
