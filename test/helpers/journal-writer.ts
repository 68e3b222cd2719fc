/**
 * Child process for the journal crash test: appends single-event batches from several
 * concurrent loops and prints each seq on stdout only after its append has resolved, until
 * it is killed. Usage: `node --import tsx test/helpers/journal-writer.ts <dir> [appenders]`.
 */
import { Journal, type JournalLogger } from '../../server/store/journal.js';

const [dir, appendersArg = '4'] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: journal-writer.ts <dir> [appenders]');

const logger: JournalLogger = {
  info: () => {},
  warn: (obj, msg) => process.stderr.write(`warn ${msg} ${JSON.stringify(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`error ${msg} ${JSON.stringify(obj)}\n`),
};

const { journal } = await Journal.open(dir, { afterSeq: 0, logger });

async function appendForever(appender: number): Promise<never> {
  for (let n = 0; ; n += 1) {
    const id = `w${process.pid}-${appender}-${n}`;
    const record = await journal.append(
      [{ id, type: 'call.offered', at: new Date().toISOString(), callId: id, queue: 'general' }],
      Date.now(),
    );
    // Pipes are written synchronously on Linux, so a printed seq has left this process.
    process.stdout.write(`${record.seq}\n`);
  }
}

await Promise.all(Array.from({ length: Number(appendersArg) }, (_, appender) => appendForever(appender)));
