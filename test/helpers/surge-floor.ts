/** A small floor ready for a surge: two agents on the phones, people at non-phone work, fast triggers. */
import { ago, ev, postEvents, request } from './server.js';

export const SURGE_ROSTER = {
  seats: [
    ...Array.from({ length: 8 }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `A1-0${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i })),
    { seatId: 'TR-1', label: 'TR-1', kind: 'non-phone', zone: 'D', row: 0, col: 0, work: 'training' },
    { seatId: 'BO-1', label: 'BO-1', kind: 'non-phone', zone: 'D', row: 0, col: 1, work: 'back-office' },
    { seatId: 'BO-2', label: 'BO-2', kind: 'non-phone', zone: 'D', row: 0, col: 2, work: 'back-office' },
  ],
  staff: ['1001', '1002', '2001', '2002', '2003'].map((staffId) => ({ staffId, name: `员工${staffId}`, role: 'agent', skills: ['general'] })),
  shifts: [{ name: 'day', start: '00:00', end: '24:00', night: false }],
};

/**
 * A surge the queue trigger sees at once (10 waiting), ending as soon as the queue clears; the
 * deviation trigger kept out of it (an empty day so far runs the forecast far down).
 */
export const SURGE_SETTINGS = { surge: { waitingCalls: 10, minCallsForRates: 100000, longestWaitSeconds: 86400, deviationPct: 10, significance: 20, holdOffMinutes: 0 } };

const NON_PHONE: Record<string, [string, 'training' | 'non-phone']> = { '2001': ['TR-1', 'training'], '2002': ['BO-1', 'non-phone'], '2003': ['BO-2', 'non-phone'] };

/** Puts the roster and settings, then signs in 1001 and 1002 on the phones and `nonPhone` at their work. */
export async function staffSurgeFloor(url: string, admin: string, nonPhone: string[] = ['2001', '2002', '2003']): Promise<void> {
  const roster = await request(url, 'PUT', '/api/v1/roster', { token: admin, body: SURGE_ROSTER });
  const settings = await request(url, 'PUT', '/api/v1/settings', { token: admin, body: SURGE_SETTINGS });
  if (roster.status !== 200 || settings.status !== 200) throw new Error(`set-up refused: roster ${roster.status}, settings ${settings.status}`);
  await postEvents(url, [
    ev.signIn('1001', 'IN-1', ago(600)),
    ev.signIn('1002', 'IN-2', ago(600)),
    ...nonPhone.flatMap((id) => [ev.signIn(id, NON_PHONE[id]![0], ago(600)), ev.activity(id, NON_PHONE[id]![1], ago(590))]),
  ]);
}
