import { describe, expect, it } from 'vitest';
import { emptyBucket, type Bucket } from '../../shared/floor/state.js';
import { replaceForecastDays, summariseForecastDays } from '../../shared/forecasting/forecast-days.js';
import { queueBuckets, type BucketMap } from '../../shared/reports/history.js';
import type { ForecastInterval } from '../../shared/roster.js';

const SH = 'Asia/Shanghai';
const iv = (start: string, queue: string, offered: number, ahtSeconds: number): ForecastInterval => ({ start, queue, offered, ahtSeconds });
const bucket = (figures: Partial<Bucket>): Bucket => ({ ...emptyBucket(), ...figures });
const ms = (iso: string) => String(Date.parse(iso));

describe('summariseForecastDays()', () => {
  it('totals offered calls per queue and day, with the AHT weighted by offered calls', () => {
    const days = summariseForecastDays(
      [
        iv('2026-11-27T10:00:00+08:00', 'general', 10, 200),
        iv('2026-11-27T10:30:00+08:00', 'general', 30, 100),
        iv('2026-11-27T10:00:00+08:00', 'billing', 0, 300),
        iv('2026-11-28T10:00:00+08:00', 'general', 5, 180),
      ],
      SH,
    );
    expect(days).toEqual([
      { day: '2026-11-27', queues: { billing: { offered: 0, ahtSeconds: 300 }, general: { offered: 40, ahtSeconds: 125 } }, total: { offered: 40, ahtSeconds: 125 }, intervals: 3 },
      { day: '2026-11-28', queues: { general: { offered: 5, ahtSeconds: 180 } }, total: { offered: 5, ahtSeconds: 180 }, intervals: 1 },
    ]);
  });

  it('counts an interval written in UTC on its site-local day', () => {
    // 17:00Z on the 26th is 01:00 on the 27th in Shanghai.
    expect(summariseForecastDays([iv('2026-11-26T17:00:00Z', 'general', 4, 200)], SH).map((d) => d.day)).toEqual(['2026-11-27']);
  });
});

describe('replaceForecastDays()', () => {
  const stored = ['26', '27', '28', '29'].flatMap((d) => [iv(`2026-11-${d}T00:00:00+08:00`, 'general', 7, 111), iv(`2026-11-${d}T23:30:00+08:00`, 'general', 7, 111)]);

  it('replaces every stored interval on the days published, and keeps the other days as they were', () => {
    const published = [iv('2026-11-27T10:00:00+08:00', 'general', 50, 200), iv('2026-11-28T10:00:00+08:00', 'vip', 3, 400)];
    const r = replaceForecastDays(stored, published, SH);
    expect(r).toMatchObject({ days: ['2026-11-27', '2026-11-28'], replaced: 4, kept: 4 });
    expect(r.intervals.map((x) => `${x.start} ${x.queue} ${x.offered}`)).toEqual([
      '2026-11-26T00:00:00+08:00 general 7',
      '2026-11-26T23:30:00+08:00 general 7',
      '2026-11-27T10:00:00+08:00 general 50',
      '2026-11-28T10:00:00+08:00 vip 3',
      '2026-11-29T00:00:00+08:00 general 7',
      '2026-11-29T23:30:00+08:00 general 7',
    ]);
  });

  it('judges days in the site zone: 23:30 local, written in UTC, belongs to that local day', () => {
    const r = replaceForecastDays(stored, [iv('2026-11-26T15:30:00Z', 'general', 1, 100)], SH);
    expect(r).toMatchObject({ days: ['2026-11-26'], replaced: 2, kept: 6 });
  });
});

describe('queueBuckets()', () => {
  const day = '2026-11-26';
  const observed: BucketMap = {
    [ms('2026-11-26T10:00:00+08:00')]: { general: bucket({ offered: 3, handled: 3, talkSeconds: 600 }), billing: bucket({ offered: 2, handled: 2, talkSeconds: 400, wrapSeconds: 100 }) },
    // The day before: not this day's.
    [ms('2026-11-25T23:45:00+08:00')]: { general: bucket({ offered: 9 }) },
  };
  const imported: BucketMap = { [ms('2026-11-26T10:00:00+08:00')]: { general: bucket({ offered: 10, handled: 8, talkSeconds: 1600 }) } };

  it('lists all 96 buckets of the day for each queue seen, the import winning per bucket and queue', () => {
    const rows = queueBuckets({ day, timeZone: SH, observed, imported });
    expect(rows).toHaveLength(2 * 96);
    expect(rows[0]).toEqual({ startMs: Date.parse('2026-11-26T00:00:00+08:00'), queue: 'billing', offered: 0, ahtSeconds: null });
    const at10 = rows.filter((r) => r.startMs === Date.parse('2026-11-26T10:00:00+08:00'));
    expect(at10).toEqual([
      { startMs: Date.parse('2026-11-26T10:00:00+08:00'), queue: 'billing', offered: 2, ahtSeconds: 250 },
      { startMs: Date.parse('2026-11-26T10:00:00+08:00'), queue: 'general', offered: 10, ahtSeconds: 200 },
    ]);
    expect(rows.reduce((s, r) => s + r.offered, 0)).toBe(12);
  });

  it('lists nothing for a day without figures', () => {
    expect(queueBuckets({ day: '2026-11-20', timeZone: SH, observed, imported })).toEqual([]);
  });

  it('covers a 25-hour DST day with 100 buckets', () => {
    const rows = queueBuckets({ day: '2026-10-25', timeZone: 'Europe/Berlin', imported: { [ms('2026-10-25T12:00:00+01:00')]: { general: bucket({ offered: 1 }) } } });
    expect(rows).toHaveLength(100);
  });
});
