/**
 * A shift-log entry in the reader's language. The server writes a plain English summary and
 * the facts in `data`; this words the facts, and falls back to the summary for anything it
 * does not know (an older entry, a new kind).
 */
import type { LogEntry } from '../../../../shared/shift-log.js';
import type { Translate } from '../../i18n/index.js';
import { siteClock } from '../../lib/format.js';
import { handoverText } from './handoverText.js';
import { causeName, reading, type Directory } from './present.js';

type Data = Record<string, unknown>;
interface Move {
  staffId: string;
  toSeatId: string;
}

const str = (d: Data, key: string) => (typeof d[key] === 'string' ? (d[key] as string) : null);
const num = (d: Data, key: string) => (typeof d[key] === 'number' ? (d[key] as number) : null);
const moves = (value: unknown): Move[] | null =>
  Array.isArray(value) && value.every((m) => typeof m?.staffId === 'string' && typeof m?.toSeatId === 'string') ? (value as Move[]) : null;

/** A recommendation as the log's `recommendation` entry carries it, in words. */
function describe(t: Translate, rec: Data, dir: Directory): string | null {
  const list = (ms: Move[]) => ms.map((m) => `${m.staffId}→${dir.seat(m.toSeatId)}`).join(', ');
  if (rec.kind === 'release') {
    const release = moves(rec.release);
    return release ? t('sup.logText.release', { list: list(release) }) : null;
  }
  const pull = moves(rec.pull);
  if (!pull) return null;
  const parts = [pull.length ? t('sup.logText.pull', { list: list(pull) }) : t('surge.noPull')];
  const keep = str(rec, 'keepOnFloor');
  if (keep) parts.push(t('sup.logText.keep', { id: keep }));
  const callIn = num(rec, 'callInEmergency');
  if (callIn) parts.push(t('surge.callIn', { count: callIn }));
  const sl = num(rec, 'expectedServiceLevel');
  if (sl !== null) parts.push(t('surge.slAfter', { sl: `${Math.round(sl * 100)}%` }));
  return parts.join(' · ');
}

/** Recommendations logged this shift, by id, so an acceptance can say what was accepted. */
export function recommendationsIn(entries: LogEntry[]): Map<string, Data> {
  const out = new Map<string, Data>();
  for (const e of entries) {
    const rec = e.kind === 'recommendation' ? e.data?.recommendation : undefined;
    if (rec && typeof rec === 'object' && typeof (rec as Data).id === 'string') out.set((rec as Data).id as string, rec as Data);
  }
  return out;
}

export function logText(t: Translate, entry: LogEntry, dir: Directory, recs: Map<string, Data>, timeZone: string): string {
  const d = entry.data ?? {};
  const cause = str(d, 'cause');
  const staffId = str(d, 'staffId');
  const recId = str(d, 'recommendationId');
  const rec = recId ? recs.get(recId) : undefined;
  const what = rec ? describe(t, rec, dir) : null;
  switch (entry.kind) {
    case 'surge-started': {
      const [m, th] = [num(d, 'measured'), num(d, 'threshold')];
      const unit = str(d, 'unit') as Parameters<typeof reading>[4] | null;
      if (!cause || m === null || th === null) break;
      const r = reading(t, cause, m, th, unit ?? undefined);
      return t('sup.logText.surgeStarted', { cause: causeName(t, cause), reading: `${r.value} ${r.against}`.trim() });
    }
    case 'surge-ended':
      if (!cause) break;
      return t(d.byHand ? 'sup.logText.surgeEndedByHand' : 'sup.logText.surgeEnded', { cause: causeName(t, cause) });
    case 'surge-declared': {
      const uplift = num(d, 'upliftPct');
      const endsAt = str(d, 'endsAt');
      if (!cause || uplift === null || !endsAt) break;
      return t('sup.logText.declared', { cause: causeName(t, cause), uplift: Math.round(uplift * 100), time: siteClock(Date.parse(endsAt), timeZone, false) });
    }
    case 'recommendation': {
      const r = d.recommendation;
      return (r && typeof r === 'object' ? describe(t, r as Data, dir) : null) ?? entry.text;
    }
    case 'recommendation-accepted':
      return what ? t('sup.logText.accepted', { what }) : entry.text;
    case 'recommendation-declined': {
      const reason = str(d, 'reason') ?? '';
      return t('sup.logText.declined', { reason, what: what ?? '' });
    }
    case 'move':
    case 'move-done':
    case 'move-overdue': {
      const to = str(d, 'toSeatId');
      if (!staffId || !to) break;
      return t(`sup.logText.${entry.kind}`, { id: staffId, seat: dir.seat(to) });
    }
    case 'manual-sign-in': {
      const seat = str(d, 'seatId');
      if (!staffId || !seat) break;
      return t('sup.logText.signIn', { id: staffId, seat: dir.seat(seat) });
    }
    case 'manual-sign-out':
      if (!staffId) break;
      return t('sup.logText.signOut', { id: staffId });
    default:
      return handoverText(t, entry, timeZone) ?? entry.text;
  }
  return entry.text;
}
