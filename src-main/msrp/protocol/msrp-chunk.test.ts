import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MsrpHeaderError, MsrpInvariantError, MsrpMissingHeaderError } from '../errors';
import { ChunkReceiver } from './chunk-receiver';
import { ByteRangeHeader } from './headers/byte-range';
import { ToPathHeader } from './headers/path-headers';
import { makeReport, makeResponse, needsReport, needsResponse } from './make-response';
import { MsrpChunk, type ContinuationFlag } from './msrp-chunk';
import { MsrpHeaders } from './msrp-headers';
import { MsrpUri } from './msrp-uri';
import { parseChunk, parseChunks } from './parse-chunk';
import { arbitraryUri } from './test-support/arbitraries';
import { chooseTransactionId, containsEndLine, generateTransactionId, TRANSACTION_ID_RE } from './transaction-id';

const ALICE = 'msrp://alicepc.example.com:7777/iau39soe2843z;tcp';
const BOB = 'msrp://bob.example.com:8888/9di4eae923wzd;tcp';
const RELAY = 'msrps://relay.example.com:2855/r1;tcp';

function send(extra: [string, string][] = [], body: string | undefined = 'Hi', tid = 'a786hjs2'): MsrpChunk {
  return new MsrpChunk({
    transactionId: tid,
    method: 'SEND',
    headers: [['To-Path', BOB], ['From-Path', `${RELAY} ${ALICE}`], ['Message-ID', '87652491'], ['Byte-Range', '1-2/2'], ...extra, ['Content-Type', 'text/plain']],
    ...(body !== undefined ? { body } : {}),
  });
}

describe('MsrpChunk', () => {
  it('encodes start, body and end-line as RFC 4975 §9 frames them', () => {
    const chunk = send([['Success-Report', 'yes']]);
    expect(chunk.encodeStart().toString()).toBe(
      `MSRP a786hjs2 SEND\r\nTo-Path: ${BOB}\r\nFrom-Path: ${RELAY} ${ALICE}\r\nMessage-ID: 87652491\r\nByte-Range: 1-2/2\r\nSuccess-Report: yes\r\nContent-Type: text/plain\r\n\r\n`,
    );
    expect(chunk.encodeEnd().toString()).toBe('\r\n-------a786hjs2$\r\n');
    expect(chunk.encodeEnd('+').toString()).toBe('\r\n-------a786hjs2+\r\n');
    expect(chunk.encode().toString()).toBe(`${chunk.encodeStart().toString()}Hi\r\n-------a786hjs2$\r\n`);
  });

  it('puts To-Path and From-Path first and Content-Type last, whatever the order given', () => {
    const chunk = new MsrpChunk({
      transactionId: 'order123',
      method: 'SEND',
      headers: [['Content-Type', 'text/plain'], ['Content-ID', '<x>'], ['X-A', '1'], ['From-Path', ALICE], ['Byte-Range', '1-1/1'], ['To-Path', BOB]],
      body: 'x',
    });
    const names = chunk.encodeStart().toString().split('\r\n').slice(1, -2).map((l) => l.split(':')[0]);
    expect(names).toEqual(['To-Path', 'From-Path', 'X-A', 'Byte-Range', 'Content-ID', 'Content-Type']);
  });

  it('frames a response and a bodyless request without the blank line', () => {
    const response = new MsrpChunk({ transactionId: 'resp1234', code: 200, comment: 'OK', headers: [['To-Path', ALICE], ['From-Path', BOB]] });
    expect(response.encode().toString()).toBe(`MSRP resp1234 200 OK\r\nTo-Path: ${ALICE}\r\nFrom-Path: ${BOB}\r\n-------resp1234$\r\n`);
    expect(new MsrpChunk({ transactionId: 'c0de1234', code: 8 }).firstLine).toBe('MSRP c0de1234 008');
    expect(response.isResponse && !response.isRequest && !response.hasContent).toBe(true);
  });

  it('derives typed values and RFC 4975 §7.1.2 report defaults', () => {
    const chunk = send();
    expect(chunk.toPath?.map(String)).toEqual([BOB]);
    expect(chunk.fromPath?.map(String)).toEqual([RELAY, ALICE]);
    expect(chunk.messageId).toBe('87652491');
    expect(chunk.byteRange).toEqual({ start: 1, end: 2, total: 2 });
    expect(chunk.successReport).toBe('no');
    expect(chunk.failureReport).toBe('yes');
    expect(chunk.contentType).toBe('text/plain');
    expect(chunk.mediaType?.subtype).toBe('plain');
    expect(chunk.status).toBeUndefined();
    expect(chunk.expires).toBeUndefined();
    expect(chunk.size).toBe(2);
    expect(send([['Failure-Report', 'partial']]).failureReport).toBe('partial');
  });

  it('decodes lazily: a bad header throws only when read, and validate() finds it', () => {
    const chunk = send();
    chunk.headers.set('Byte-Range', 'nonsense');
    expect(chunk.messageId).toBe('87652491');
    expect(() => chunk.byteRange).toThrow(MsrpHeaderError);
    expect(() => chunk.validate()).toThrow(MsrpHeaderError);
    expect(() => send().validate()).not.toThrow();
  });

  it('copies headers but shares the body bytes', () => {
    const chunk = send();
    const copy = chunk.copy();
    copy.headers.set('Message-ID', 'other');
    expect(chunk.messageId).toBe('87652491');
    expect(copy.messageId).toBe('other');
    expect(copy.body).toBe(chunk.body);
    expect(copy.encode().toString()).toBe(chunk.encode().toString().replace('87652491', 'other'));
  });

  it('refuses impossible start lines as bugs', () => {
    expect(() => new MsrpChunk({ transactionId: 'abcd1234' })).toThrow(MsrpInvariantError);
    expect(() => new MsrpChunk({ method: 'SEND', code: 200 })).toThrow(MsrpInvariantError);
    expect(() => new MsrpChunk({ method: 'send' })).toThrow(MsrpInvariantError);
    expect(() => new MsrpChunk({ method: 'SEND', transactionId: 'a b' })).toThrow(MsrpInvariantError);
    expect(() => new MsrpChunk({ code: 1000 })).toThrow(MsrpInvariantError);
    expect(() => new MsrpChunk({ code: 200, comment: 'a\r\nb' })).toThrow(MsrpInvariantError);
  });

  it('picks a transaction id whose end-line is not in the body (RFC 4975 §7.1)', () => {
    const chunk = new MsrpChunk({ method: 'SEND', body: Buffer.alloc(100, 0x2d) });
    expect(chunk.transactionId).toMatch(TRANSACTION_ID_RE);
    expect(containsEndLine(chunk.body, chunk.transactionId)).toBe(false);
  });
});

describe('transaction ids', () => {
  it('are alphanumeric, 16 characters (≈95 bits), and distinct', () => {
    const ids = new Set(Array.from({ length: 10000 }, generateTransactionId));
    expect(ids.size).toBe(10000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('detect an end-line in a body and re-roll around it', () => {
    expect(containsEndLine(Buffer.from('abc\r\n-------tid12345$\r\n'), 'tid12345')).toBe(true);
    expect(containsEndLine(new Uint8Array(Buffer.from('-------tid12345')), 'tid12345')).toBe(true);
    expect(containsEndLine(Buffer.from('------tid12345'), 'tid12345')).toBe(false);
    expect(chooseTransactionId(Buffer.from('body'))).toMatch(TRANSACTION_ID_RE);
  });
});

describe('MsrpHeaders', () => {
  it('keeps order, matches names case-insensitively, and invalidates decoded values on change', () => {
    const headers = new MsrpHeaders([['X-B', '2'], ['Byte-Range', '1-1/1'], ['x-b', '3']]);
    expect(headers.get('x-B')).toBe('2');
    expect(headers.getDecoded(ByteRangeHeader)).toEqual({ start: 1, end: 1, total: 1 });
    headers.set('byte-range', '2-2/2');
    expect(headers.getDecoded(ByteRangeHeader)).toEqual({ start: 2, end: 2, total: 2 });
    headers.set('X-B', '9');
    expect([...headers]).toEqual([['X-B', '9'], ['Byte-Range', '2-2/2']]);
    headers.append('X-C', 'c');
    expect(headers.delete('x-b')).toBe(true);
    expect(headers.delete('x-b')).toBe(false);
    expect(headers.toJSON()).toEqual([['Byte-Range', '2-2/2'], ['X-C', 'c']]);
    expect(headers.size).toBe(2);
    headers.setDecoded(ToPathHeader, [MsrpUri.parse(BOB)]);
    expect(headers.get('To-Path')).toBe(BOB);
  });

  it('refuses names and values that would break framing', () => {
    const headers = new MsrpHeaders();
    expect(() => headers.set('Bad Name', 'x')).toThrow(MsrpHeaderError);
    expect(() => headers.append('X', 'a\r\nInjected: 1')).toThrow(MsrpHeaderError);
  });
});

describe('makeResponse and makeReport (RFC 4975 §7.2, §7.1.2)', () => {
  it('answers a SEND one hop back, from the receiver’s URI, with the same transaction id and no body', () => {
    const response = makeResponse(send(), 200);
    expect(response.firstLine).toBe('MSRP a786hjs2 200 OK');
    expect(response.toPath?.map(String)).toEqual([RELAY]);
    expect(response.fromPath?.map(String)).toEqual([BOB]);
    expect(response.size).toBe(0);
    expect(makeResponse(send(), 481, 'No such session').firstLine).toBe('MSRP a786hjs2 481 No such session');
    const own = MsrpUri.parse('msrp://me.example:1/me;tcp');
    expect(makeResponse(send(), 200, undefined, own).fromPath?.[0]).toBe(own);
  });

  it('answers other requests on their full From-Path', () => {
    const auth = new MsrpChunk({ transactionId: 'auth1234', method: 'AUTH', headers: [['To-Path', RELAY], ['From-Path', `${BOB} ${ALICE}`]] });
    expect(makeResponse(auth, 401).toPath?.map(String)).toEqual([BOB, ALICE]);
  });

  it('refuses a request without paths with 400', () => {
    const bare = new MsrpChunk({ transactionId: 'bare1234', method: 'SEND' });
    expect(() => makeResponse(bare, 200)).toThrow(MsrpMissingHeaderError);
  });

  it('knows when responses and reports are due', () => {
    expect(needsResponse(send(), 200)).toBe(true);
    expect(needsResponse(send([['Failure-Report', 'partial']]), 200)).toBe(false);
    expect(needsResponse(send([['Failure-Report', 'partial']]), 413)).toBe(true);
    expect(needsResponse(send([['Failure-Report', 'no']]), 413)).toBe(false);
    expect(needsResponse(new MsrpChunk({ method: 'REPORT' }), 400)).toBe(false);
    expect(needsReport(send(), 200)).toBe(false);
    expect(needsReport(send([['Success-Report', 'yes']]), 200)).toBe(true);
    expect(needsReport(send(), 413)).toBe(true);
    expect(needsReport(send([['Failure-Report', 'no']]), 413)).toBe(false);
  });

  it('builds a REPORT back along the From-Path with Status, Message-ID and the Byte-Range covered', () => {
    const report = makeReport(send([['Success-Report', 'yes']]), 200);
    expect(report.method).toBe('REPORT');
    expect(report.toPath?.map(String)).toEqual([RELAY, ALICE]);
    expect(report.fromPath?.map(String)).toEqual([BOB]);
    expect(report.messageId).toBe('87652491');
    expect(report.status).toEqual({ namespace: '000', code: 200, comment: 'OK' });
    expect(report.byteRange).toEqual({ start: 1, end: 2, total: 2 });
    expect(makeReport(send(), 200, { size: 0 }).byteRange).toEqual({ start: 1, end: 0, total: 2 });
    expect(parseChunk(report.encode()).status?.code).toBe(200);
  });
});

const flag = fc.constantFrom<ContinuationFlag>('$', '+', '#');
const headerValue = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', ':', ';', '"', '-', 'é', '☃'), maxLength: 20 }).filter((v) => !v.startsWith(' '));
const headerName = fc.string({ unit: fc.constantFrom('a', 'B', '-', '9', '.'), maxLength: 10 }).map((s) => `X${s}`);
const arbitraryChunk = fc
  .record({
    request: fc.boolean(),
    method: fc.constantFrom('SEND', 'REPORT', 'AUTH', 'FILE_OFFSET', 'NICKNAME'),
    code: fc.integer({ min: 0, max: 999 }),
    comment: fc.option(fc.string({ unit: fc.constantFrom('a', ' ', 'ü', '-'), minLength: 1, maxLength: 10 }).filter((c) => c.trim() === c), { nil: undefined }),
    toPath: fc.array(arbitraryUri, { minLength: 1, maxLength: 3 }),
    fromPath: fc.array(arbitraryUri, { minLength: 1, maxLength: 3 }),
    extra: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
    body: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
    lookalikes: fc.boolean(),
    continuation: flag,
  })
  .map((r) => {
    const headers = new MsrpHeaders();
    headers.setDecoded(ToPathHeader, r.toPath);
    headers.set('From-Path', r.fromPath.join(' '));
    for (const [name, value] of r.extra) headers.append(name, value);
    let body = r.body === undefined ? undefined : Buffer.from(r.body);
    if (r.request && body !== undefined) headers.set('Content-Type', 'application/octet-stream');
    const transactionId = chooseTransactionId(body);
    // Near misses of the real end-line inside the body.
    if (body !== undefined && r.lookalikes) body = Buffer.concat([body, Buffer.from(`\r\n-------${transactionId}x\r\n-------${transactionId}`)]);
    return new MsrpChunk({
      transactionId,
      ...(r.request ? { method: r.method } : { code: r.code, ...(r.comment !== undefined ? { comment: r.comment } : {}) }),
      headers,
      ...(r.request && body !== undefined ? { body } : {}),
      continuation: r.continuation,
    });
  });

describe('chunk properties', () => {
  it('parse(encode(chunk)) gives the same chunk, alone or back to back, in any split', () => {
    fc.assert(
      fc.property(fc.array(arbitraryChunk, { minLength: 1, maxLength: 4 }), fc.nat(), (chunks, cut) => {
        const wire = Buffer.concat(chunks.map((c) => c.encode()));
        const parsed = parseChunks(wire);
        expect(parsed.map((c) => c.encode().toString('hex'))).toEqual(chunks.map((c) => c.encode().toString('hex')));
        for (const [i, c] of parsed.entries()) {
          const original = chunks[i] as MsrpChunk;
          expect(c.firstLine).toBe(original.firstLine);
          expect(c.continuation).toBe(original.continuation);
          expect(c.body.equals(original.body)).toBe(true);
          expect(c.toPath?.map(String)).toEqual(original.toPath?.map(String));
        }
        const at = cut % (wire.length + 1);
        const again: MsrpChunk[] = [];
        const r = new ChunkReceiver({ onChunk: (c) => again.push(c) }, { mode: 'whole' });
        r.push(wire.subarray(0, at));
        r.push(wire.subarray(at));
        expect(again.map((c) => c.encode().toString('hex'))).toEqual(chunks.map((c) => c.encode().toString('hex')));
      }),
      { numRuns: 1500 },
    );
  });
});
