import type { SeatView } from '../../../shared/snapshot.js';

/** One zone of the floor map: its seats and the grid they span. */
export interface ZoneBlock {
  zone: string;
  seats: SeatView[];
  minRow: number;
  minCol: number;
  rows: number;
  cols: number;
}

/** Groups seats (already in floor order) by zone, with each zone's row/column extent. */
export function groupZones(seats: readonly SeatView[]): ZoneBlock[] {
  const byZone = new Map<string, SeatView[]>();
  for (const seat of seats) {
    const list = byZone.get(seat.zone);
    if (list) list.push(seat);
    else byZone.set(seat.zone, [seat]);
  }
  return [...byZone].map(([zone, list]) => {
    let minRow = Infinity, maxRow = -Infinity, minCol = Infinity, maxCol = -Infinity;
    for (const s of list) {
      minRow = Math.min(minRow, s.row);
      maxRow = Math.max(maxRow, s.row);
      minCol = Math.min(minCol, s.col);
      maxCol = Math.max(maxCol, s.col);
    }
    return { zone, seats: list, minRow, minCol, rows: maxRow - minRow + 1, cols: maxCol - minCol + 1 };
  });
}

export interface FitOptions {
  /** Zone title height, px. */
  headerPx: number;
  /** Space between zones, and the zone box's inner padding, px. */
  zoneGapPx: number;
  zonePadPx: number;
  minCellPx: number;
  maxCellPx: number;
}

/** Gap between cells for a cell height, px. */
export const cellGap = (cellPx: number) => Math.max(2, Math.round(cellPx * 0.08));

/**
 * Whether the zones, packed left to right in shelves (as CSS flex-wrap lays them out),
 * fit in `width` × `height` with cells `cellPx` tall and `cellPx * aspect` wide.
 */
export function fits(zones: readonly ZoneBlock[], width: number, height: number, cellPx: number, aspect: number, o: FitOptions): boolean {
  const w = cellPx * aspect;
  const gap = cellGap(cellPx);
  let x = 0, shelfHeight = 0, y = 0;
  for (const z of zones) {
    const zw = z.cols * w + (z.cols - 1) * gap + 2 * o.zonePadPx;
    const zh = o.headerPx + z.rows * cellPx + (z.rows - 1) * gap + 2 * o.zonePadPx;
    if (zw > width) return false;
    if (x > 0 && x + zw > width) {
      y += shelfHeight + o.zoneGapPx;
      x = 0;
      shelfHeight = 0;
    }
    x += zw + o.zoneGapPx;
    shelfHeight = Math.max(shelfHeight, zh);
  }
  return y + shelfHeight <= height;
}

/** The largest whole-pixel cell height at which every zone fits (binary search). */
export function fitCellSize(zones: readonly ZoneBlock[], width: number, height: number, aspect: number, o: FitOptions): number {
  if (!zones.length || width <= 0 || height <= 0) return o.minCellPx;
  let lo = o.minCellPx, hi = o.maxCellPx;
  if (!fits(zones, width, height, lo, aspect, o)) return lo;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(zones, width, height, mid, aspect, o)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface SeatGridPlan {
  cellHeightPx: number;
  cellWidthPx: number;
  /** Font size of the staff ID line, px. */
  fontPx: number;
  /** Room for a second line (time in state) under the ID. */
  twoLine: boolean;
}

/** Cell width a line of `chars` characters needs, in ems: symbol, gap, text, padding, border. */
const lineEms = (chars: number) => 1.9 + 0.66 * chars;

/**
 * Chooses the cell shape that gives the largest readable text: tries a range of aspect ratios,
 * fits the zones for each, and keeps the one whose ID font comes out biggest. Two lines (the
 * second for time in state) win whenever their font is at least `minTwoLineFontPx`; only a
 * floor too crowded for that drops to one line.
 */
export function planSeatGrid(
  zones: readonly ZoneBlock[],
  width: number,
  height: number,
  chars: number,
  o: FitOptions & { minTwoLineFontPx: number },
): SeatGridPlan {
  let best: SeatGridPlan & { score: number } = { cellHeightPx: o.minCellPx, cellWidthPx: o.minCellPx, fontPx: 6, twoLine: false, score: -1 };
  for (let aspect = 1.2; aspect <= 3.01; aspect += 0.1) {
    const h = fitCellSize(zones, width, height, aspect, o);
    const w = h * aspect;
    const byWidth = w / lineEms(chars);
    const twoLineFont = Math.min(0.42 * h, byWidth);
    const twoLine = twoLineFont >= o.minTwoLineFontPx;
    const fontPx = twoLine ? twoLineFont : Math.min(0.6 * h, byWidth);
    // Any two-line plan beats any one-line plan.
    const score = fontPx + (twoLine ? 1000 : 0);
    if (score > best.score) best = { cellHeightPx: h, cellWidthPx: Math.floor(w * 100) / 100, fontPx, twoLine, score };
  }
  const { score: _score, ...plan } = best;
  return plan;
}
