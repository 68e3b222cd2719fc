import { describe, expect, it } from 'vitest';
import type { Roster, Seat, Staff } from '../../shared/roster.js';
import { DEFAULT_RECOMMEND_CONFIG, recommend, type FloorPerson, type RecommendInput } from '../../shared/surge/recommend.js';

const inbound = (n: number): Seat[] => Array.from({ length: n }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `IN-${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i }));
const emergency = (n: number): Seat[] => Array.from({ length: n }, (_, i) => ({ seatId: `EM-${i + 1}`, label: `EM-${i + 1}`, kind: 'emergency', zone: 'E', row: 0, col: i }));
const npSeats: Seat[] = [
  { seatId: 'BO-1', label: 'BO-1', kind: 'non-phone', zone: 'D', row: 0, col: 0, work: 'back-office' },
  { seatId: 'BO-2', label: 'BO-2', kind: 'non-phone', zone: 'D', row: 0, col: 1, work: 'back-office' },
  { seatId: 'QA-1', label: 'QA-1', kind: 'non-phone', zone: 'D', row: 0, col: 2, work: 'quality' },
  { seatId: 'TR-1', label: 'TR-1', kind: 'non-phone', zone: 'D', row: 0, col: 3, work: 'training' },
  { seatId: 'SV-1', label: 'SV-1', kind: 'non-phone', zone: 'D', row: 0, col: 4, work: 'supervisor' },
  { seatId: 'SV-2', label: 'SV-2', kind: 'non-phone', zone: 'D', row: 0, col: 5, work: 'supervisor' },
];
const staff = (staffId: string, role: Staff['role'] = 'agent', skills = ['general']): Staff => ({ staffId, name: `N${staffId}`, role, skills });

/** 4 agents on the phones at IN-1..4; non-phone people at BO/QA/TR/SV. */
function floor(opts: { inboundSeats?: number; emergencySeats?: number } = {}): { roster: Roster; people: FloorPerson[] } {
  const roster: Roster = {
    seats: [...inbound(opts.inboundSeats ?? 10), ...npSeats, ...emergency(opts.emergencySeats ?? 6)],
    staff: [
      ...['1001', '1002', '1003', '1004'].map((id) => staff(id)),
      staff('2001', 'agent', ['billing']),
      staff('2002'),
      staff('2003'),
      staff('2004'),
      staff('3001', 'business-supervisor'),
      staff('3002', 'business-supervisor'),
      staff('4001', 'team-lead'),
    ],
    shifts: [],
  };
  const people: FloorPerson[] = [
    ...['1001', '1002', '1003', '1004'].map((id, i) => ({ staffId: id, seatId: `IN-${i + 1}`, activity: 'on-call' as const })),
    { staffId: '2001', seatId: 'BO-1', activity: 'non-phone' },
    { staffId: '2002', seatId: 'BO-2', activity: 'non-phone' },
    { staffId: '2003', seatId: 'QA-1', activity: 'non-phone' },
    { staffId: '2004', seatId: 'TR-1', activity: 'training' },
    { staffId: '3001', seatId: 'SV-1', activity: 'non-phone' },
    { staffId: '3002', seatId: 'SV-2', activity: 'non-phone' },
    { staffId: '4001', seatId: null, activity: 'non-phone' },
  ];
  return { roster, people };
}

function input(over: Partial<RecommendInput> = {}): RecommendInput {
  const { roster, people } = floor();
  return {
    surgeIds: ['deviation-1'],
    people,
    roster,
    shift: { name: 'morning', start: '08:00', end: '16:00', night: false },
    requiredStaff: 6,
    onPhones: 4,
    queue: 'general',
    serviceLevelAt: (n) => Math.min(1, n / 10),
    lastPulledAtMs: {},
    pulled: [],
    config: DEFAULT_RECOMMEND_CONFIG,
    ...over,
  };
}

describe('recommend()', () => {
  it('returns null when there is no surge and nobody to release, or no gap', () => {
    expect(recommend(input({ surgeIds: [] }))).toBeNull();
    expect(recommend(input({ requiredStaff: 4 }))).toBeNull();
  });

  it.each([
    [1, ['2004']],
    [2, ['2004', '2003']],
    [3, ['2004', '2003', '2002']],
  ])('by day pulls exactly the gap of %i, training before quality before back office, skilled first', (gap, ids) => {
    const rec = recommend(input({ requiredStaff: 4 + gap }));
    expect(rec?.kind).toBe('pull');
    if (rec?.kind !== 'pull') return;
    expect(rec.pull.map((m) => m.staffId)).toEqual(ids);
    expect(rec.pull.map((m) => m.toSeatId)).toEqual(['IN-5', 'IN-6', 'IN-7'].slice(0, gap));
    expect(rec.callInEmergency).toBe(0);
    expect(rec.night).toBe(false);
    expect(rec.expectedServiceLevel).toBeCloseTo((4 + gap) / 10);
  });

  it('by night pulls every non-phone person but one business supervisor, whatever the gap', () => {
    const rec = recommend(input({ requiredStaff: 5, shift: { name: 'night', start: '00:00', end: '08:00', night: true } }));
    if (rec?.kind !== 'pull') throw new Error('expected a pull');
    expect(rec.keepOnFloor).toBe('3001');
    expect(rec.pull.map((m) => m.staffId).sort()).toEqual(['2001', '2002', '2003', '2004', '3002']);
    expect(rec.pull.map((m) => m.staffId)).not.toContain('4001');
    expect(rec.reason.code).toBe('night-rule');
  });

  it('asks for emergency seats when pulling everyone leaves a gap, at most the reserve', () => {
    const rec = recommend(input({ requiredStaff: 4 + 6 + 3 }));
    if (rec?.kind !== 'pull') throw new Error('expected a pull');
    expect(rec.pull).toHaveLength(6);
    expect(rec.callInEmergency).toBe(3);
    const huge = recommend(input({ requiredStaff: 100 }));
    if (huge?.kind !== 'pull') throw new Error('expected a pull');
    expect(huge.callInEmergency).toBe(6);
  });

  it('seats pulled people on emergency seats once inbound seats are full', () => {
    const { roster, people } = floor({ inboundSeats: 5, emergencySeats: 2 });
    const rec = recommend(input({ roster, people, requiredStaff: 8 }));
    if (rec?.kind !== 'pull') throw new Error('expected a pull');
    expect(rec.pull.map((m) => m.toSeatId)).toEqual(['IN-5', 'EM-1', 'EM-2']);
    expect(rec.callInEmergency).toBe(0);
  });

  it('rotates fairly within the same work: someone pulled in the last surge goes after those who were not', () => {
    const fresh = recommend(input({ requiredStaff: 7, queue: null }));
    if (fresh?.kind !== 'pull') throw new Error('expected a pull');
    expect(fresh.pull.map((m) => m.staffId)).toEqual(['2004', '2003', '2001']);
    const rotated = recommend(input({ requiredStaff: 7, queue: null, lastPulledAtMs: { '2001': 1000 } }));
    if (rotated?.kind !== 'pull') throw new Error('expected a pull');
    expect(rotated.pull.map((m) => m.staffId)).toEqual(['2004', '2003', '2002']);
  });

  it('puts people with the needed skill first', () => {
    const rec = recommend(input({ requiredStaff: 5, queue: 'billing' }));
    if (rec?.kind !== 'pull') throw new Error('expected a pull');
    expect(rec.pull.map((m) => m.staffId)).toEqual(['2001']);
  });

  it('gives the same recommendation and id for the same input, and a new id when it changes', () => {
    const a = recommend(input());
    const b = recommend(input());
    expect(a).toEqual(b);
    expect(recommend(input({ requiredStaff: 7 }))?.id).not.toBe(a?.id);
  });

  it('does not pull again who was pulled in this surge', () => {
    const rec = recommend(input({ requiredStaff: 6, pulled: [{ staffId: '2004', fromSeatId: 'TR-1', toSeatId: 'IN-5' }] }));
    if (rec?.kind !== 'pull') throw new Error('expected a pull');
    expect(rec.pull.map((m) => m.staffId)).not.toContain('2004');
  });

  it('recommends releasing pulled staff to their own seats once the surge is over', () => {
    const { roster, people } = floor();
    const moved = people.map((p) => (p.staffId === '2004' ? { ...p, seatId: 'IN-5', activity: 'available' as const } : p));
    const rec = recommend(input({ surgeIds: [], roster, people: moved, pulled: [{ staffId: '2004', fromSeatId: 'TR-1', toSeatId: 'IN-5' }] }));
    expect(rec).toMatchObject({ kind: 'release', release: [{ staffId: '2004', fromSeatId: 'IN-5', toSeatId: 'TR-1' }] });
  });
});

describe('release', () => {
  it('leaves out pulled people who never left their own seat', () => {
    const rec = recommend(input({ surgeIds: [], pulled: [{ staffId: '2004', fromSeatId: 'TR-1', toSeatId: 'IN-5' }] }));
    expect(rec).toBeNull();
  });
});
