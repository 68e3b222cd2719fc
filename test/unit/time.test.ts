import { describe, expect, it } from 'vitest';
import { addDays, dayIntervals, dayStart, intervalStart, isoInZone, localDayKey, zoneOffsetMinutes } from '../../shared/time.js';

describe('site time zone helpers', () => {
  it.each([
    ['2026-11-26', 'Asia/Shanghai', 30, 48],
    ['2026-11-26', 'Asia/Shanghai', 15, 96],
    ['2026-11-26', 'Asia/Shanghai', 60, 24],
    ['2026-03-29', 'Europe/Berlin', 30, 46],
    ['2026-10-25', 'Europe/Berlin', 30, 50],
    ['2026-10-25', 'Europe/Berlin', 60, 25],
    ['2026-03-29', 'Europe/Berlin', 15, 92],
    ['2026-11-26', 'Asia/Kathmandu', 30, 48],
  ])('dayIntervals(%s, %s, %i) has %i intervals', (day, zone, minutes, count) => {
    const intervals = dayIntervals(day, zone, minutes);
    expect(intervals).toHaveLength(count);
    for (const iv of intervals) expect(localDayKey(iv.startMs, zone)).toBe(day);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]!.startMs).toBe(intervals[i - 1]!.endMs);
    expect(intervals[intervals.length - 1]!.endMs).toBe(dayStart(addDays(day, 1), zone));
  });

  it('skips 02:00–03:00 on the spring-forward day and repeats it in autumn', () => {
    expect(dayIntervals('2026-03-29', 'Europe/Berlin', 30).map((i) => i.label).slice(3, 6)).toEqual(['01:30', '03:00', '03:30']);
    const autumn = dayIntervals('2026-10-25', 'Europe/Berlin', 30);
    expect(autumn.map((i) => i.label).slice(4, 8)).toEqual(['02:00', '02:30', '02:00', '02:30']);
    expect(isoInZone(autumn[4]!.startMs, 'Europe/Berlin')).toBe('2026-10-25T02:00:00+02:00');
    expect(isoInZone(autumn[6]!.startMs, 'Europe/Berlin')).toBe('2026-10-25T02:00:00+01:00');
  });

  it.each([
    ['2026-11-26T15:59:59.999Z', 'Asia/Shanghai', '2026-11-26'],
    ['2026-11-26T16:00:00.000Z', 'Asia/Shanghai', '2026-11-27'],
    ['2026-03-28T23:30:00Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-12-31T23:00:00Z', 'Europe/Berlin', '2027-01-01'],
  ])('localDayKey(%s, %s) is %s (midnight rollover in the site zone)', (iso, zone, day) => {
    expect(localDayKey(Date.parse(iso), zone)).toBe(day);
  });

  it('puts an instant in the local interval that holds it, across the DST change', () => {
    const zone = 'Europe/Berlin';
    expect(isoInZone(intervalStart(Date.parse('2026-03-29T01:10:00Z'), zone, 30), zone)).toBe('2026-03-29T03:00:00+02:00');
    expect(isoInZone(intervalStart(Date.parse('2026-10-25T01:45:00Z'), zone, 30), zone)).toBe('2026-10-25T02:30:00+01:00');
    expect(isoInZone(intervalStart(Date.parse('2026-11-26T07:07:00Z'), 'Asia/Shanghai', 15), 'Asia/Shanghai')).toBe('2026-11-26T15:00:00+08:00');
  });

  it('reads zone offsets independent of the server TZ', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(Date.parse('2026-01-01T00:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
  });
});
