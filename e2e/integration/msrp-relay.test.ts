import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAcceptor, getConnector } from '../../src-main/msrp/connect/get-connector';
import { RelayConnection } from '../../src-main/msrp/connect/relay-connection';
import { MsrpUri } from '../../src-main/msrp/protocol/msrp-uri';
import type { MsrpRelaySettings } from '../../src-main/msrp/relay/relay-auth';
import type { MsrpTransport } from '../../src-main/msrp/transport/msrp-transport';
import { receiveMessage, sendPaced } from '../../src-main/msrp/transport/test-support/paced-transfer';
import { DEFAULT_RELAY_USERS, kamailioMsrpRelayConfig } from '../peers/kamailio-msrp-relay';
import { makeRunDir, startKamailio, type KamailioHandle } from '../peers/kamailio';
import { freeTcpPort } from '../peers/ports';
import { makeTestCertificates, type TestCertificates } from '../peers/test-certificates';

// Kamailio 5.6's msrp module as an RFC 4976 relay, started on loopback ports picked here.
let certDir: string;
let certs: TestCertificates;
let digestRelay: KamailioHandle;
let openRelay: KamailioHandle;
let digestTcp: number;
let digestTls: number;
let openTcp: number;
const transports: MsrpTransport[] = [];

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'parley-msrp-relay-certs-'));
  certs = makeTestCertificates(certDir);
  [digestTcp, digestTls, openTcp] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
  digestRelay = await startKamailio(
    {
      name: 'msrp-relay-digest',
      config: kamailioMsrpRelayConfig({ tcpPort: digestTcp, tlsPort: digestTls, certFile: certs.certFile, keyFile: certs.keyFile, digest: true }),
      waitForTcpPorts: [digestTcp, digestTls],
    },
    makeRunDir('msrp-relay-digest'),
  );
  openRelay = await startKamailio(
    {
      name: 'msrp-relay-open',
      config: kamailioMsrpRelayConfig({ tcpPort: openTcp, digest: false, minExpires: 2 }),
      waitForTcpPorts: [openTcp],
    },
    makeRunDir('msrp-relay-open'),
  );
});

afterAll(async () => {
  for (const transport of transports) transport.dispose();
  await digestRelay?.stop();
  await openRelay?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

function relay(user: 'alice' | 'bob', tls: boolean, overrides: Partial<MsrpRelaySettings> = {}): MsrpRelaySettings {
  return {
    domain: 'relay.parley.test',
    host: '127.0.0.1',
    port: tls ? digestTls : digestTcp,
    useTls: tls,
    username: user,
    password: DEFAULT_RELAY_USERS[user] as string,
    maxChunkSize: 8 * 1024,
    ...overrides,
  };
}

function localUri(tls: boolean): MsrpUri {
  return new MsrpUri({ scheme: tls ? 'msrps' : 'msrp', host: '127.0.0.1', port: 0, sessionId: randomBytes(12).toString('base64url').replace(/[-_]/g, 'x') });
}

const tlsClient = (): { tls: { ca: string } } => ({ tls: { ca: readFileSync(certs.caFile, 'utf8') } });

/** Alice connects actively through her relay, Bob waits passively behind his (the usual relay model). */
async function connectThroughRelays(aliceRelay: MsrpRelaySettings, bobRelay: MsrpRelaySettings): Promise<{ a: MsrpTransport; b: MsrpTransport; pathA: MsrpUri[]; pathB: MsrpUri[] }> {
  const alice = getConnector({ relay: aliceRelay, ...tlsClient() });
  const bob = getAcceptor({ relay: bobRelay, ...tlsClient() });
  try {
    const pathA = await alice.prepare(localUri(aliceRelay.useTls !== false));
    const pathB = await bob.prepare(localUri(bobRelay.useTls !== false));
    const [a, b] = await Promise.all([alice.complete(pathB), bob.complete(pathA)]);
    transports.push(a, b);
    return { a, b, pathA, pathB };
  } finally {
    alice.cleanup();
    bob.cleanup();
  }
}

async function exchange(a: MsrpTransport, b: MsrpTransport): Promise<void> {
  const text = 'Hello Bob — ünïcödé through the relay';
  const received = receiveMessage(b);
  await a.writeChunk(a.makeChunk({ body: text, contentType: 'text/plain;charset=UTF-8' }));
  const message = await received;
  expect(message.body.toString('utf8')).toBe(text);
  expect(message.contentType).toBe('text/plain;charset=UTF-8');

  const reply = receiveMessage(a);
  await b.writeChunk(b.makeChunk({ body: 'Hi Alice', contentType: 'text/plain' }));
  expect((await reply).body.toString()).toBe('Hi Alice');
}

async function bulk(a: MsrpTransport, b: MsrpTransport, size: number): Promise<void> {
  const data = randomBytes(size);
  const [sent, received] = await Promise.all([sendPaced(a, data, { chunkSize: 8 * 1024 }), receiveMessage(b)]);
  expect(received.body.length).toBe(size);
  expect(Buffer.compare(received.body, data)).toBe(0);
  expect(received.chunks).toBe(Math.ceil(size / 8192));
  expect(sent.reports).toBe(received.chunks);
}

describe('MSRP through Kamailio (RFC 4976)', () => {
  it('authenticates with digest over TCP and gets Use-Path and Expires', async () => {
    const connection = new RelayConnection(relay('alice', false), 'active');
    try {
      const path = await connection.prepare(localUri(false));
      expect(path).toHaveLength(2);
      expect(path[0]?.scheme).toBe('msrp');
      expect(path[0]?.host).toBe('127.0.0.1');
      expect(path[0]?.port).toBe(digestTcp);
      expect(path[0]?.sessionId).toMatch(/^s/);
      // Our URI carries the local port of the relay connection once it was 0.
      expect(path[1]?.port).toBeGreaterThan(0);
      expect(connection.relayUri?.toString()).toBe(`msrp://127.0.0.1:${digestTcp};tcp`);
    } finally {
      connection.cleanup();
    }
  });

  it('refuses a wrong password with msrp-auth-failed (401)', async () => {
    const connection = new RelayConnection(relay('alice', false, { password: 'wrong' }), 'active');
    await expect(connection.prepare(localUri(false))).rejects.toMatchObject({ code: 'msrp-auth-failed', status: 401 });
    connection.cleanup();
  });

  it('cannot authenticate with Kamailio when uri= is omitted (it needs it), but adaptive mode can', async () => {
    const omit = new RelayConnection(relay('alice', false, { digestUri: 'omit' }), 'active');
    await expect(omit.prepare(localUri(false))).rejects.toMatchObject({ code: 'msrp-auth-failed' });
    omit.cleanup();
    const adaptive = new RelayConnection(relay('alice', false, { digestUri: 'adaptive' }), 'active');
    await expect(adaptive.prepare(localUri(false))).resolves.toHaveLength(2);
    adaptive.cleanup();
  });

  it('exchanges text and a 3 MiB binary byte-exact over TCP with digest', async () => {
    const { a, b, pathA, pathB } = await connectThroughRelays(relay('alice', false), relay('bob', false));
    expect(pathA[0]?.equals(pathB[0] as MsrpUri)).toBe(false);
    await exchange(a, b);
    await bulk(a, b, 3 * 1024 * 1024);
  });

  it('exchanges text and a 3 MiB binary byte-exact over TLS (msrps, test CA)', async () => {
    const { a, b, pathA } = await connectThroughRelays(relay('alice', true), relay('bob', true));
    expect(pathA[0]?.scheme).toBe('msrps');
    expect(a.socket.constructor.name).toBe('TLSSocket');
    await exchange(a, b);
    await bulk(a, b, 3 * 1024 * 1024);
  });

  it('relays between a TCP client and a TLS client on one Kamailio (own connection map)', async () => {
    const { a, b } = await connectThroughRelays(relay('alice', false), relay('bob', true));
    await exchange(a, b);
    await bulk(b, a, 1024 * 1024);
  });

  it('refuses a relay certificate from another CA', async () => {
    const otherCa = makeTestCertificates(join(certDir, 'other'), { prefix: 'other' });
    const connection = new RelayConnection(relay('alice', true), 'active', { tls: { ca: otherCa.caPem } });
    const error = await connection.prepare(localUri(true)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'msrp-connect-failed' });
    expect(String(error)).toMatch(/certificate/i);
    connection.cleanup();
  });

  it('works without digest and refreshes AUTH before Expires, keeping the Use-Path', async () => {
    const refreshed: string[] = [];
    const open = (user: 'alice' | 'bob'): MsrpRelaySettings => ({ ...relay(user, false), port: openTcp, expires: 2 });
    const alice = new RelayConnection(open('alice'), 'active', { onRefreshed: (result) => refreshed.push(result.usePath.map(String).join(' ')) });
    const bob = new RelayConnection(open('bob'), 'passive');
    const pathA = await alice.prepare(localUri(false));
    const pathB = await bob.prepare(localUri(false));
    const [a, b] = await Promise.all([alice.complete(pathB), bob.complete(pathA)]);
    transports.push(a, b);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(refreshed.length).toBeGreaterThanOrEqual(2);
    expect(new Set(refreshed)).toEqual(new Set([pathA[0]?.toString()]));
    await exchange(a, b);
  });

  it('documents Kamailio 5.6: frames over ~11.1 KB are not relayed, frames over its read buffer cost the connection', async () => {
    const { a, b } = await connectThroughRelays(relay('alice', false), relay('bob', false));
    const arrived = b.readChunk();
    // The msrp module cannot turn the frame into its internal SIP message: $msrp(method) is empty, so our
    // config's catch-all answers 501 and nothing is forwarded.
    const big = await a.request(a.makeChunk({ body: randomBytes(12 * 1024), contentType: 'application/octet-stream' }), { timeoutMs: 2_000 });
    expect(big.code).toBe(501);
    const fits = randomBytes(8 * 1024);
    await a.writeChunk(a.makeChunk({ body: fits, contentType: 'application/octet-stream' }));
    expect(Buffer.compare((await arrived)!.chunk.body, fits)).toBe(0);
    // Beyond tcp_rd_buf_size (64 KiB in this config) Kamailio logs "buffer overrun, dropping" and closes.
    const huge = a.request(a.makeChunk({ body: randomBytes(70 * 1024), contentType: 'application/octet-stream' }), { timeoutMs: 2_000 });
    await expect(huge).rejects.toMatchObject({ code: 'msrp-connection-lost' });
  });
});
