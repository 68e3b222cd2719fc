import type { SeatActivity } from '../../../shared/snapshot.js';

/**
 * Each activity's colour (a CSS variable from app.css). The wall always pairs it with the
 * activity's shape (`ActivityIcon`), so the map still reads for colour-blind viewers and on
 * washed-out TVs.
 */
export const ACTIVITY_COLOUR: Record<SeatActivity, string> = {
  available: 'var(--c-available)',
  'on-call': 'var(--c-on-call)',
  'wrap-up': 'var(--c-wrap-up)',
  'non-phone': 'var(--c-non-phone)',
  training: 'var(--c-training)',
  break: 'var(--c-break)',
  'signed-out': 'var(--c-signed-out)',
};

/** Legend order: the phone states first. */
export const ACTIVITY_ORDER: SeatActivity[] = ['available', 'on-call', 'wrap-up', 'non-phone', 'training', 'break', 'signed-out'];
