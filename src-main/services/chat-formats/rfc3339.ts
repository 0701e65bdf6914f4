import { malformed } from './chat-format-error';

/**
 * An instant with the UTC offset it was written in (RFC 3339 §5.6 `date-time`): CPIM DateTime (RFC 3862 §4.6),
 * IMDN `datetime` (RFC 5438 §7.2) and is-composing `lastactive` (RFC 3994 §6). Kept as epoch ms so history can
 * order on it, and the offset so a reply can show the sender's local time.
 */
export interface CpimDateTime {
  readonly epochMs: number;
  /** Minutes east of UTC; 0 for `Z`. */
  readonly offsetMinutes: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an RFC 3339 date-time. The offset is required by RFC 3339; `assumeUtc` accepts its absence as UTC,
 * for XML Schema dateTime values (is-composing lastactive) that may omit it.
 */
export function parseRfc3339(text: string, options: { assumeUtc?: boolean } = {}): CpimDateTime {
  const m = DATE_TIME.exec(text.trim());
  if (m === null) throw malformed(`not an RFC 3339 date-time: ${JSON.stringify(text.slice(0, 64))}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  const zone = m[8];
  if (zone === undefined && options.assumeUtc !== true) throw malformed(`date-time without a UTC offset: ${JSON.stringify(text.slice(0, 64))}`);
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) throw malformed(`bad UTC offset in ${JSON.stringify(text)}`);
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // RFC 3339 §5.7: field ranges; second 60 is a leap second, read as the next minute's start (JS time has none).
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    throw malformed(`date-time out of range: ${JSON.stringify(text)}`);
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, fraction);
  const epochMs = utc.getTime() - offsetMinutes * 60_000;
  if (!Number.isFinite(epochMs)) throw malformed(`date-time out of range: ${JSON.stringify(text)}`);
  return { epochMs, offsetMinutes };
}

/** Formats with millisecond precision in the given offset (`Z` for UTC), e.g. `2025-03-01T10:15:30.250+01:00`. */
export function formatRfc3339(value: CpimDateTime | number): string {
  const { epochMs, offsetMinutes } = typeof value === 'number' ? { epochMs: value, offsetMinutes: 0 } : value;
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, -1);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The current instant in this machine's offset, for DateTime headers a user reads. */
export function localDateTime(epochMs: number): CpimDateTime {
  return { epochMs, offsetMinutes: -new Date(epochMs).getTimezoneOffset() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
