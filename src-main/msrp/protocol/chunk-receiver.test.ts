import { describe, expect, it } from 'vitest';
import { MsrpLimitError, MsrpMissingHeaderError, MsrpParseError } from '../errors';
import { ChunkReceiver, ReceiverState } from './chunk-receiver';
import { bytewise, collect, comparableAll, splitAt } from './test-support/collect';
import { FIXTURES } from './test-support/fixtures';

describe('ChunkReceiver on the fixtures', () => {
  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      const expected = comparableAll(fixture.chunks);
      it('parses the whole frame in one push, in both modes', () => {
        for (const mode of ['stream', 'whole'] as const) {
          const { chunks, errors, receiver } = collect([fixture.wire], { mode });
          expect(errors).toEqual([]);
          expect(chunks).toEqual(expected);
          expect(receiver.idle).toBe(true);
        }
      });

      it('gives identical chunks when split at every byte offset', () => {
        for (const mode of ['stream', 'whole'] as const) {
          for (let offset = 0; offset <= fixture.wire.length; offset++) {
            const { chunks, errors } = collect(splitAt(fixture.wire, offset), { mode });
            if (errors.length > 0 || chunks.length !== expected.length) {
              throw new Error(`${mode} split at ${offset}: ${errors.map((e) => e.message).join()} / ${chunks.length} chunks`);
            }
            expect(chunks).toEqual(expected);
          }
        }
      });

      it('gives identical chunks fed one byte at a time', () => {
        for (const mode of ['stream', 'whole'] as const) {
          const { chunks, errors, receiver } = collect(bytewise(fixture.wire), { mode });
          expect(errors).toEqual([]);
          expect(chunks).toEqual(expected);
          expect(receiver.idle).toBe(true);
        }
      });

      it('gives identical chunks split twice anywhere around each end-line', () => {
        // Every pair of cuts in the last 40 bytes of each chunk: boundaries inside the end-line, between
        // the transaction id and the flag, and between the flag and CRLF.
        const ends: number[] = [];
        for (let at = fixture.wire.indexOf('-------'); at >= 0; at = fixture.wire.indexOf('-------', at + 1)) {
          const lf = fixture.wire.indexOf('\n', at);
          if (/^-------[A-Za-z0-9.\-+%=]+[$+#]\r$/.test(fixture.wire.toString('latin1', at, lf))) ends.push(lf + 1);
        }
        expect(ends.length).toBeGreaterThanOrEqual(fixture.chunks.length);
        for (const end of ends) {
          for (let a = Math.max(0, end - 40); a <= end; a++) {
            for (let b = a; b <= end; b++) {
              const { chunks, errors } = collect(splitAt(fixture.wire, a, b));
              expect(errors).toEqual([]);
              expect(chunks).toEqual(expected);
            }
          }
        }
      });
    });
  }
});

const ALICE = 'msrp://a.example:1/s1;tcp';
const BOB = 'msrp://b.example:2/s2;tcp';
const wire = (text: string): Buffer => Buffer.from(text, 'latin1');
const send = (tid: string, body: string, flag = '$'): string =>
  `MSRP ${tid} SEND\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nMessage-ID: m1\r\nContent-Type: text/plain\r\n\r\n${body}\r\n-------${tid}${flag}\r\n`;

describe('ChunkReceiver errors', () => {
  it('answers a malformed header with 400 and the transaction id, then resynchronises', () => {
    const bad = `MSRP bad12345 SEND\r\nTo-Path: ${BOB}\r\nthis is not a header\r\nContent-Type: text/plain\r\n\r\nbody\r\n-------bad12345$\r\n`;
    const { chunks, errors, receiver } = collect([wire(bad + send('good1234', 'next'))]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MsrpParseError);
    expect(errors[0]).toMatchObject({ status: 400, transactionId: 'bad12345', method: 'SEND', fatal: false, answerable: true });
    expect(chunks.map((c) => c.firstLine)).toEqual(['MSRP good1234 SEND']);
    expect(receiver.state).toBe(ReceiverState.StartLine);
  });

  it('skips a rejected bodyless chunk whose end-line follows the bad line directly', () => {
    const bad = `MSRP bad12345 SEND\r\nTo-Path: ${BOB}\r\n: no name\r\n-------bad12345$\r\n`;
    const { chunks, errors } = collect(bytewise(wire(bad + send('good1234', 'x'))));
    expect(errors.map((e) => e.transactionId)).toEqual(['bad12345']);
    expect(chunks).toHaveLength(1);
  });

  it('reports missing To-Path/From-Path as 400 with the transaction id', () => {
    const { errors, chunks } = collect([wire(`MSRP nopath12 SEND\r\nFrom-Path: ${ALICE}\r\n-------nopath12$\r\n${send('good1234', 'y')}`)]);
    expect(errors[0]).toBeInstanceOf(MsrpMissingHeaderError);
    expect(errors[0]).toMatchObject({ status: 400, transactionId: 'nopath12', header: 'To-Path' });
    expect(chunks).toHaveLength(1);
  });

  it('answers a bad method with 400 but never offers to answer a REPORT or a response', () => {
    const { errors } = collect([wire(`MSRP tid12345 send\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\n-------tid12345$\r\n`)]);
    expect(errors[0]).toMatchObject({ status: 400, transactionId: 'tid12345', method: 'send', answerable: true });
    const report = collect([wire(`MSRP rep12345 REPORT\r\nTo-Path: ${BOB}\r\nBad Line\r\n-------rep12345$\r\n`)]);
    expect(report.errors[0]).toMatchObject({ transactionId: 'rep12345', answerable: false });
  });

  it('is fatal when no transaction id can be read, and then accepts nothing', () => {
    for (const garbage of ['GET / HTTP/1.1\r\n', 'MSRP x SEND\r\n', 'MSRP \r\n', 'MSRP abcd\n', '\x00\x01\x02\r\n']) {
      const { errors, receiver } = collect([wire(garbage + send('good1234', 'z'))]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ fatal: true, answerable: false, transactionId: undefined });
      expect(receiver.state).toBe(ReceiverState.Failed);
      expect(receiver.push(wire(send('more1234', 'a')))).toBe(false);
      expect(receiver.error).toBe(errors[0]);
    }
  });

  it('is fatal on an end-line of another transaction inside the headers', () => {
    const { errors } = collect([wire(`MSRP aaaa1111 SEND\r\nTo-Path: ${BOB}\r\n-------bbbb2222$\r\n`)]);
    expect(errors[0]).toMatchObject({ fatal: true });
  });

  it('gives 413 on a too-long head with the transaction id, and fatal when even the start line is too long', () => {
    const long = `MSRP long1234 SEND\r\nTo-Path: ${BOB}\r\nX-Big: ${'a'.repeat(300)}\r\n-------long1234$\r\n`;
    const { errors, chunks } = collect([wire(long + send('good1234', 'ok'))], { maxHeadBytes: 200 });
    expect(errors[0]).toBeInstanceOf(MsrpLimitError);
    expect(errors[0]).toMatchObject({ status: 413, transactionId: 'long1234', limit: 'head-bytes' });
    expect(chunks).toHaveLength(1);
    const startLine = collect([wire(`MSRP ${'a'.repeat(300)}`)], { maxHeadBytes: 200 });
    expect(startLine.errors[0]).toMatchObject({ fatal: true, limit: 'head-bytes' });
  });

  it('gives 413 on too many headers', () => {
    const many = `MSRP many1234 SEND\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\n${'X-A: 1\r\n'.repeat(5)}-------many1234$\r\n`;
    const { errors } = collect([wire(many)], { maxHeaderCount: 4 });
    expect(errors[0]).toMatchObject({ status: 413, limit: 'header-count', transactionId: 'many1234' });
  });

  it('gives 413 on a body over the limit, after streaming what fit, and skips the rest', () => {
    const events: string[] = [];
    const receiver = new ChunkReceiver(
      {
        onChunkStart: (head) => events.push(`start ${head.transactionId}`),
        onChunkData: (_head, data) => events.push(`data ${data.length}`),
        onChunkEnd: (head) => events.push(`end ${head.transactionId}`),
        onError: (error) => events.push(`error ${error.status} ${error.transactionId}`),
      },
      { maxBodyBytes: 10 },
    );
    receiver.push(wire(send('big12345', '0123456789')));
    receiver.push(wire(send('big67890', '01234').slice(0, -30)));
    receiver.push(wire(send('big67890', '0123456789ABCDEF').slice(-40)));
    expect(events[0]).toBe('start big12345');
    expect(events).toContain('end big12345');
    expect(events).toContain('error 413 big67890');
    expect(events).not.toContain('end big67890');
    expect(receiver.state).toBe(ReceiverState.StartLine);
  });

  it('tolerates stray CRLFs between chunks and an empty body written without its CRLF', () => {
    const sloppy = `\r\n\r\nMSRP ct123456 SEND\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nContent-Type: text/plain\r\n\r\n-------ct123456$\r\n`;
    const { chunks, errors } = collect(bytewise(wire(sloppy)));
    expect(errors).toEqual([]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.body.length).toBe(0);
  });

  it('lets a handler dispose the receiver mid-push', () => {
    let seen = 0;
    const receiver = new ChunkReceiver({
      onChunkEnd: () => {
        seen++;
        receiver.dispose();
      },
    });
    expect(receiver.push(wire(send('one12345', 'a') + send('two12345', 'b')))).toBe(false);
    expect(seen).toBe(1);
  });

  it('hands out views into the pushed buffer, not copies', () => {
    const frame = wire(send('view1234', 'x'.repeat(1000)));
    const views: Buffer[] = [];
    new ChunkReceiver({ onChunkData: (_h, data) => views.push(data) }).push(frame);
    expect(views).toHaveLength(1);
    expect(views[0]?.buffer).toBe(frame.buffer);
  });

  it('streams a large body with constant retained memory, holding back only end-line candidates', () => {
    let received = 0;
    const receiver = new ChunkReceiver({ onChunkData: (_h, data) => void (received += data.length) });
    receiver.push(wire(`MSRP huge1234 SEND\r\nTo-Path: ${BOB}\r\nFrom-Path: ${ALICE}\r\nContent-Type: application/octet-stream\r\n\r\n`));
    const piece = Buffer.alloc(65536, 0x2d);
    for (let i = 0; i < 160; i++) {
      receiver.push(piece);
      expect(receiver.bufferedBytes).toBe(0);
    }
    // A tail that could begin the end-line is held, and released as soon as the next byte rules it out.
    receiver.push(wire('\r\n-------huge12'));
    expect(receiver.bufferedBytes).toBe(15);
    expect(received).toBe(160 * 65536);
    receiver.push(wire('X'));
    expect(receiver.bufferedBytes).toBe(0);
    expect(received).toBe(160 * 65536 + 16);
    receiver.push(new Uint8Array(wire('\r\n-------huge1234$\r\n')));
    expect(receiver.idle).toBe(true);
  });
});
