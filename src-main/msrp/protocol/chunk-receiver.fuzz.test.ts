import { describe, expect, it } from 'vitest';
import { MsrpParseError } from '../errors';
import { ChunkReceiver, ReceiverState } from './chunk-receiver';
import { FIXTURES, trickyBody } from './test-support/fixtures';

/** Deterministic PRNG (mulberry32), so a failure names a reproducible iteration. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_HEAD = 2048;
const MAX_HEADERS = 16;
const MAX_BODY = 4096;
const SENTINEL = Buffer.from(
  'MSRP sentinel1 SEND\r\nTo-Path: msrp://b.example:2/s2;tcp\r\nFrom-Path: msrp://a.example:1/s1;tcp\r\nMessage-ID: s1\r\nContent-Type: text/plain\r\n\r\nok\r\n-------sentinel1$\r\n',
);
const BASES: Buffer[] = [
  ...FIXTURES.map((f) => f.wire),
  Buffer.concat([Buffer.from('MSRP fuzz1234 SEND\r\nTo-Path: msrp://b:2/s;tcp\r\nFrom-Path: msrp://a:1/s;tcp\r\nContent-Type: application/octet-stream\r\n\r\n'), trickyBody('fuzz1234'), Buffer.from('\r\n-------fuzz1234+\r\n')]),
];

type Mutation = (frame: Buffer, rand: () => number) => Buffer;
const int = (rand: () => number, n: number): number => Math.floor(rand() * n);

const MUTATIONS: Mutation[] = [
  // bit flips
  (f, r) => {
    const out = Buffer.from(f);
    for (let k = 1 + int(r, 4); k > 0; k--) {
      const i = int(r, out.length);
      out[i] = (out[i] as number) ^ (1 << int(r, 8));
    }
    return out;
  },
  // truncation
  (f, r) => f.subarray(0, int(r, f.length)),
  // duplication of a slice
  (f, r) => {
    const a = int(r, f.length);
    const b = a + int(r, f.length - a);
    return Buffer.concat([f.subarray(0, b), f.subarray(a, b), f.subarray(b)]);
  },
  // deletion of a slice
  (f, r) => {
    const a = int(r, f.length);
    return Buffer.concat([f.subarray(0, a), f.subarray(a + 1 + int(r, 16))]);
  },
  // a huge header line
  (f, r) => {
    const at = f.indexOf('\r\n') + 2;
    return Buffer.concat([f.subarray(0, at), Buffer.from(`X-Huge: ${'h'.repeat(MAX_HEAD + int(r, 3 * MAX_HEAD))}\r\n`), f.subarray(at)]);
  },
  // many headers
  (f, r) => {
    const at = f.indexOf('\r\n') + 2;
    return Buffer.concat([f.subarray(0, at), Buffer.from('X-N: 1\r\n'.repeat(MAX_HEADERS + int(r, 8))), f.subarray(at)]);
  },
  // garbage inserted
  (f, r) => {
    const at = int(r, f.length);
    const junk = Buffer.from(Array.from({ length: 1 + int(r, 64) }, () => int(r, 256)));
    return Buffer.concat([f.subarray(0, at), junk, f.subarray(at)]);
  },
  // pure garbage, sometimes starting like MSRP
  (_f, r) => {
    const junk = Buffer.from(Array.from({ length: int(r, 600) }, () => int(r, 256)));
    return r() < 0.5 ? Buffer.concat([Buffer.from('MSRP '), junk]) : junk;
  },
  // CRLF replaced by LF, or CR removed from an end-line
  (f, r) => {
    const text = f.toString('latin1');
    const idx = text.indexOf('\r\n', int(r, text.length));
    return idx < 0 ? f : Buffer.concat([f.subarray(0, idx), f.subarray(idx + 1)]);
  },
  // an oversized body
  (f) => {
    const at = f.indexOf('\r\n\r\n');
    return at < 0 ? f : Buffer.concat([f.subarray(0, at + 4), Buffer.alloc(MAX_BODY * 2, 0x61), f.subarray(at + 4)]);
  },
  // continuation flag replaced
  (f, r) => {
    const out = Buffer.from(f);
    const at = out.lastIndexOf('-------');
    const lf = out.indexOf('\n', at);
    if (at >= 0 && lf > 2) out[lf - 2] = int(r, 256);
    return out;
  },
];

describe('ChunkReceiver fuzzing', () => {
  it('survives 100,000 mutated frames: no throw, bounded memory, every error answerable or fatal', () => {
    const rand = prng(0x5eed);
    const bound = MAX_HEAD + 64 + MAX_BODY;
    let errorsSeen = 0;
    let fatals = 0;
    let chunksSeen = 0;
    let iterations = 0;
    for (; iterations < 100_000; iterations++) {
      const base = BASES[int(rand, BASES.length)] as Buffer;
      let frame = (MUTATIONS[int(rand, MUTATIONS.length)] as Mutation)(base, rand);
      if (rand() < 0.2) frame = (MUTATIONS[int(rand, MUTATIONS.length)] as Mutation)(frame, rand);
      const input = Buffer.concat([frame, SENTINEL]);
      const errors: MsrpParseError[] = [];
      let chunks = 0;
      const mode = rand() < 0.5 ? 'whole' : 'stream';
      const receiver = new ChunkReceiver(
        {
          onChunk: () => void chunks++,
          onChunkEnd: () => void chunks++,
          onError: (error) => void errors.push(error),
        },
        { mode, maxHeadBytes: MAX_HEAD, maxHeaderCount: MAX_HEADERS, maxBodyBytes: MAX_BODY },
      );
      try {
        // Random read sizes, from single bytes to the whole input.
        let pos = 0;
        while (pos < input.length) {
          const size = rand() < 0.3 ? 1 + int(rand, 4) : 1 + int(rand, input.length);
          receiver.push(input.subarray(pos, pos + size));
          pos += size;
          if (receiver.bufferedBytes > bound) throw new Error(`retained ${receiver.bufferedBytes} bytes`);
        }
      } catch (error) {
        throw new Error(`iteration ${iterations}: ${String(error)}`, { cause: error });
      }
      for (const error of errors) {
        expect(error).toBeInstanceOf(MsrpParseError);
        const answerable = error.transactionId !== undefined && (error.status === 400 || error.status === 413);
        if (!(error.fatal || answerable)) throw new Error(`iteration ${iterations}: error neither fatal nor answerable: ${error.message}`);
        if (error.fatal) fatals++;
      }
      // Input never vanishes silently: something parsed, something reported, or a chunk still open.
      if (errors.length === 0 && chunks === 0 && receiver.idle) throw new Error(`iteration ${iterations}: input vanished`);
      if (errors.some((e) => e.fatal)) expect(receiver.state).toBe(ReceiverState.Failed);
      errorsSeen += errors.length;
      chunksSeen += chunks;
    }
    expect(iterations).toBe(100_000);
    // The mutations must actually exercise both outcomes.
    expect(fatals).toBeGreaterThan(1000);
    expect(errorsSeen - fatals).toBeGreaterThan(1000);
    expect(chunksSeen).toBeGreaterThan(50_000);
    // CPU-bound: a few seconds alone, several times that on a machine busy with other suites.
  }, 180_000);
});
