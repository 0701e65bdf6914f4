/**
 * The arithmetic of a virtualized list: rows have measured heights (an estimate until measured), and only the
 * rows that intersect the viewport, plus an overscan margin, are rendered.
 */

/** offsets[i] is the top of row i; offsets[n] is the total height. */
export function rowOffsets(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let index = 0; index < heights.length; index += 1) offsets[index + 1] = (offsets[index] as number) + (heights[index] as number);
  return offsets;
}

/** The index of the row that contains `y` (the last row for y past the end, 0 for an empty list). */
export function rowAt(offsets: readonly number[], y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((offsets[middle] as number) <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Rows [start, end) to render for this scroll position. */
export function visibleRange(offsets: readonly number[], scrollTop: number, viewportHeight: number, overscanPx: number): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const total = offsets[count] as number;
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total - viewportHeight)) - overscanPx);
  const bottom = Math.min(total, top + overscanPx + viewportHeight + overscanPx);
  const start = rowAt(offsets, top);
  const end = Math.min(count, rowAt(offsets, Math.max(top, bottom - 1)) + 1);
  return { start, end };
}
