import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorDirect } from '../../src-main/msrp/connect/connector-direct';
import { getAcceptor } from '../../src-main/msrp/connect/get-connector';
import { MsrpServer } from '../../src-main/msrp/connect/msrp-server';
import { MsrpUri } from '../../src-main/msrp/protocol/msrp-uri';
import type { MsrpTransport } from '../../src-main/msrp/transport/msrp-transport';
import { rawReader } from '../../src-main/msrp/transport/test-support/socket-pair';
import { makeTestCertificates, type TestCertificates } from '../peers/test-certificates';

// One listening port shared by many sessions (RFC 4975 §8.4 binding by the first SEND's paths).
let dir: string;
let certs: TestCertificates;
const transports: MsrpTransport[] = [];
const servers: MsrpServer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-msrp-server-'));
  certs = makeTestCertificates(dir);
});

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.dispose();
  for (const server of servers.splice(0)) await server.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const uri = (scheme: 'msrp' | 'msrps', port = 0): MsrpUri =>
  new MsrpUri({ scheme, host: '127.0.0.1', port, sessionId: `s${randomBytes(8).toString('hex')}` });

function newServer(options: ConstructorParameters<typeof MsrpServer>[0] = {}): MsrpServer {
  const server = new MsrpServer({ tls: { cert: certs.certPem, key: certs.keyPem }, ...options });
  servers.push(server);
  return server;
}

async function sessions(server: MsrpServer, scheme: 'msrp' | 'msrps', count: number): Promise<void> {
  const pairs = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const acceptor = getAcceptor({ server });
      const connector = new ConnectorDirect(scheme === 'msrps' ? { tls: { ca: certs.caPem } } : {});
      const pathServer = await acceptor.prepare(uri(scheme));
      const pathClient = await connector.prepare(uri(scheme));
      // Half of the clients connect before the server side knows their path (the SDP answer is late).
      const clientSide = connector.complete(pathServer);
      if (index % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
      const [client, served] = await Promise.all([clientSide, acceptor.complete(pathClient)]);
      transports.push(client, served);
      acceptor.cleanup();
      return { client, served, port: pathServer[0]?.port };
    }),
  );
  expect(new Set(pairs.map((pair) => pair.port)).size).toBe(1);
  // Every session talks to its own peer only.
  await Promise.all(
    pairs.map(async ({ client, served }, index) => {
      const body = randomBytes(20_000 + index);
      const received = served.readChunk();
      await client.writeChunk(client.makeChunk({ body, contentType: 'application/octet-stream' }));
      const chunk = (await received)!.chunk;
      expect(chunk.fromPath?.[0]?.equals(client.localUri!)).toBe(true);
      expect(Buffer.compare(chunk.body, body)).toBe(0);
    }),
  );
}

describe('MsrpServer', () => {
  it('binds eight concurrent TCP sessions on one port', async () => {
    await sessions(newServer(), 'msrp', 8);
  });

  it('binds four concurrent TLS sessions on one port', async () => {
    await sessions(newServer(), 'msrps', 4);
  });

  it('closes a stray connection that never binds after the bind timeout', async () => {
    const server = newServer({ bindTimeoutMs: 300 });
    const [local] = await server.prepare(uri('msrp'));
    const stray = connect({ host: '127.0.0.1', port: local!.port! });
    const reader = rawReader(stray);
    const started = Date.now();
    await new Promise((resolve) => stray.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.pendingConnectionCount).toBe(1);
    await reader.closed;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
    expect(server.pendingConnectionCount).toBe(0);
  });

  it('answers 481 to an unknown To-Path and closes the connection', async () => {
    const server = newServer();
    const [local] = await server.prepare(uri('msrp'));
    const socket = connect({ host: '127.0.0.1', port: local!.port! });
    const reader = rawReader(socket);
    const stranger = uri('msrp', local!.port!);
    const from = uri('msrp', 2855);
    socket.write(`MSRP bindtx01 SEND\r\nTo-Path: ${stranger}\r\nFrom-Path: ${from}\r\nMessage-ID: m\r\nByte-Range: 1-0/0\r\n-------bindtx01$\r\n`);
    await reader.waitFor(/MSRP bindtx01 481/);
    await reader.closed;
  });

  it('answers 400 to a binding chunk with a To-Path of two URIs', async () => {
    const server = newServer();
    const [local] = await server.prepare(uri('msrp'));
    const socket = connect({ host: '127.0.0.1', port: local!.port! });
    const reader = rawReader(socket);
    socket.write(`MSRP bindtx02 SEND\r\nTo-Path: ${local} ${local}\r\nFrom-Path: ${uri('msrp', 2855)}\r\nMessage-ID: m\r\nByte-Range: 1-0/0\r\n-------bindtx02$\r\n`);
    await reader.waitFor(/MSRP bindtx02 400/);
    await reader.closed;
  });

  it('fails complete() after the bind timeout and when abandoned', async () => {
    const server = newServer({ bindTimeoutMs: 150 });
    await server.prepare(uri('msrp'));
    await expect(server.complete([uri('msrp', 2855)])).rejects.toMatchObject({ code: 'msrp-timeout' });
    const acceptor = server.acceptor();
    await acceptor.prepare(uri('msrp'));
    const pending = acceptor.complete([uri('msrp', 2855)]);
    acceptor.cleanup();
    await expect(pending).rejects.toMatchObject({ code: 'msrp-aborted' });
  });

  it('binds by session-id only with CEMA (RFC 6714), e.g. behind an address-rewriting middlebox', async () => {
    const server = newServer({ sessionMatching: 'session-id' });
    const acceptor = server.acceptor();
    const connector = new ConnectorDirect({});
    const pathServer = await acceptor.prepare(uri('msrp'));
    const pathClient = await connector.prepare(uri('msrp'));
    // The SDP the server saw names another host and port than the connection's From-Path will.
    const rewritten = pathClient.map((hop) => hop.with({ host: '192.0.2.10', port: 40000 }));
    const [client, served] = await Promise.all([connector.complete(pathServer), acceptor.complete(rewritten)]);
    transports.push(client, served);
    const received = served.readChunk();
    await client.writeChunk(client.makeChunk({ body: 'through the middlebox' }));
    expect((await received)?.chunk.body.toString()).toBe('through the middlebox');
  });

  it('without CEMA refuses the same rewritten path with 481', async () => {
    const server = newServer({ bindTimeoutMs: 500 });
    const acceptor = server.acceptor();
    const connector = new ConnectorDirect({});
    const pathServer = await acceptor.prepare(uri('msrp'));
    const pathClient = await connector.prepare(uri('msrp'));
    const rewritten = pathClient.map((hop) => hop.with({ host: '192.0.2.10', port: 40000 }));
    const [connected, accepted] = await Promise.allSettled([connector.complete(pathServer), acceptor.complete(rewritten)]);
    expect(connected).toMatchObject({ status: 'rejected', reason: { code: 'msrp-no-such-session' } });
    expect(accepted).toMatchObject({ status: 'rejected', reason: { code: 'msrp-timeout' } });
  });
});
