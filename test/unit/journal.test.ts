import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.js';
import { readJsonIfExists, writeFileDurable } from '../../server/store/durable-file.js';
import { Journal, segmentFileName, type JournalLogger, type OpenedJournal } from '../../server/store/journal.js';

interface RecordingLogger extends JournalLogger {
  warnings: string[];
  errors: string[];
}

function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    info: () => {},
    warn: (_obj, msg) => warnings.push(msg),
    error: (_obj, msg) => errors.push(msg),
  };
}

function offered(n: number): FloorEvent {
  return { id: `e${n}`, type: 'call.offered', at: '2025-03-01T09:00:00Z', callId: `c${n}`, queue: 'general' };
}

let dir: string;
let opened: Journal[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floorboard-journal-'));
  opened = [];
});

afterEach(async () => {
  await Promise.all(opened.map((journal) => journal.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openJournal(afterSeq = 0): Promise<OpenedJournal & { logger: RecordingLogger }> {
  const logger = recordingLogger();
  const result = await Journal.open(dir, { afterSeq, logger });
  opened.push(result.journal);
  return { ...result, logger };
}

async function appendMany(journal: Journal, count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) await journal.append([offered(journal.lastSeq + 1)], 1_000 + n);
}

const firstSegment = (): string => join(dir, segmentFileName(1));

/** Rewrites line `index` (0-based) of the first segment, keeping its length. */
async function corruptLine(index: number): Promise<void> {
  const lines = (await readFile(firstSegment(), 'utf8')).split('\n');
  const line = lines[index];
  if (line === undefined) throw new Error(`no line ${index}`);
  lines[index] = line.replace('"general"', '"genera1"');
  await writeFile(firstSegment(), lines.join('\n'));
}

const seqs = (result: OpenedJournal): number[] => result.records.map((record) => record.seq);

describe('Journal', () => {
  it('returns appended records in seq order when reopened', async () => {
    const { journal } = await openJournal();
    const first = await journal.append([offered(1), offered(2)], 1_000);
    const second = await journal.append([offered(3)], 2_000);
    await journal.close();

    const reopened = await openJournal();
    expect(reopened.records).toEqual([first, second]);
    expect(reopened.records[0]).toEqual({ seq: 1, receivedAtMs: 1_000, events: [offered(1), offered(2)] });
    expect(reopened.journal.lastSeq).toBe(2);
    expect(reopened.logger.warnings).toEqual([]);
  });

  it('journals the events JSON as received, line breaks and all, and replays it to the same events', async () => {
    const { journal } = await openJournal();
    const events = [offered(1), offered(2)];
    await journal.append(events, 5_000, JSON.stringify(events, null, 2).replace(/\n/g, '\r\n'));
    await journal.append([offered(3)], 6_000);
    await journal.close();
    const { records, logger } = await openJournal();
    expect(records.map((r) => r.events)).toEqual([events, [offered(3)]]);
    expect(records[0]?.receivedAtMs).toBe(5_000);
    expect(logger.warnings).toEqual([]);
  });

  it('shares one write and fdatasync among concurrent appends and resolves them in seq order', async () => {
    const { journal } = await openJournal();
    const resolvedOrder: number[] = [];
    const appends = Array.from({ length: 200 }, (_, n) =>
      journal.append([offered(n)], 1_000).then((record) => {
        resolvedOrder.push(record.seq);
        return record;
      }),
    );
    expect(journal.lastSeq).toBe(200);

    const records = await Promise.all(appends);
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 200 }, (_, n) => n + 1));
    expect(resolvedOrder).toEqual(records.map((record) => record.seq));
    const stats = journal.stats();
    expect(stats.records).toBe(200);
    expect(stats.flushes).toBeLessThan(200);
    expect(stats.bytes).toBe((await stat(firstSegment())).size);
  });

  it('keeps group-committing appends made while a flush is in flight', async () => {
    const { journal } = await openJournal();
    const firstWave = Array.from({ length: 10 }, (_, n) => journal.append([offered(n)], 1_000));
    await Promise.resolve();
    const secondWave = Array.from({ length: 10 }, (_, n) => journal.append([offered(10 + n)], 1_000));
    await Promise.all([...firstWave, ...secondWave]);
    expect(journal.stats().flushes).toBe(2);
  });

  it('barrier() resolves only after every earlier append is durable', async () => {
    const { journal } = await openJournal();
    await journal.barrier();
    let durable = false;
    void journal.append([offered(1)], 1_000).then(() => {
      durable = true;
    });
    await journal.barrier();
    expect(durable).toBe(true);
  });

  it('drops a record torn mid-line, truncates it away and appends cleanly after', async () => {
    const { journal } = await openJournal();
    await appendMany(journal, 3);
    await journal.close();
    const fullSize = (await stat(firstSegment())).size;
    await truncate(firstSegment(), fullSize - 7);

    const afterTear = await openJournal();
    expect(seqs(afterTear)).toEqual([1, 2]);
    expect(afterTear.logger.warnings).toEqual(['journal: dropped a torn last record']);
    expect(afterTear.logger.errors).toEqual([]);
    expect((await readFile(firstSegment(), 'utf8')).endsWith('\n')).toBe(true);

    const third = await afterTear.journal.append([offered(99)], 5_000);
    expect(third.seq).toBe(3);
    await afterTear.journal.close();

    const clean = await openJournal();
    expect(seqs(clean)).toEqual([1, 2, 3]);
    expect(clean.records[2]?.events).toEqual([offered(99)]);
    expect(clean.logger.warnings).toEqual([]);
    expect(clean.logger.errors).toEqual([]);
  });

  it('drops trailing garbage that has no newline', async () => {
    const { journal } = await openJournal();
    await appendMany(journal, 2);
    await journal.close();
    await appendFile(firstSegment(), '0badc0de {"seq":3,"recei');

    const reopened = await openJournal();
    expect(seqs(reopened)).toEqual([1, 2]);
    expect(reopened.logger.warnings).toHaveLength(1);
    await reopened.journal.append([offered(3)], 3_000);
    await reopened.journal.close();
    expect(seqs(await openJournal())).toEqual([1, 2, 3]);
  });

  it('drops a last record whose checksum does not match', async () => {
    const { journal } = await openJournal();
    await appendMany(journal, 3);
    await journal.close();
    await corruptLine(2);

    const reopened = await openJournal();
    expect(seqs(reopened)).toEqual([1, 2]);
    expect(reopened.journal.lastSeq).toBe(2);
    expect(reopened.logger.warnings).toEqual(['journal: dropped a torn last record']);
  });

  it('skips a corrupt record in the middle, logs it as an error and keeps the ones after it', async () => {
    const { journal } = await openJournal();
    await appendMany(journal, 3);
    await journal.close();
    await corruptLine(1);

    const reopened = await openJournal();
    expect(seqs(reopened)).toEqual([1, 3]);
    expect(reopened.logger.errors).toEqual(['journal: skipped a corrupt record']);
    expect(reopened.logger.warnings).toEqual([]);
    expect((await reopened.journal.append([offered(4)], 4_000)).seq).toBe(4);
  });

  it('opens a segment full of garbage without throwing', async () => {
    await writeFile(firstSegment(), 'not a journal\n\u0000\u0000\u0000');
    const reopened = await openJournal();
    expect(reopened.records).toEqual([]);
    expect(reopened.journal.lastSeq).toBe(0);
    expect((await reopened.journal.append([offered(1)], 1_000)).seq).toBe(1);
  });

  it('returns only records after afterSeq and numbers on from the larger of afterSeq and the last record', async () => {
    const { journal } = await openJournal();
    await appendMany(journal, 5);
    await journal.close();

    const partial = await openJournal(3);
    expect(seqs(partial)).toEqual([4, 5]);
    expect(partial.journal.lastSeq).toBe(5);
    await partial.journal.close();

    const ahead = await openJournal(10);
    expect(ahead.records).toEqual([]);
    expect(ahead.journal.lastSeq).toBe(10);
    expect((await ahead.journal.append([offered(11)], 1_000)).seq).toBe(11);
  });

  it('rotate() starts a new segment and pruneThrough() deletes only the older segments', async () => {
    const { journal } = await openJournal();
    await appendMany(journal, 3);
    expect(journal.rotate()).toBe(3);
    expect(journal.rotate()).toBe(3);
    const inFlight = [journal.append([offered(4)], 1_000), journal.append([offered(5)], 1_000)];
    expect(journal.rotate()).toBe(5);
    await Promise.all([...inFlight, journal.append([offered(6)], 1_000)]);
    expect((await readdir(dir)).sort()).toEqual([segmentFileName(1), segmentFileName(4), segmentFileName(6)]);

    await journal.pruneThrough(3);
    expect((await readdir(dir)).sort()).toEqual([segmentFileName(4), segmentFileName(6)]);
    await journal.pruneThrough(6);
    expect(await readdir(dir)).toEqual([segmentFileName(6)]);
    await journal.append([offered(7)], 1_000);
    await journal.close();

    const reopened = await openJournal(5);
    expect(seqs(reopened)).toEqual([6, 7]);
  });

  it('replays records across several segments in seq order', async () => {
    const { journal } = await openJournal();
    for (let segment = 0; segment < 3; segment += 1) {
      await appendMany(journal, 2);
      journal.rotate();
    }
    await journal.close();
    expect(seqs(await openJournal())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('flushes pending appends on close() and rejects appends after it', async () => {
    const { journal } = await openJournal();
    const pending = journal.append([offered(1)], 1_000);
    await journal.close();
    await expect(pending).resolves.toMatchObject({ seq: 1 });
    await expect(journal.append([offered(2)], 1_000)).rejects.toThrow('journal is closed');
    expect(seqs(await openJournal())).toEqual([1]);
  });

  it('rejects the pending and every later append when a write fails, and stays failed', async () => {
    const { journal, logger } = await openJournal();
    await journal.append([offered(1)], 1_000);
    await rm(dir, { recursive: true, force: true });
    journal.rotate();

    await expect(journal.append([offered(2)], 1_000)).rejects.toThrow('journal failed');
    await expect(journal.append([offered(3)], 1_000)).rejects.toThrow('journal failed');
    await expect(journal.barrier()).rejects.toThrow('journal failed');
    expect(logger.errors).toEqual(['journal: write failed; the journal is now unusable']);
  });
});

describe('writeFileDurable', () => {
  it('replaces the target atomically: a reader sees the old or the new content, never a mix', async () => {
    const target = join(dir, 'checkpoint.json');
    const versions = ['a', 'b'].map((letter) => letter.repeat(1 << 20));
    await writeFileDurable(target, versions[0] ?? '');

    let writing = true;
    const writer = (async () => {
      for (let n = 1; n <= 20; n += 1) await writeFileDurable(target, versions[n % 2] ?? '');
    })().finally(() => {
      writing = false;
    });
    const seen = new Set<string>();
    while (writing) seen.add(await readFile(target, 'utf8'));
    await writer;

    expect([...seen].map((content) => versions.indexOf(content))).not.toContain(-1);
    expect(await readFile(target, 'utf8')).toBe(versions[0]);
    expect(await readdir(dir)).toEqual(['checkpoint.json']);
  });

  it('removes its temp file when the rename fails', async () => {
    const target = join(dir, 'occupied');
    await mkdir(join(target, 'child'), { recursive: true });
    await expect(writeFileDurable(target, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['occupied']);
  });

  it('readJsonIfExists() returns undefined for a missing file and the parsed value otherwise', async () => {
    const path = join(dir, 'state.json');
    expect(await readJsonIfExists(path)).toBeUndefined();
    await writeFileDurable(path, JSON.stringify({ version: 3 }));
    expect(await readJsonIfExists<{ version: number }>(path)).toEqual({ version: 3 });
  });
});

/** Runs the writer helper, SIGKILLs it `killAfterMs` after its first printed seq, returns the printed seqs. */
function runWriterUntilKilled(killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/journal-writer.ts', dir, '4'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(giveUp);
      clearTimeout(killTimer);
      if (killTimer === undefined) return reject(new Error(`writer printed nothing (signal ${signal}): ${stderr}`));
      // A line without its newline may have been cut by the kill; it was not fully printed.
      resolve(stdout.split('\n').slice(0, -1).map(Number));
    });
  });
}

describe('Journal under SIGKILL', () => {
  it('finds every seq the writer acknowledged before it was killed, over 5 rounds', async () => {
    const acknowledged = new Set<number>();
    for (let round = 0; round < 5; round += 1) {
      const printed = await runWriterUntilKilled(300);
      expect(printed.length).toBeGreaterThan(0);
      for (const seq of printed) acknowledged.add(seq);

      const { journal, records, logger } = await openJournal();
      const found = new Set(records.map((record) => record.seq));
      expect([...acknowledged].filter((seq) => !found.has(seq))).toEqual([]);
      expect(logger.errors).toEqual([]);
      await journal.close();
    }
  });
});
