/** Entry point: config → store → app → listen; SIGTERM flushes and exits within 5 s. */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startFloorboard } from './runtime.js';
import { DataDirLockedError } from './store/lock.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Floorboard: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startFloorboard(config, { logger });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`Floorboard: ${err.message}\n`);
      process.exit(3);
    }
    throw err;
  }
  // Secrets are printed once, by the start that generated them; later starts say where they are.
  const wallUrl = running.generated.wallToken
    ? `${running.url}/wall?token=${encodeURIComponent(running.generated.wallToken)}`
    : `${running.url}/wall   (its token: ${config.wallToken ? 'FLOORBOARD_WALL_TOKEN' : `kept in ${config.dataDir}/secrets.json`})`;
  const lines = [`Floorboard is running at ${running.url}`, `  wall display: ${wallUrl}`];
  if (running.generated.adminPassword) lines.push(`  admin login:  admin / ${running.generated.adminPassword}   (generated; kept in ${config.dataDir}/secrets.json)`);
  if (running.generated.ingestKey) lines.push(`  ingest key:   ${running.generated.ingestKey}   (generated; kept in ${config.dataDir}/secrets.json)`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 4500);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
