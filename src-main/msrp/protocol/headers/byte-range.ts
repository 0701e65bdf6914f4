import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';

/**
 * RFC 4975 §9: Byte-Range = range-start "-" range-end "/" total, where range-end and total may be `*`
 * (unknown: an interruptible chunk, §7.1.1, or a message of unknown length). Positions are 1-based and
 * inclusive (§7.1.1).
 */
export interface ByteRange {
  readonly start: number;
  readonly end: number | '*';
  readonly total: number | '*';
}

const BYTE_RANGE_RE = /^([0-9]{1,16})-([0-9]{1,16}|\*)\/([0-9]{1,16}|\*)$/;

function number(header: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new MsrpHeaderError(header, `number ${text} too large`);
  return value;
}

export const ByteRangeHeader: HeaderCodec<ByteRange> = {
  name: 'Byte-Range',
  decode(value) {
    const match = BYTE_RANGE_RE.exec(value.trim());
    if (match === null) throw new MsrpHeaderError('Byte-Range', JSON.stringify(value.slice(0, 100)));
    const [, startText, endText, totalText] = match as unknown as [string, string, string, string];
    const start = number('Byte-Range', startText);
    // RFC 4975 §7.1.1: range-start is 1-based.
    if (start < 1) throw new MsrpHeaderError('Byte-Range', 'range-start must be at least 1');
    const end = endText === '*' ? '*' : number('Byte-Range', endText);
    const total = totalText === '*' ? '*' : number('Byte-Range', totalText);
    return { start, end, total };
  },
  encode(value) {
    return `${value.start}-${value.end}/${value.total}`;
  },
};
