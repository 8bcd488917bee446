/**
 * The pipeline's background work, run by `tradelane serve` (unless --no-workers) and by
 * `tradelane worker`: the outbox relay, party resolution, webhook queueing and delivery,
 * self-assessment reminders. Any number of processes may run it side by side: the relay and the
 * deliveries claim their rows, and each bus group hands a message to one of them.
 */
import { Counter, type Registry } from 'prom-client';
import { OutboxRelay } from '../modules/filing/index.js';
import { eventsOf, reminderEvent } from '../modules/notifications/index.js';
import { DEAD_LETTER_TOPIC, type Bus, type DeadLetter } from '../platform/bus/bus.js';
import { busMetrics } from '../platform/bus/bus-metrics.js';
import { systemClock } from '../platform/system/system.js';
import type { Logger } from '../kernel/ports.js';
import { isDatabaseUnavailable } from '../platform/db/unavailable.js';
import type { Container } from './container.js';
import type { PrebuildResult } from './prebuild-worker.js';
import { prebuildThread } from './worker-data.js';

/** The topics filers hear about (webhooks and the event stream). */
export const FILER_TOPICS = ['shipment.filed', 'shipment.status', 'trusted.status'] as const;

/** The consumer groups of the background work (their lag is a metric). */
export const WORK_GROUPS = [
  { topic: 'shipment.filed', group: 'parties' },
  ...FILER_TOPICS.map((topic) => ({ topic, group: 'webhooks' })),
];

/**
 * A background loop's failure, logged: the database unreachable is a warning with its message (the
 * loop retries; a PostgreSQL restart would otherwise print a stack trace every turn), anything else
 * an error with its stack.
 */
export function logFailure(log: Logger, what: string): (err: unknown) => void {
  return (err) => {
    if (isDatabaseUnavailable(err))
      log.warn(
        { err: { message: (err as Error).message } },
        `${what}: the database is unreachable; will retry`,
      );
    else log.error({ err }, `${what} failed; will retry`);
  };
}

export interface Background {
  stop(): Promise<void>;
}

/** The event stream of this node, fed from the bus (every node hears every message). */
export async function feedEventStream(c: Container, bus: Bus): Promise<void> {
  for (const topic of FILER_TOPICS) {
    await bus.subscribe(topic, async (m) => {
      c.events.publish(eventsOf(m.topic, m.payload, systemClock.now()));
    });
  }
}

export interface BackgroundOptions {
  /**
   * Filings of a relayed message recorded (read, resolved, written) between two turns of the event
   * loop; the registry's default (20) when the process also answers requests (ADR 0041).
   */
  readonly partyPart?: number;
}

export async function startBackground(
  c: Container,
  bus: Bus,
  log: Logger,
  metrics: Registry,
  opts: BackgroundOptions = {},
): Promise<Background> {
  const observed = busMetrics(metrics, bus, WORK_GROUPS);
  // Party resolution runs behind the filing: each filed shipment's parties become registry links
  // (idempotent by shipment: links already recorded are skipped).
  await bus.subscribe(
    'shipment.filed',
    async (m) => {
      const ids = ((m.payload as { shipments?: { id: string }[] }).shipments ?? []).map((s) => s.id);
      await c.registry.recordShipments(ids, opts.partyPart);
    },
    { group: 'parties' },
  );
  // Filers hear about decisions and officers' actions: durable webhook deliveries, one per
  // (webhook, event id = shipment id + revision) however often a message comes.
  for (const topic of FILER_TOPICS) {
    await bus.subscribe(
      topic,
      async (m) => {
        await c.webhooks.enqueue(eventsOf(m.topic, m.payload, systemClock.now()));
      },
      { group: 'webhooks' },
    );
  }
  // A message no handler could take: logged once (it stays in the NATS stream for inspection).
  await bus.subscribe(
    DEAD_LETTER_TOPIC,
    async (m) => {
      const d = m.payload as DeadLetter;
      log.error(
        { topic: d.topic, group: d.group, id: d.id, key: d.key, deliveries: d.deliveries, error: d.error },
        'bus: a message was dead-lettered after its last delivery failed',
      );
    },
    { group: 'dead-letters' },
  );
  // Self-assessments due: a reminder per member, due date and step (60, 30, 7 days; overdue),
  // delivered once to each webhook that wants `trusted.reminder` however often this runs.
  const remind = () =>
    c.trusted
      .reminders(null)
      .then((rs) =>
        c.webhooks.enqueue(rs.map((r) => reminderEvent(r, r.tenant, r.status, systemClock.now()))),
      )
      .catch(logFailure(log, 'self-assessment reminders'));
  // Hourly too: the parts of document uploads a process killed mid-upload left in the database.
  const sweep = () =>
    c.documents
      .sweepUploads()
      .then((n) => n > 0 && log.info({ chunks: n }, 'documents: parts of unfinished uploads removed'))
      .catch(logFailure(log, 'documents: sweeping unfinished uploads'));
  void remind();
  void sweep();
  const reminders = setInterval(() => void (remind(), sweep()), 3_600_000);
  reminders.unref();
  let delivering: Promise<unknown> | null = null;
  const deliveries = setInterval(() => {
    if (delivering) return;
    delivering = c.webhooks
      .deliverDue()
      .catch(logFailure(log, 'webhook delivery'))
      .finally(() => (delivering = null));
  }, 250);
  deliveries.unref();
  // 100 events a turn (the next turn follows at once while turns come back full): a bulk file's
  // event announces a thousand filings or more, and 500 of them held ~75 MB of JSON at once.
  const relay = new OutboxRelay(c.store, bus, systemClock, 100, logFailure(log, 'outbox relay'), {
    onLag: (ms) => observed.observeOutboxLag(ms),
  });
  relay.start(c.config.TRADELANE_OUTBOX_POLL_MS);
  const statistics = keepStatistics(c, log, metrics);
  const recount = recountBacklog(c, log);
  const fold = foldBenefitLedger(c, log);
  return {
    async stop() {
      await fold.stop();
      await recount.stop();
      statistics.stop();
      await statistics.running();
      clearInterval(deliveries);
      clearInterval(reminders);
      await relay.stop();
      await delivering;
    },
  };
}

/** Ledger entries folded into the benefit cells per transaction, and how often (ADR 0033). */
const FOLD = { page: 2_000, everyMs: 250 } as const;

/**
 * SQLite: the benefit ledger's new entries folded into the report's cells, a page per short
 * transaction, every `everyMs` and at once again while pages come back full. Many entries share
 * a cell and its pages, so this writes far less than a cell kept with each filing would. On
 * PostgreSQL the cells are kept by triggers: nothing to do.
 */
export function foldBenefitLedger(
  c: Container,
  log: Logger,
  everyMs: number = FOLD.everyMs,
): { stop(): Promise<void> } {
  if (c.store.dialect === 'postgres') return { stop: async () => undefined };
  const failed = logFailure(log, 'folding the benefit ledger into the report cells');
  let stopped = false;
  let running: Promise<void> | null = null;
  const turn = async () => {
    try {
      while (!stopped && (await c.store.ledger.fold(FOLD.page)) >= FOLD.page)
        await new Promise((resolve) => setImmediate(resolve));
    } catch (err) {
      failed(err);
    }
  };
  const timer = setInterval(() => {
    running ??= turn().finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Filings and decision-log links the recount takes per transaction. */
const RECOUNT_PAGE = { filings: 500, links: 2_000 } as const;

/**
 * After an upgrade from a version without the report counters (migration 0019, ADR 0029): the
 * filings and decision-log links stored before them are counted, a page per transaction, until
 * none is left — the reports answer COUNTS_CATCHING_UP meanwhile. A page is one short write
 * transaction: filings go on being filed between pages. The filings wait for the PGA catalogue
 * (their counts need it); with none loaded yet, the next try is in `retryMs`.
 */
export function recountBacklog(
  c: Container,
  log: Logger,
  retryMs = 5_000,
): { stop(): Promise<void>; done(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => ((wake = null), resolve()), ms);
      wake = () => (clearTimeout(t), (wake = null), resolve());
    });
  const failed = logFailure(log, 'recounting the filings and decisions stored before the report counters');
  const run = (async () => {
    const left = {
      links: await c.store.decisions.ruleBacklog(),
      filings: await c.store.shipments.backlogLeft(Number.MAX_SAFE_INTEGER),
    };
    if (left.links === 0 && left.filings === 0) return;
    log.info(left, 'report counters: counting what was stored before them');
    const t0 = performance.now();
    while (!stopped) {
      try {
        const links = await c.store.decisions.recountRules(RECOUNT_PAGE.links);
        const filings = await c.filing.recount(RECOUNT_PAGE.filings);
        if (links === 0 && filings === 0) break;
        if (filings === null && links === 0) await pause(retryMs);
        else await new Promise((resolve) => setImmediate(resolve));
      } catch (err) {
        failed(err);
        await pause(retryMs);
      }
    }
    if (!stopped) log.info({ ms: Math.round(performance.now() - t0) }, 'report counters: caught up');
  })().catch(failed);
  return {
    async stop() {
      stopped = true;
      wake?.();
      await run;
    },
    done: () => run,
  };
}

/**
 * PostgreSQL without autovacuum: the tables due an ANALYZE, analyzed every
 * TRADELANE_ANALYZE_POLL_MS by one of the processes (ADR 0027). Stops looking for good once it
 * sees autovacuum on (or SQLite).
 */
function keepStatistics(
  c: Container,
  log: Logger,
  metrics: Registry,
): { stop(): void; running(): Promise<unknown> } {
  const every = c.config.TRADELANE_ANALYZE_POLL_MS;
  let turn: Promise<unknown> | null = null;
  if (every <= 0 || c.store.dialect !== 'postgres')
    return { stop: () => undefined, running: async () => null };
  const analyzed = new Counter({
    name: 'tradelane_db_analyze_total',
    help: 'Tables this process analyzed because PostgreSQL autovacuum is off (ADR 0027)',
    labelNames: ['table'],
    registers: [metrics],
  });
  const timer = setInterval(() => {
    if (turn) return;
    turn = c.store
      .analyzeIfStale()
      .then((t) => {
        if ('skipped' in t) {
          if (t.skipped === 'autovacuum') clearInterval(timer);
          return;
        }
        if (t.analyzed.length === 0) return;
        for (const table of t.analyzed) analyzed.inc({ table });
        log.info({ tables: t.analyzed, ms: t.ms }, 'autovacuum is off: analyzed tables that changed');
      })
      .catch(logFailure(log, 'analyzing tables'))
      .finally(() => (turn = null));
  }, every);
  timer.unref();
  return { stop: () => clearInterval(timer), running: async () => turn };
}

/**
 * Builds the screening index's tables (and the classifier's fit, when this process classifies) of
 * the store's active reference data in a worker thread, into the artefact cache, so that the
 * serving thread's reload reads them instead of building them for seconds. Null when there is no
 * cache (TRADELANE_CACHE_DIR=off) or the thread failed: the reload then builds them here.
 */
export function prebuildInWorker(c: Container, log: Logger): Promise<PrebuildResult> {
  return prebuildThread(
    c,
    c.classification.currentBuild() !== null,
    log,
    'building the new indexes in a worker thread failed; building them here',
  );
}

/**
 * Lists and tariffs imported by another process (`refdata import`/`sync`) are picked up here: the
 * new index is built beside the old one and swapped in whole. Returns the stop.
 */
export function watchRefdata(c: Container, log: Logger): () => void {
  if (c.config.TRADELANE_REFDATA_POLL_MS <= 0) return () => undefined;
  let known: string | null = null;
  const activeKey = async () => (await c.store.refdata.active()).map((m) => m.id).join(',');
  void activeKey().then((k) => (known ??= k));
  const poll = setInterval(() => {
    void (async () => {
      // Members changed by another process (the CLI, another server) decide from here on; read
      // again only when the store's change stamp moved.
      await c.trusted.refreshIfChanged();
      const now = await activeKey();
      if (now === known) {
        // Officers' corrections since the model was built: a new one, swapped in whole.
        const corrections = await c.store.corrections.last();
        if (corrections !== (c.classification.currentBuild()?.corrections ?? corrections)) {
          await c.classification.refresh();
        }
        return;
      }
      known = now;
      // The new indexes are built in a worker thread into the cache; the reload below reads them.
      await prebuildInWorker(c, log);
      await c.reference.reload();
      const v = await c.screening.rebuild();
      await c.classification.refresh();
      log.info({ lists: v.versions.length - 1, build_ms: v.buildMs }, 'reference data changed: reloaded');
    })().catch((err: unknown) => log.error({ err }, 'reference data reload failed'));
  }, c.config.TRADELANE_REFDATA_POLL_MS);
  poll.unref();
  return () => clearInterval(poll);
}
