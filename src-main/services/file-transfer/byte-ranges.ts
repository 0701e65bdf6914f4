/**
 * Sorted, merged half-open byte ranges `[start, end)`: which parts of a file arrived when chunks come out
 * of order (RFC 4975 §7.3.1 lets a sender resend or reorder chunks; over one TCP connection it is rare).
 */
export class ByteRanges {
  readonly #ranges: [number, number][] = [];

  add(start: number, end: number): void {
    if (end <= start) return;
    const ranges = this.#ranges;
    let i = 0;
    while (i < ranges.length && (ranges[i] as [number, number])[1] < start) i++;
    let j = i;
    let from = start;
    let to = end;
    while (j < ranges.length && (ranges[j] as [number, number])[0] <= end) {
      const [s, e] = ranges[j] as [number, number];
      from = Math.min(from, s);
      to = Math.max(to, e);
      j++;
    }
    ranges.splice(i, j - i, [from, to]);
  }

  /** Length of the prefix `[0, n)` that is fully present. */
  get contiguousPrefix(): number {
    const first = this.#ranges[0];
    return first !== undefined && first[0] === 0 ? first[1] : 0;
  }

  /** True when `[0, size)` is fully present (always for size 0). */
  coversPrefix(size: number): boolean {
    return size === 0 || this.contiguousPrefix >= size;
  }

  get count(): number {
    return this.#ranges.length;
  }
}
