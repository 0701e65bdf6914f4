import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ChunkReceiver } from './chunk-receiver';
import { MsrpChunk } from './msrp-chunk';

/**
 * Parser throughput, for the benchmark script: 64 KiB SEND chunks streamed through a `ChunkReceiver`
 * (MB/s of wire bytes, 1 MB = 10^6 bytes) and small chat chunks parsed whole, headers decoded the way a
 * session reads them (To-Path, From-Path, Message-ID, Byte-Range). Each runs for about `seconds`.
 */
export function measureParserThroughput(seconds = 1.5): { parser_mb_s: number; parser_small_chunks_s: number } {
  return { parser_mb_s: measureLargeChunks(seconds), parser_small_chunks_s: measureSmallChunks(seconds) };
}

const TO = 'msrps://bob.example.com:2855/9di4eae923wzd;tcp';
const FROM = 'msrps://alicepc.example.com:2855/iau39soe2843z;tcp';

function frame(body: Buffer, start: number, total: number): Buffer {
  return new MsrpChunk({
    method: 'SEND',
    headers: [
      ['To-Path', TO],
      ['From-Path', FROM],
      ['Message-ID', 'f8a2c9d1e0b34f1a'],
      ['Byte-Range', `${start}-${start + body.length - 1}/${total}`],
      ['Content-Type', 'application/octet-stream'],
    ],
    body,
    continuation: start + body.length - 1 === total ? '$' : '+',
  }).encode();
}

function measureLargeChunks(seconds: number): number {
  const body = Buffer.alloc(64 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7919) & 0xff;
  // 16 chunks in one 1 MiB-ish wire buffer, fed in 64 KiB socket-sized reads (boundaries fall anywhere).
  const frames = Buffer.concat(Array.from({ length: 16 }, (_, i) => frame(body, i * body.length + 1, 16 * body.length)));
  const reads: Buffer[] = [];
  for (let pos = 0; pos < frames.length; pos += 65536) reads.push(frames.subarray(pos, pos + 65536));
  let bodyBytes = 0;
  const receiver = new ChunkReceiver({ onChunkData: (_head, data) => void (bodyBytes += data.length) });
  let wireBytes = 0;
  const startAt = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (const read of reads) receiver.push(read);
    wireBytes += frames.length;
    elapsed = performance.now() - startAt;
  }
  if (bodyBytes === 0) throw new Error('parser delivered no body bytes');
  return wireBytes / 1e6 / (elapsed / 1000);
}

function measureSmallChunks(seconds: number): number {
  const batch = 256;
  const frames = Buffer.concat(
    Array.from({ length: batch }, (_, i) => frame(Buffer.from(`Hello, this is chat message number ${i}.`), 1, 38 + String(i).length)),
  );
  // Socket-sized reads: 16 KiB, splitting chunks at arbitrary places.
  const reads: Buffer[] = [];
  for (let pos = 0; pos < frames.length; pos += 16384) reads.push(frames.subarray(pos, pos + 16384));
  let chunks = 0;
  let check = 0;
  const receiver = new ChunkReceiver(
    {
      onChunk: (chunk) => {
        chunks++;
        check += (chunk.toPath?.length ?? 0) + (chunk.fromPath?.length ?? 0) + (chunk.messageId?.length ?? 0) + (chunk.byteRange?.start ?? 0);
      },
    },
    { mode: 'whole' },
  );
  const startAt = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (const read of reads) receiver.push(read);
    elapsed = performance.now() - startAt;
  }
  if (check === 0) throw new Error('parser delivered no headers');
  return chunks / (elapsed / 1000);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = measureParserThroughput();
  console.log(`parser: ${result.parser_mb_s.toFixed(0)} MB/s on 64 KiB chunks, ${result.parser_small_chunks_s.toFixed(0)} small chunks/s`);
  console.log(JSON.stringify(result));
}
