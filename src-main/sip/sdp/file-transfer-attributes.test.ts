import { describe, expect, it } from 'vitest';
import { formatFileDate, formatFileRange, parseFileDate, parseFileRange, parseFileToken } from './file-transfer-attributes';
import { SdpError } from './sdp-error';

describe('RFC 5547 file attributes', () => {
  it('parses and formats file-range, open-ended or closed', () => {
    expect(parseFileRange('1-*')).toEqual({ start: 1, stop: '*' });
    expect(parseFileRange('1025-2048')).toEqual({ start: 1025, stop: 2048 });
    expect(formatFileRange({ start: 5, stop: 5 })).toBe('5-5');
  });

  it.each(['0-10', '10-9', '-5', '5-', '1-**', 'a-b', '1 - 2', undefined])('refuses file-range %s', (value) => {
    expect(() => parseFileRange(value)).toThrowError(SdpError);
  });

  it('refuses to format a range starting at 0', () => {
    expect(() => formatFileRange({ start: 0, stop: '*' })).toThrowError(SdpError);
  });

  it('parses file-date in any order and formats it in RFC order', () => {
    const date = parseFileDate('read:"Tue, 2 Jan 2024 10:00:00 +0000" creation:"Mon, 1 Jan 2024 10:00:00 +0000"');
    expect(date).toEqual({ creation: 'Mon, 1 Jan 2024 10:00:00 +0000', modification: undefined, read: 'Tue, 2 Jan 2024 10:00:00 +0000' });
    expect(formatFileDate(date)).toBe('creation:"Mon, 1 Jan 2024 10:00:00 +0000" read:"Tue, 2 Jan 2024 10:00:00 +0000"');
  });

  it.each(['', 'creation:Mon', 'creation:"a" creation:"b"', 'birth:"Mon"', 'creation:"a"read:"b"'])('refuses file-date %j', (value) => {
    expect(() => parseFileDate(value)).toThrowError(SdpError);
  });

  it('needs tokens for file-transfer-id and file-disposition', () => {
    expect(parseFileToken('file-transfer-id', '8c2f1c4e-3b5a-4d7e')).toBe('8c2f1c4e-3b5a-4d7e');
    expect(() => parseFileToken('file-disposition', 'attach ment')).toThrowError(SdpError);
    expect(() => parseFileToken('file-transfer-id', undefined)).toThrowError(SdpError);
  });
});
