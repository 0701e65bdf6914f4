/**
 * A set of byte positions kept as sorted, disjoint, half-open intervals [start, end), 0-based. Tracks what
 * was received of a message whose chunks may arrive out of order or overlap (RFC 4975 §7.3.1 reassembly by
 * Byte-Range), and what a peer's REPORTs acknowledged (RFC 4975 §7.1.2: a REPORT's Byte-Range).
 */
export class RangeSet {
  #starts: number[] = [];
  #ends: number[] = [];
  #size = 0;

  /** Number of positions in the set. */
  get size(): number {
    return this.#size;
  }

  get intervalCount(): number {
    return this.#starts.length;
  }

  /** Adds [start, end); returns how many positions were new. */
  add(start: number, end: number): number {
    if (!(end > start)) return 0;
    const starts = this.#starts;
    const ends = this.#ends;
    // Fast path: appending at or after the last interval (the in-order case).
    const last = ends.length - 1;
    if (last < 0 || start > (ends[last] as number)) {
      starts.push(start);
      ends.push(end);
      this.#size += end - start;
      return end - start;
    }
    // First interval that ends at or after `start` (touching intervals merge).
    let i = 0;
    while (i < ends.length && (ends[i] as number) < start) i++;
    let j = i;
    let newStart = start;
    let newEnd = end;
    let covered = 0;
    while (j < starts.length && (starts[j] as number) <= end) {
      newStart = Math.min(newStart, starts[j] as number);
      newEnd = Math.max(newEnd, ends[j] as number);
      covered += (ends[j] as number) - (starts[j] as number);
      j++;
    }
    starts.splice(i, j - i, newStart);
    ends.splice(i, j - i, newEnd);
    const added = newEnd - newStart - covered;
    this.#size += added;
    return added;
  }

  /** True when every position of [start, end) is in the set. */
  covers(start: number, end: number): boolean {
    if (!(end > start)) return true;
    for (let i = 0; i < this.#starts.length; i++) {
      if ((this.#starts[i] as number) <= start && (this.#ends[i] as number) >= end) return true;
    }
    return false;
  }

  /** The end of the run starting at 0 (0 when position 0 is missing). */
  get contiguousEnd(): number {
    return this.#starts[0] === 0 ? (this.#ends[0] as number) : 0;
  }

  /** The highest position in the set plus one (0 when empty). */
  get maxEnd(): number {
    return this.#ends.length === 0 ? 0 : (this.#ends[this.#ends.length - 1] as number);
  }

  intervals(): [number, number][] {
    return this.#starts.map((start, i) => [start, this.#ends[i] as number]);
  }
}
