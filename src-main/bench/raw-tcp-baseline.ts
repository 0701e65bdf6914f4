import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { listeningPort } from '../msrp/connect/listen';

/**
 * The raw TCP baseline the MSRP and file benchmarks print their figures beside, measured between the same two
 * processes in the same run. Wire format: an 8-byte big-endian length, then that many bytes; the sink answers
 * one byte when they have all arrived (and may be sent another length on the same connection).
 */
export async function startRawTcpSink(): Promise<number> {
  const server = createServer((socket: Socket) => {
    socket.setNoDelay(true);
    let expected = -1;
    let received = 0;
    let header = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      if (expected < 0) {
        header = Buffer.concat([header, data]);
        if (header.length < 8) return;
        expected = Number(header.readBigUInt64BE(0));
        received = header.length - 8;
      } else {
        received += data.length;
      }
      if (received >= expected) {
        socket.write(Buffer.from([1]));
        expected = -1;
        header = Buffer.alloc(0);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return listeningPort(server);
}

/** Sends `size` bytes (`block` repeated) to a sink on `port` and returns MB/s (10^6 bytes) until its answer. */
export async function measureRawTcp(port: number, block: Buffer, size: number): Promise<number> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const ack = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  const startedAt = performance.now();
  const header = Buffer.alloc(8);
  header.writeBigUInt64BE(BigInt(size));
  socket.write(header);
  for (let sent = 0; sent < size; ) {
    const piece = block.subarray(0, Math.min(block.length, size - sent));
    sent += piece.length;
    if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await ack;
  const seconds = (performance.now() - startedAt) / 1000;
  socket.destroy();
  return size / 1e6 / seconds;
}
