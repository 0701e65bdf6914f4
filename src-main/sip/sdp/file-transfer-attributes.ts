import { SdpError } from './sdp-error';
import { isByteString, isToken } from './sdp-grammar';

/** `a=file-date` (RFC 5547 §9): RFC 5322 date-times, kept as written. */
export interface FileDate {
  readonly creation: string | undefined;
  readonly modification: string | undefined;
  readonly read: string | undefined;
}

/** `a=file-range:<start>-<stop>` (RFC 5547 §8, §9): 1-based, inclusive octet positions; `'*'` = to the end. */
export interface FileRange {
  readonly start: number;
  readonly stop: number | '*';
}

const DATE_KEYS = ['creation', 'modification', 'read'] as const;

function fail(message: string): SdpError {
  return new SdpError('sdp/bad-file-attribute', 400, message);
}

/** RFC 5547 §9: file-tr-id-value = token; file-disp-value = token. */
export function parseFileToken(name: 'file-transfer-id' | 'file-disposition', value: string | undefined): string {
  if (value === undefined || !isToken(value)) throw fail(`${name} must be a token`);
  return value;
}

/** RFC 5547 §9: `file-date:` date-param *(SP date-param), date-param = ("creation:" / "modification:" / "read:") DQUOTE date-time DQUOTE. */
export function parseFileDate(value: string | undefined): FileDate {
  if (value === undefined || value.length === 0) throw fail('file-date without value');
  const found: Partial<Record<(typeof DATE_KEYS)[number], string>> = {};
  const re = /(creation|modification|read):"([^"]+)"(?: +|$)/y;
  let index = 0;
  while (index < value.length) {
    re.lastIndex = index;
    const match = re.exec(value);
    if (match === null) throw fail(`file-date malformed at ${index}`);
    const key = match[1] as (typeof DATE_KEYS)[number];
    if (found[key] !== undefined) throw fail(`file-date repeats ${key}`);
    found[key] = match[2] as string;
    index = re.lastIndex;
  }
  return { creation: found.creation, modification: found.modification, read: found.read };
}

export function formatFileDate(date: FileDate): string {
  const parts = DATE_KEYS.flatMap((key) => {
    const text = date[key];
    if (text === undefined) return [];
    if (text.length === 0 || text.includes('"') || !isByteString(text)) throw fail(`file-date ${key} malformed`);
    return [`${key}:"${text}"`];
  });
  if (parts.length === 0) throw fail('file-date without dates');
  return parts.join(' ');
}

/** RFC 5547 §9: start-offset "-" stop-offset, integers, stop-offset may be "*". */
export function parseFileRange(value: string | undefined): FileRange {
  const match = /^([0-9]{1,16})-([0-9]{1,16}|\*)$/.exec(value ?? '');
  if (match === null) throw fail(`file-range ${JSON.stringify(value)}`);
  const start = Number(match[1]);
  const stop = match[2] === '*' ? '*' : Number(match[2]);
  // RFC 5547 §8: positions count from 1 and the range is not empty.
  if (!Number.isSafeInteger(start) || start < 1 || (stop !== '*' && (!Number.isSafeInteger(stop) || stop < start))) {
    throw fail(`file-range ${JSON.stringify(value)} out of order`);
  }
  return { start, stop };
}

export function formatFileRange(range: FileRange): string {
  const text = `${range.start}-${range.stop}`;
  parseFileRange(text);
  return text;
}
