import { describe, expect, it } from 'vitest';
import { formatIsComposing, parseIsComposing, type IsComposing } from './is-composing';

describe('isComposing documents (RFC 3994 §3.4, §6)', () => {
  it('parses the RFC example', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="urn:ietf:params:xml:ns:im-composing iscomposing.xsd">
  <state>idle</state>
  <lastactive>2003-01-27T10:43:00Z</lastactive>
  <contenttype>audio</contenttype>
</isComposing>`;
    expect(parseIsComposing(xml)).toEqual({ state: 'idle', lastActive: { epochMs: Date.UTC(2003, 0, 27, 10, 43), offsetMinutes: 0 }, contentType: 'audio' });
  });

  it('round-trips active and idle messages', () => {
    const cases: IsComposing[] = [
      { state: 'active', contentType: 'text/plain', refreshSeconds: 120 },
      { state: 'idle', lastActive: { epochMs: 1_700_000_000_123, offsetMinutes: 60 }, contentType: 'text/plain' },
      { state: 'idle' },
    ];
    for (const c of cases) expect(parseIsComposing(formatIsComposing(c))).toEqual(c);
  });

  it('accepts a lastactive without offset as UTC and ignores unknown elements', () => {
    const xml = '<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>active</state><lastactive>2003-01-27T10:43:00</lastactive><x:y xmlns:x="urn:x"/></isComposing>';
    expect(parseIsComposing(xml)).toEqual({ state: 'active', lastActive: { epochMs: Date.UTC(2003, 0, 27, 10, 43), offsetMinutes: 0 } });
  });

  it('refuses bad documents', () => {
    const wrap = (inner: string) => `<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing">${inner}</isComposing>`;
    const bad = [
      wrap(''),
      wrap('<state>typing</state>'),
      wrap('<state>active</state><refresh>0</refresh>'),
      wrap('<state>active</state><refresh>-5</refresh>'),
      wrap('<state>active</state><refresh>1.5</refresh>'),
      '<isComposing><state>active</state></isComposing>',
      '<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>active</state>',
    ];
    for (const xml of bad) expect(() => parseIsComposing(xml), xml).toThrow(expect.objectContaining({ code: 'chat-format-malformed' }));
    expect(() => parseIsComposing('<!DOCTYPE x><isComposing/>')).toThrow(expect.objectContaining({ code: 'chat-format-forbidden-xml' }));
    expect(() => formatIsComposing({ state: 'active', refreshSeconds: 0 })).toThrow();
  });
});
