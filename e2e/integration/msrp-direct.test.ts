import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcceptorDirect } from '../../src-main/msrp/connect/acceptor-direct';
import { ConnectorDirect } from '../../src-main/msrp/connect/connector-direct';
import { getAcceptor, getConnector } from '../../src-main/msrp/connect/get-connector';
import type { ConnectOptions } from '../../src-main/msrp/connect/msrp-connector';
import { MsrpUri } from '../../src-main/msrp/protocol/msrp-uri';
import type { MsrpTransport } from '../../src-main/msrp/transport/msrp-transport';
import { makeTestCertificates, type TestCertificates } from '../peers/test-certificates';

// Two endpoints without a relay (RFC 4975 §5.4): the connector opens, the acceptor listens on 127.0.0.1.
let dir: string;
let certs: TestCertificates;
let otherCerts: TestCertificates;
const transports: MsrpTransport[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-msrp-direct-'));
  certs = makeTestCertificates(dir);
  otherCerts = makeTestCertificates(dir, { prefix: 'other' });
});

afterAll(() => {
  for (const transport of transports) transport.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const uri = (scheme: 'msrp' | 'msrps', sessionId: string): MsrpUri => new MsrpUri({ scheme, host: '127.0.0.1', port: 0, sessionId });

async function connect(scheme: 'msrp' | 'msrps', clientOptions: ConnectOptions = {}): Promise<{ a: MsrpTransport; b: MsrpTransport }> {
  const acceptor = getAcceptor({ tlsServer: { cert: certs.certPem, key: certs.keyPem } });
  const connector = getConnector(clientOptions);
  try {
    const pathB = await acceptor.prepare(uri(scheme, `bob${randomBytes(6).toString('hex')}`));
    expect(pathB[0]?.port).toBeGreaterThan(0);
    const pathA = await connector.prepare(uri(scheme, `alice${randomBytes(6).toString('hex')}`));
    const [a, b] = await Promise.all([connector.complete(pathB), acceptor.complete(pathA)]);
    transports.push(a, b);
    return { a, b };
  } finally {
    connector.cleanup();
    acceptor.cleanup();
  }
}

/** 8 MiB in 64 KiB chunks (the file-transfer part size), answered 200 each, checked by SHA-256. */
async function transfer(a: MsrpTransport, b: MsrpTransport): Promise<void> {
  const data = randomBytes(8 * 1024 * 1024);
  const part = 64 * 1024;
  const receiving = (async () => {
    const hash = createHash('sha256');
    let size = 0;
    for (;;) {
      const incoming = await b.readChunk();
      const chunk = incoming!.chunk;
      hash.update(chunk.body);
      size += chunk.body.length;
      await b.writeResponse(chunk, 200);
      if (chunk.continuation === '$') return { size, digest: hash.digest('hex') };
    }
  })();
  const responses: Promise<unknown>[] = [];
  for (let offset = 0; offset < data.length; offset += part) {
    const chunk = a.makeChunk({ messageId: 'file1', body: data.subarray(offset, offset + part), start: offset + 1, total: data.length, contentType: 'application/octet-stream' });
    responses.push(a.request(chunk));
  }
  const result = await receiving;
  await Promise.all(responses);
  expect(result.size).toBe(data.length);
  expect(result.digest).toBe(createHash('sha256').update(data).digest('hex'));
}

describe('MSRP direct connections', () => {
  it('connects and binds over TCP, then moves 8 MiB byte-exact', async () => {
    const { a, b } = await connect('msrp');
    expect(a.socket.constructor.name).toBe('Socket');
    const text = b.readChunk();
    await a.writeChunk(a.makeChunk({ body: 'hello', contentType: 'text/plain' }));
    expect((await text)?.chunk.body.toString()).toBe('hello');
    await transfer(a, b);
  });

  it('connects over TLS verifying the certificate with the test CA', async () => {
    const { a, b } = await connect('msrps', { tls: { ca: certs.caPem } });
    expect(a.socket.constructor.name).toBe('TLSSocket');
    await transfer(a, b);
  });

  it('connects over TLS pinned by the certificate fingerprint (RFC 8122)', async () => {
    const { a } = await connect('msrps', { tls: { fingerprint: `sha-256 ${certs.fingerprintSha256}` } });
    expect(a.isOpen).toBe(true);
  });

  it('refuses a certificate from another CA', async () => {
    await expect(connect('msrps', { tls: { ca: otherCerts.caPem } })).rejects.toMatchObject({ code: 'msrp-connect-failed' });
  });

  it('refuses a certificate whose fingerprint differs from a=fingerprint', async () => {
    const error = await connect('msrps', { tls: { fingerprint: `sha-256 ${otherCerts.fingerprintSha256}` } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'msrp-connect-failed' });
    expect(String(error)).toMatch(/fingerprint mismatch/);
  });

  it('refuses by default a certificate no trusted CA signed', async () => {
    await expect(connect('msrps')).rejects.toMatchObject({ code: 'msrp-connect-failed' });
  });

  it('answers 481 when the binding SEND comes from an unexpected path, and both sides fail', async () => {
    const acceptor = new AcceptorDirect({});
    const connector = new ConnectorDirect({});
    const pathB = await acceptor.prepare(uri('msrp', 'bobwrongpath1'));
    const pathA = await connector.prepare(uri('msrp', 'alicereal0001'));
    const [connected, accepted] = await Promise.allSettled([
      connector.complete(pathB),
      acceptor.complete([uri('msrp', 'somebodyelse1').with({ port: 2855 })]),
    ]);
    expect(pathA[0]?.port).toBe(2855);
    expect(connected).toMatchObject({ status: 'rejected', reason: { code: 'msrp-no-such-session', status: 481 } });
    expect(accepted).toMatchObject({ status: 'rejected', reason: { code: 'msrp-no-such-session', status: 481 } });
    connector.cleanup();
    acceptor.cleanup();
  });

  it('times out an acceptor nobody connects to', async () => {
    const acceptor = new AcceptorDirect({ bindTimeoutMs: 200 });
    const path = await acceptor.prepare(uri('msrp', 'lonely0000001'));
    await expect(acceptor.complete([uri('msrp', 'nobody0000001')])).rejects.toMatchObject({ code: 'msrp-timeout' });
    // The port is closed again.
    const connector = new ConnectorDirect({ connectTimeoutMs: 2_000 });
    await connector.prepare(uri('msrp', 'late000000001'));
    await expect(connector.complete(path)).rejects.toMatchObject({ code: 'msrp-connect-failed' });
  });
});
