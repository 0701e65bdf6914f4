import { randomBytes } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from './msrp-transport';

/**
 * Benchmark (prints figures, asserts nothing): MSRP over loopback between two transports, 64 KiB SEND
 * chunks each answered 200 with up to `window` requests outstanding, over TCP with and without
 * TCP_NODELAY and over TLS when a certificate is given. Run: `npx tsx src-main/msrp/transport/transport-throughput.ts`.
 */
export interface ThroughputResult {
  readonly label: string;
  readonly bytes: number;
  readonly ms: number;
  readonly mibPerSecond: number;
}

const alice = MsrpUri.parse('msrp://127.0.0.1:1/alicebench01;tcp');
const bob = MsrpUri.parse('msrp://127.0.0.1:2/bobbench0001;tcp');

async function pair(tls?: { cert: string; key: string }): Promise<[Socket, Socket, () => void]> {
  const server = tls ? createTlsServer(tls) : createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const accepted = new Promise<Socket>((resolve) => server.once(tls ? 'secureConnection' : 'connection', resolve));
  const client = tls ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : connect({ host: '127.0.0.1', port });
  await new Promise((resolve) => client.once(tls ? 'secureConnect' : 'connect', resolve));
  return [client, await accepted, () => server.close()];
}

export async function measureTransportThroughput(
  label: string,
  options: { readonly totalBytes?: number; readonly chunkSize?: number; readonly window?: number; readonly noDelay?: boolean; readonly tls?: { cert: string; key: string } } = {},
): Promise<ThroughputResult> {
  const total = options.totalBytes ?? 256 * 1024 * 1024;
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const window = options.window ?? 4;
  const [clientSocket, serverSocket, closeServer] = await pair(options.tls);
  const a = new MsrpTransport(clientSocket, { localUri: alice, noDelay: options.noDelay ?? true });
  const b = new MsrpTransport(serverSocket, { localUri: bob, noDelay: options.noDelay ?? true });
  a.setFullRemotePath([bob]);
  b.setFullRemotePath([alice]);
  const part = randomBytes(chunkSize);
  const started = process.hrtime.bigint();
  const receiving = (async () => {
    let received = 0;
    while (received < total) {
      const incoming = await b.readChunk();
      received += incoming!.chunk.body.length;
      void b.writeResponse(incoming!.chunk, 200);
    }
  })();
  const inFlight = new Set<Promise<unknown>>();
  for (let start = 1; start <= total; start += chunkSize) {
    while (inFlight.size >= window) await Promise.race(inFlight);
    const response = a.request(a.makeChunk({ messageId: 'bench', body: part, start, total }));
    inFlight.add(response);
    void response.finally(() => inFlight.delete(response));
  }
  await Promise.all([receiving, ...inFlight]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  a.dispose();
  b.dispose();
  closeServer();
  return { label, bytes: total, ms, mibPerSecond: total / 1024 / 1024 / (ms / 1000) };
}

async function main(): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const tls = { cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  const results = [
    await measureTransportThroughput('tcp, 64 KiB chunks, window 1, TCP_NODELAY', { window: 1, totalBytes: 128 * 1024 * 1024 }),
    await measureTransportThroughput('tcp, 64 KiB chunks, window 1, Nagle on', { window: 1, noDelay: false, totalBytes: 32 * 1024 * 1024 }),
    await measureTransportThroughput('tcp, 64 KiB chunks, window 4, TCP_NODELAY', { window: 4 }),
    await measureTransportThroughput('tls, 64 KiB chunks, window 4, TCP_NODELAY', { window: 4, tls }),
  ];
  for (const result of results) console.log(`${result.label}: ${result.mibPerSecond.toFixed(1)} MiB/s (${(result.bytes / 1048576).toFixed(0)} MiB in ${result.ms.toFixed(0)} ms)`);
  console.log(JSON.stringify({ transportThroughput: results }));
}

if (process.argv[1]?.endsWith('transport-throughput.ts')) void main();
