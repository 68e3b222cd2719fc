/** Small presentation helpers for the team-lead board. */
import type { ErrorBody } from '../../../../shared/errors.js';
import type { SeatView } from '../../../../shared/snapshot.js';
import type { MessageKey, Translate } from '../../i18n/index.js';

const KIND_ORDER: SeatView['kind'][] = ['inbound', 'emergency', 'non-phone', 'unknown'];

/** Seats grouped by kind (inbound, emergency, non-phone), for `<optgroup>`s. */
export function seatsByKind(seats: SeatView[]): { kind: SeatView['kind']; seats: SeatView[] }[] {
  return KIND_ORDER.map((kind) => ({ kind, seats: seats.filter((s) => s.kind === kind) })).filter((g) => g.seats.length > 0);
}

const KNOWN_ERRORS = ['unavailable', 'conflict', 'not_found', 'validation', 'forbidden'];

/** A refused command in the viewer's language, with the server's own detail after it. */
export function commandErrorText(t: Translate, err: Pick<ErrorBody, 'error' | 'message'>): string {
  const key = (KNOWN_ERRORS.includes(err.error) ? `lead.err.${err.error}` : 'lead.err.other') as MessageKey;
  return `${t(key)}: ${err.message}`;
}

/** What a command's button leaves behind: a confirmation or an error, shown under the form. */
export interface Feedback {
  ok: boolean;
  text: string;
}
