/**
 * The handover's log entries (problems closed and carried, corrections, a shift's figures, the
 * signatures) in the reader's language. The problem and correction texts are people's own
 * words, so they are taken from the server's summary as written; null for anything not known.
 */
import type { LogEntry } from '../../../../shared/shift-log.js';
import { translateOr, type Translate } from '../../i18n/index.js';
import { percent, siteClock } from '../../lib/format.js';

type Data = Record<string, unknown>;
const str = (d: Data, key: string) => (typeof d[key] === 'string' ? (d[key] as string) : null);
const num = (d: Data, key: string) => (typeof d[key] === 'number' ? (d[key] as number) : null);

/**
 * A shift's log key for people: `2026-11-27/night` → `2026-11-27 Night` (夜班).
 * @example shiftLabel(t, '2026-11-27/night') // '2026-11-27 Night'
 */
export function shiftLabel(t: Translate, key: string): string {
  const [day, name = ''] = key.split('/');
  return `${day} ${translateOr(t, `shift.${name}`, name)}`;
}

/** Strips a known prefix (and suffix) from the server's summary: the words someone typed. */
function between(text: string, prefix: RegExp, suffix = ''): string | null {
  const m = prefix.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  return suffix && rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest;
}

export function handoverText(t: Translate, entry: LogEntry, timeZone: string): string | null {
  const d = entry.data ?? {};
  switch (entry.kind) {
    case 'problem-closed': {
      const note = str(d, 'text');
      const problem = between(entry.text, /^Closed: /, note ? ` — ${note}` : '');
      if (problem === null) return null;
      return note ? t('sup.logText.problemClosedNote', { problem, note }) : t('sup.logText.problemClosed', { problem });
    }
    case 'problem-carried': {
      const from = str(d, 'from');
      const problem = between(entry.text, /^Open problem carried over \(from [^)]*\): /);
      return from && problem !== null ? t('sup.logText.problemCarried', { problem, from: shiftLabel(t, from) }) : null;
    }
    case 'correction': {
      const text = str(d, 'text');
      const at = /^Correction to (\S+):/.exec(entry.text)?.[1];
      if (!text) return null;
      return at && !Number.isNaN(Date.parse(at)) ? t('sup.logText.correction', { time: siteClock(Date.parse(at), timeZone), text }) : text;
    }
    case 'shift-figures': {
      const [offered, answered, abandoned] = [num(d, 'offered'), num(d, 'answered'), num(d, 'abandoned')];
      if (offered === null || answered === null || abandoned === null) return null;
      return t('sup.logText.figures', { offered, answered, abandoned, sl: percent(num(d, 'serviceLevel')), rate: percent(num(d, 'answerRate')) });
    }
    case 'handover-signed': {
      const open = num(d, 'openProblems');
      return open === null ? t('sup.logText.signed') : t('sup.logText.signedOpen', { n: open });
    }
    case 'handover-confirmed': {
      const shift = str(d, 'shift');
      return shift ? t('sup.logText.confirmedOf', { shift: shiftLabel(t, shift) }) : t('sup.logText.confirmed');
    }
  }
  return null;
}

/** A refused handover command in the reader's language: the usual cases worded, else the server's words. */
export function handoverError(t: Translate, err: { error: string; message: string }, fallback: (err: { error: string; message: string }) => string): string {
  const m = err.message;
  if (err.error !== 'conflict') return fallback(err);
  if (/you signed this handover/.test(m)) return t('sup.handover.err.ownSignature');
  const signed = /already signed by (\S+)/.exec(m);
  if (signed) return t('sup.handover.err.alreadySigned', { who: signed[1]! });
  const confirmed = /already confirmed by (\S+)/.exec(m);
  if (confirmed) return t('sup.handover.err.alreadyConfirmed', { who: confirmed[1]! });
  if (/not been signed/.test(m)) return t('sup.handover.err.notSigned');
  return fallback(err);
}
