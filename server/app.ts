/**
 * `createApp(deps)`: the HTTP and socket server with every route and handler, without
 * listening, so tests start it on port 0.
 */
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import type { LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { allows, HTTP_RULES } from './auth/authz.js';
import { bearerToken, Router } from './http/router.js';
import { ingestRoutes, type EventsRequest } from './http/routes/ingest.js';
import { BatchValidator } from './services/batch-validator.js';
import { readRoutes } from './http/routes/read.js';
import { setupRoutes } from './http/routes/setup.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { opsRoutes } from './http/routes/ops.js';
import { planRoutes } from './http/routes/plan.js';
import { reportRoutes } from './http/routes/reports.js';
import { adherenceRoutes } from './http/routes/adherence.js';
import { forecastGenRoutes } from './http/routes/forecast-gen.js';
import { userRoutes } from './http/routes/users.js';
import { wallTokenRoutes } from './http/routes/wall-tokens.js';
import { serveClient } from './http/static.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { AuthService } from './services/auth-service.js';
import { AppError, httpStatus, toErrorBody } from './services/errors.js';
import type { FloorService } from './services/floor-service.js';
import type { ForecastGenService } from './services/forecast-gen-service.js';
import type { HistoryService } from './services/history-service.js';
import type { OpsService } from './services/ops-service.js';
import type { PlanService } from './services/plan-service.js';
import type { ShiftLogService } from './services/shift-log-service.js';
import { floorNamespace, type FloorBroadcaster } from './socket/floor-namespace.js';
import { ingestNamespace } from './socket/ingest-namespace.js';
import { SocketRegistry } from './socket/registry.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  config: Pick<Config, 'allowedOrigins' | 'clientDir'>;
  store: Store;
  floor: FloorService;
  auth: AuthService;
  /** Surges, recommendations and moves; absent in tests of the bare floor. */
  ops?: OpsService;
  shiftLog?: ShiftLogService;
  /** Shift plan, holidays and attendance; absent in tests of the bare floor. */
  plan?: PlanService;
  /** Interval history and the five tables; absent in tests of the bare floor. */
  history?: HistoryService;
  /** Forecast generation from history and publishing; absent in tests of the bare floor. */
  forecastGen?: ForecastGenService;
  metrics?: Metrics;
  /** Checks large ingest batches on a worker thread; inline when absent. */
  validator?: BatchValidator;
  logger: Logger;
}

export interface App {
  httpServer: http.Server;
  io: Server;
  broadcaster: FloorBroadcaster;
  /** `METHOD /path` of every registered route, for the authorisation test. */
  routes: string[];
  /** `namespace event` of every registered socket event. */
  socketEvents: string[];
  express: express.Express;
  close(): Promise<void>;
}

/** Browsers send Origin on websocket handshakes: only the server's own (or configured) pass. */
function originAllowed(req: http.IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host || allowed.includes(origin);
  } catch {
    return false;
  }
}

export function createApp(deps: AppDeps): App {
  const { store, floor, auth, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Thousands of ingest requests a second: successes only at debug.
      customLogLevel: (_req, res, err): LevelWithSilent => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug'),
    }),
  );
  // The ingest route takes its JSON as text: it parses large batches off this thread and
  // journals the body as received rather than serialising it again.
  app.use('/api/v1/events', express.raw({ type: 'application/json', limit: '1mb' }), (req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) return next();
    // JSON is UTF-8 (RFC 8259); refused like express.json refuses another charset.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
    if (charset !== 'utf-8' && charset !== 'utf8') return next(Object.assign(new Error(`unsupported charset "${charset}"`), { status: 415, type: 'charset.unsupported' }));
    (req as EventsRequest).eventsJson = req.body.toString('utf8');
    next();
  });
  app.use('/api', express.json({ limit: '1mb' }), express.text({ type: 'text/csv', limit: '1mb' }));

  const router = new Router(app, auth);
  readRoutes(router, floor, store);
  userRoutes(router, auth);
  wallTokenRoutes(router, auth);
  ingestRoutes(router, floor, deps.validator ?? BatchValidator.inline(logger), deps.metrics);
  if (deps.metrics) metricsRoutes(router, deps.metrics);
  setupRoutes(router, floor, store);
  if (deps.shiftLog) opsRoutes(router, deps.shiftLog, store, () => deps.ops?.openProblems() ?? []);
  if (deps.plan) planRoutes(router, deps.plan);
  if (deps.history) reportRoutes(router, deps.history);
  if (deps.forecastGen) forecastGenRoutes(router, deps.forecastGen);
  adherenceRoutes(router, floor, store);
  app.use('/api', () => {
    throw new AppError('not_found', 'no such API route');
  });
  serveClient(app, router, deps.config.clientDir);

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const type = (err as { type?: string }).type;
    // Client errors from body-parser and serve-static; some (a body that does not inflate) carry no `type`.
    const status = (err as { status?: unknown }).status;
    const clientError = !(err instanceof AppError) && typeof status === 'number' && status >= 400 && status < 500;
    let body = toErrorBody(err);
    if (type === 'entity.too.large') body = { error: 'payload_too_large', message: 'the body is larger than 1 MB' };
    else if (type === 'entity.parse.failed') body = { error: 'bad_request', message: 'the body is not valid JSON' };
    else if (type) body = { error: 'bad_request', message: 'the body could not be read' };
    else if (clientError && status === 404) body = { error: 'not_found', message: 'no such file' };
    else if (clientError) body = { error: 'bad_request', message: 'the request could not be read' };
    else if (!(err instanceof AppError)) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    if (type && req.path === '/api/v1/events') deps.metrics?.batchesRejected.inc({ transport: 'http', reason: body.error });
    res.status(httpStatus(body.error)).json(body);
  });

  const httpServer = http.createServer(app);
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 1e6,
    allowRequest: (req, cb) => cb(null, originAllowed(req, deps.config.allowedOrigins)),
  });
  const registry = new SocketRegistry(io, auth, logger);
  registry.namespace('/');
  ingestNamespace(registry, floor, deps.metrics);
  const broadcaster = floorNamespace(registry, floor, deps.ops ?? null);
  const metrics = deps.metrics;
  if (metrics) {
    broadcaster.onFanout = (s) => metrics.fanoutSeconds.observe(s);
    metrics.onScrape(() => {
      metrics.clients.reset();
      for (const nsp of io._nsps.values()) for (const socket of nsp.sockets.values()) metrics.clients.inc({ role: (socket.data as { principal?: { role: string } }).principal?.role ?? 'none' });
      metrics.surgesActive.set(floor.snapshot().surges.length);
    });
  }
  const unsubscribe = auth.onRevoked((ended) => registry.disconnectWhere(ended));
  broadcaster.start();

  return {
    httpServer,
    io,
    broadcaster,
    routes: router.registered,
    socketEvents: registry.registered,
    express: app,
    async close() {
      unsubscribe();
      broadcaster.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
    },
  };
}
