import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatFormatError } from './chat-format-error';
import { formatCpim } from './cpim-format';
import { CPIM_STANDARD_NAMESPACE, cpimHeaderValues, unsupportedRequired, type CpimMessageInit } from './cpim-message';
import { parseCpim } from './cpim-parse';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

describe('CPIM (RFC 3862)', () => {
  it('writes the RFC 5438 §8.1 example shape and reads it back', () => {
    const wire = formatCpim({
      from: { displayName: 'Alice', uri: 'im:alice@example.com' },
      to: [{ displayName: 'Bob', uri: 'im:bob@example.com' }],
      dateTime: { epochMs: Date.UTC(2006, 3, 4, 17, 16, 49), offsetMinutes: -300 },
      headers: [
        { namespace: 'urn:ietf:params:imdn', name: 'Message-ID', value: '34jk324j' },
        { namespace: 'urn:ietf:params:imdn', name: 'Disposition-Notification', value: 'positive-delivery, display' },
      ],
      contentType: 'text/plain',
      body: 'Hello World',
    });
    expect(wire.toString()).toBe(
      [
        'From: "Alice" <im:alice@example.com>',
        'To: "Bob" <im:bob@example.com>',
        'DateTime: 2006-04-04T12:16:49.000-05:00',
        'NS: imdn <urn:ietf:params:imdn>',
        'imdn.Message-ID: 34jk324j',
        'imdn.Disposition-Notification: positive-delivery, display',
        '',
        'Content-Type: text/plain',
        '',
        'Hello World',
      ].join('\r\n'),
    );
    const parsed = parseCpim(wire);
    expect(parsed.from).toEqual({ displayName: 'Alice', uri: 'im:alice@example.com' });
    expect(cpimHeaderValues(parsed, 'urn:ietf:params:imdn', 'message-id')).toEqual(['34jk324j']);
    expect(Buffer.from(parsed.body).toString()).toBe('Hello World');
  });

  it('reads what the SIP SIMPLE client writes: inner MIME headers with bare LF, "Required", lowercase escapes', () => {
    const wire = Buffer.concat([
      crlf([
        'From: Alice Smith <sip:alice@example.com>',
        'To: <sip:bob@example.com>',
        'To: <sip:carol@example.com>',
        'cc: "Dave \\"D\\"" <sip:dave@example.com>',
        'Subject: line\\u000anext',
        'Subject:;lang=fr Bonjour',
        'DateTime: 2024-05-06T07:08:09.123456+02:00',
        'Required: imdn.Message-ID',
        'NS: imdn <urn:ietf:params:imdn>',
        'imdn.Message-ID: abc',
        'Custom: C:\\\\dir',
        '',
        '',
      ]),
      Buffer.from('Content-Type: text/plain; charset="utf-8"\nMIME-Version: 1.0\n\nhi\r\nthere'),
    ]);
    const parsed = parseCpim(wire);
    expect(parsed.from).toEqual({ displayName: 'Alice Smith', uri: 'sip:alice@example.com' });
    expect(parsed.to.map((a) => a.uri)).toEqual(['sip:bob@example.com', 'sip:carol@example.com']);
    expect(parsed.cc).toEqual([{ displayName: 'Dave "D"', uri: 'sip:dave@example.com' }]);
    expect(parsed.subjects).toEqual([{ value: 'line\nnext' }, { value: 'Bonjour', lang: 'fr' }]);
    expect(parsed.dateTime).toEqual({ epochMs: Date.UTC(2024, 4, 6, 5, 8, 9, 123), offsetMinutes: 120 });
    expect(parsed.require).toEqual(['imdn.Message-ID']);
    expect(unsupportedRequired(parsed, ['IMDN.message-id'])).toEqual([]);
    expect(unsupportedRequired(parsed, [])).toEqual(['imdn.Message-ID']);
    expect(parsed.headers).toEqual([
      { namespace: 'urn:ietf:params:imdn', name: 'Message-ID', value: 'abc', prefix: 'imdn' },
      { namespace: CPIM_STANDARD_NAMESPACE, name: 'Custom', value: 'C:\\dir' },
    ]);
    expect(parsed.contentType).toBe('text/plain; charset="utf-8"');
    expect(parsed.contentHeaders).toEqual([{ name: 'MIME-Version', value: '1.0' }]);
    expect(Buffer.from(parsed.body).toString()).toBe('hi\r\nthere');
  });

  it('keeps binary bodies byte for byte, as a view of the input', () => {
    const body = Buffer.from([0, 13, 10, 13, 10, 255, 254, 0x2d]);
    const wire = formatCpim({ from: { uri: 'sip:a@b' }, contentType: 'application/octet-stream', body });
    const parsed = parseCpim(wire);
    expect(Buffer.from(parsed.body).equals(body)).toBe(true);
    expect(parsed.body.buffer).toBe(wire.buffer);
  });

  it('accepts an empty message header section', () => {
    const parsed = parseCpim(Buffer.from('\r\nContent-Type: text/plain\r\n\r\nx'));
    expect(parsed.from).toBeUndefined();
    expect(Buffer.from(parsed.body).toString()).toBe('x');
  });

  it('declares each namespace once, keeps asked-for prefixes, and invents one when two collide', () => {
    const wire = formatCpim({
      headers: [
        { namespace: 'urn:example:a', prefix: 'x', name: 'One', value: '1' },
        { namespace: 'urn:example:a', name: 'Two', value: '2' },
        { namespace: 'urn:example:b', prefix: 'x', name: 'Three', value: '3' },
      ],
      contentType: 'text/plain',
      body: '',
    }).toString();
    expect(wire.match(/^NS: .*$/gm)).toEqual(['NS: x <urn:example:a>', 'NS: ns1 <urn:example:b>']);
    const parsed = parseCpim(Buffer.from(wire));
    expect(parsed.headers.map((h) => [h.namespace, h.name, h.value])).toEqual([
      ['urn:example:a', 'One', '1'],
      ['urn:example:a', 'Two', '2'],
      ['urn:example:b', 'Three', '3'],
    ]);
  });

  it('skips headers under an undeclared prefix', () => {
    const parsed = parseCpim(crlf(['foo.Bar: 1', 'From: <sip:a@b>', '', 'Content-Type: text/plain', '', '']));
    expect(parsed.headers).toEqual([]);
    expect(parsed.from?.uri).toBe('sip:a@b');
  });

  it('round-trips arbitrary header values, names and bodies', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const uri = fc.stringMatching(/^sip:[a-z0-9.]{1,12}@[a-z0-9.]{1,12}$/);
    const address = fc.record({ uri, displayName: fc.option(text.filter((s) => s !== ''), { nil: undefined }) }, { requiredKeys: ['uri'] });
    fc.assert(
      fc.property(
        fc.record({
          from: address,
          to: fc.array(address, { maxLength: 3 }),
          subject: text,
          values: fc.array(text, { maxLength: 4 }),
          body: fc.uint8Array({ maxLength: 64 }),
        }),
        (m) => {
          const init: CpimMessageInit = {
            from: m.from,
            to: m.to,
            subjects: [{ value: m.subject }],
            headers: m.values.map((value, i) => ({ namespace: 'urn:ietf:params:imdn', name: `H${i}`, value })),
            contentType: 'application/octet-stream',
            body: m.body,
          };
          const parsed = parseCpim(formatCpim(init));
          const clean = (a: { uri: string; displayName?: string | undefined }) => (a.displayName === undefined ? { uri: a.uri } : a);
          expect(parsed.from).toEqual(clean(m.from));
          expect(parsed.to).toEqual(m.to.map(clean));
          expect(parsed.subjects).toEqual([{ value: m.subject }]);
          expect(parsed.headers.map((h) => h.value)).toEqual(m.values);
          expect(Buffer.from(parsed.body).equals(Buffer.from(m.body))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses malformed payloads with a 400-mapped error', () => {
    const cases: [string, Buffer][] = [
      ['no blank line', Buffer.from('From: <sip:a@b>\r\nContent-Type: text/plain\r\n')],
      ['no content headers end', Buffer.from('From: <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n')],
      ['no Content-Type', crlf(['From: <sip:a@b>', '', 'Content-ID: <x>', '', 'body'])],
      ['header without colon', crlf(['From <sip:a@b>', '', 'Content-Type: text/plain', '', ''])],
      ['bad header name', crlf(['Fr om: <sip:a@b>', '', 'Content-Type: text/plain', '', ''])],
      ['two From', crlf(['From: <sip:a@b>', 'From: <sip:c@d>', '', 'Content-Type: text/plain', '', ''])],
      ['bad DateTime', crlf(['DateTime: tomorrow', '', 'Content-Type: text/plain', '', ''])],
      ['bad address', crlf(['To: Bob <sip:b@c', '', 'Content-Type: text/plain', '', ''])],
      ['bad NS', crlf(['NS: imdn urn:ietf:params:imdn', '', 'Content-Type: text/plain', '', ''])],
      ['not UTF-8', Buffer.concat([Buffer.from('Subject: '), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n\r\nContent-Type: text/plain\r\n\r\n')])],
      ['bare CR', crlf(['Subject: a\rb', '', 'Content-Type: text/plain', '', ''])],
      ['empty input', Buffer.alloc(0)],
    ];
    for (const [what, wire] of cases) {
      expect(() => parseCpim(wire), what).toThrow(expect.objectContaining({ name: 'ChatFormatError', code: 'chat-format-malformed', status: 400 }));
    }
  });

  it('enforces header limits', () => {
    const many = crlf([...Array.from({ length: 300 }, (_, i) => `X${i}: v`), '', 'Content-Type: text/plain', '', '']);
    expect(() => parseCpim(many)).toThrow(expect.objectContaining({ code: 'chat-format-limit-exceeded' }));
    const long = crlf([`Subject: ${'x'.repeat(70_000)}`, '', 'Content-Type: text/plain', '', '']);
    expect(() => parseCpim(long)).toThrow(expect.objectContaining({ code: 'chat-format-limit-exceeded' }));
    expect(() => parseCpim(long, { maxHeaderBytes: 100_000 })).not.toThrow();
  });

  it('refuses to write what cannot be written', () => {
    const base = { contentType: 'text/plain', body: '' };
    const bad: CpimMessageInit[] = [
      { ...base, headers: [{ namespace: 'urn:x', name: 'Bad Name', value: '' }] },
      { ...base, headers: [{ namespace: '', name: 'N', value: '' }] },
      { ...base, contentType: 'text/plain\r\nX-Injected: 1' },
      { ...base, contentHeaders: [{ name: 'Content-Type', value: 'text/html' }] },
      { ...base, subjects: [{ value: 'x', lang: 'not a tag' }] },
    ];
    for (const init of bad) expect(() => formatCpim(init)).toThrow(expect.objectContaining({ code: 'chat-format-unencodable', status: undefined }));
    expect(() => formatCpim({ ...base, from: { uri: 'sip:a b' } })).toThrow(ChatFormatError);
  });

  it('never lets a header value inject a line', () => {
    const wire = formatCpim({ subjects: [{ value: 'x\r\nFrom: <sip:evil@x>' }], contentType: 'text/plain', body: '' });
    const parsed = parseCpim(wire);
    expect(parsed.from).toBeUndefined();
    expect(parsed.subjects[0]?.value).toBe('x\r\nFrom: <sip:evil@x>');
  });
});
