/**
 * Starts Floorboard from a configuration: lock the data dir, open the store and journal,
 * restore state, serve, checkpoint periodically, run the simulator. `close()` flushes it all.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { localDayKey, addDays } from '../shared/time.js';
import { createApp, type App } from './app.js';
import { scaledClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { AuthService } from './services/auth-service.js';
import { Dedup } from './services/dedup.js';
import { BatchValidator } from './services/batch-validator.js';
import { FloorService } from './services/floor-service.js';
import { ForecastGenService } from './services/forecast-gen-service.js';
import { HistoryService, ImportedHistoryFiles } from './services/history-service.js';
import { OpsService } from './services/ops-service.js';
import { PlanService } from './services/plan-service.js';
import { ShiftLogService } from './services/shift-log-service.js';
import { LowdbOpsStore } from './store/ops-store.js';
import { LowdbPlanStore } from './store/plan-store.js';
import { demoForecast, demoRoster } from './simulator/demo.js';
import type { FloorEvent } from '../shared/events.js';
import { Journal } from './store/journal.js';
import { acquireDataDirLock } from './store/lock.js';
import { LowdbStore } from './store/lowdb-store.js';

const CHECKPOINT_EVERY_MS = 60_000;

export interface Running {
  url: string;
  port: number;
  app: App;
  floor: FloorService;
  ops: OpsService;
  shiftLog: ShiftLogService;
  auth: AuthService;
  history: HistoryService;
  store: LowdbStore;
  clock: Clock;
  /** Checks ingest batches (large ones on a worker thread). */
  validator: BatchValidator;
  /** Secrets generated on this start (printed once), empty when nothing was generated. */
  generated: { ingestKey?: string; wallToken?: string; adminPassword?: string };
  wallToken: string;
  ingestKey: string;
  close(): Promise<void>;
}

export async function startFloorboard(config: Config, opts: { logger?: Logger; clock?: Clock } = {}): Promise<Running> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? scaledClock(config.simulator ? config.simSpeed : 1);
  await fs.mkdir(config.dataDir, { recursive: true });
  const releaseLock = acquireDataDirLock(config.dataDir);
  try {
    const { store, fresh } = await LowdbStore.open(config.dataDir);
    const auth = new AuthService({
      store,
      clock,
      tokenTtlSeconds: config.tokenTtlSeconds,
      extraIngestKeys: config.ingestKey ? [config.ingestKey] : [],
      metricsTokens: config.metricsToken ? [config.metricsToken] : [],
      extraWallTokens: config.wallToken ? [config.wallToken] : [],
    });
    const adminPassword = await auth.ensureAdmin(config.adminPassword);
    const secrets = store.secrets();
    const generated: Running['generated'] = {};
    if (fresh && !config.ingestKey) generated.ingestKey = secrets.ingestKey;
    if (fresh && !config.wallToken) generated.wallToken = secrets.wallTokens[0]?.token;
    if (adminPassword) {
      generated.adminPassword = adminPassword;
      await store.saveSecrets({ ...secrets, generatedAdminPassword: adminPassword });
    }

    const checkpoint = await FloorService.readCheckpoint(config.dataDir);
    const dedup = new Dedup();
    const { journal, records } = await Journal.open(path.join(config.dataDir, 'journal'), {
      afterSeq: checkpoint?.seq ?? 0,
      logger,
      onRecord: (record) => {
        for (const event of record.events) dedup.addIfNew(event.id, record.receivedAtMs);
      },
    });
    dedup.prune(clock.now());
    const floor = FloorService.restore(
      { store, journal, clock, logger, timeZone: config.siteTimeZone, simulator: config.simulator, dataDir: config.dataDir },
      checkpoint,
      records,
      dedup,
    );

    if (config.simulator) {
      await seedDemo(store, floor, clock.now(), config.siteTimeZone);
      await closeOutPreviousRun(floor, clock.now());
    }

    const opsStore = await LowdbOpsStore.open(config.dataDir);
    const shiftLog = new ShiftLogService(opsStore, clock, config.siteTimeZone, () => store.roster().shifts);
    const ops = new OpsService({ floor, store, ops: opsStore, log: shiftLog, clock, timeZone: config.siteTimeZone, logger });
    await ops.tick();
    ops.start();
    const plans = await LowdbPlanStore.open(config.dataDir);
    const plan = new PlanService({ plans, store, presenceSince: (fromMs) => floor.presenceSince(fromMs), clock, timeZone: config.siteTimeZone });
    const metrics = new Metrics();
    journal.onFlush = (ms) => metrics.journalFlushSeconds.observe(ms / 1000);
    const history = new HistoryService({ store, floor, imported: new ImportedHistoryFiles(path.join(config.dataDir, 'history')), clock, timeZone: config.siteTimeZone, logger });
    const forecastGen = new ForecastGenService({ history, holidays: () => plan.holidays().days, store, floor, clock, timeZone: config.siteTimeZone });
    const validator = await BatchValidator.start(logger);
    const app = createApp({ config, store, floor, auth, logger, ops, shiftLog, metrics, history, plan, forecastGen, validator });
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(config.port, config.host, () => resolve());
    });
    const port = (app.httpServer.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

    let lastCheckpointAt = Date.now();
    const maintenance = setInterval(() => {
      if (!floor.checkpointDue() && Date.now() - lastCheckpointAt < CHECKPOINT_EVERY_MS) return;
      lastCheckpointAt = Date.now();
      const work = config.simulator ? seedDemo(store, floor, clock.now(), config.siteTimeZone) : Promise.resolve();
      void work.then(() => floor.checkpoint()).catch((err: unknown) => logger.error({ err }, 'checkpoint failed'));
    }, 1000);

    // Loaded only when on: a site with a real ACD never runs simulator code.
    const simulator = config.simulator
      ? new (await import('./simulator/simulator.js')).Simulator({
          ingest: (events: FloorEvent[]) => floor.ingest(events),
          now: () => clock.now(),
          timeZone: config.siteTimeZone,
          forecast: (day: string) => store.forecast().filter((f) => localDayKey(Date.parse(f.start), config.siteTimeZone) === day),
          roster: () => store.roster(),
          logger,
        })
      : null;
    simulator?.start();
    logger.info({ url, dataDir: config.dataDir, simulator: config.simulator, timeZone: config.siteTimeZone }, 'Floorboard listening');

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      app,
      floor,
      ops,
      shiftLog,
      auth,
      history,
      store,
      clock,
      validator,
      generated,
      wallToken: config.wallToken ?? secrets.wallTokens[0]?.token ?? '',
      ingestKey: config.ingestKey ?? secrets.ingestKey,
      close() {
        closing ??= (async () => {
          simulator?.stop();
          ops.stop();
          clearInterval(maintenance);
          await app.close();
          await validator.close();
          await floor.checkpoint().catch((err: unknown) => logger.error({ err }, 'final checkpoint failed'));
          await journal.close();
          releaseLock();
        })();
        return closing;
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * A restarted simulator cannot know what its previous run left open, so the calls still
 * open are ended or abandoned and everyone is signed out; the new run signs its staff in again.
 */
async function closeOutPreviousRun(floor: FloorService, now: number): Promise<void> {
  const { calls, signedIn } = floor.openItems();
  const at = new Date(now).toISOString();
  const events: FloorEvent[] = [
    ...calls.map((c, i): FloorEvent => (c.answered ? { id: `sim-reset-${now}-c${i}`, type: 'call.ended', at, callId: c.callId, source: 'simulator' } : { id: `sim-reset-${now}-c${i}`, type: 'call.abandoned', at, callId: c.callId, source: 'simulator' })),
    ...signedIn.map((staffId, i): FloorEvent => ({ id: `sim-reset-${now}-s${i}`, type: 'agent.signed_out', at, staffId, reason: 'other', source: 'simulator' })),
  ];
  for (let i = 0; i < events.length; i += 1000) await floor.ingest(events.slice(i, i + 1000));
}

/** The demo floor on first start, and a forecast for today and tomorrow when there is none. */
async function seedDemo(store: LowdbStore, floor: FloorService, now: number, timeZone: string): Promise<void> {
  if (store.roster().seats.length === 0 && store.roster().staff.length === 0) await floor.setRoster(demoRoster());
  const today = localDayKey(now, timeZone);
  const days = new Set(store.forecast().map((f) => localDayKey(Date.parse(f.start), timeZone)));
  const missing = [today, addDays(today, 1)].filter((d) => !days.has(d));
  if (missing.length === 0) return;
  const keep = store.forecast().filter((f) => localDayKey(Date.parse(f.start), timeZone) >= addDays(today, -35));
  const interval = store.settings().intervalMinutes;
  await floor.setForecast([...keep, ...missing.flatMap((d) => demoForecast(d, timeZone, interval))]);
}
