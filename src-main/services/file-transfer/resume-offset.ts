import type { FileRange } from '../../sip/sdp';

/**
 * RFC 5547 §8: a resumed transfer names the octets still wanted with `a=file-range:<start>-<stop>`,
 * 1-based and inclusive. Parley keeps offsets 0-based (bytes already held), like MSRP's messageData.
 */
export function fileRangeFromOffset(offset: number, size: number | undefined): FileRange {
  return { start: offset + 1, stop: size === undefined ? '*' : Math.max(offset + 1, size) };
}

/** The 0-based offset the sender starts at for a received `a=file-range` (0 when absent or beyond the file). */
export function offsetFromFileRange(range: FileRange | undefined, size: number | undefined): number {
  if (range === undefined) return 0;
  const offset = range.start - 1;
  return size !== undefined && offset > size ? 0 : Math.max(0, offset);
}
