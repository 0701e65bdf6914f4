import { afterEach, describe, expect, it } from 'vitest';
import { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from '../transport/msrp-transport';
import { rawReader, socketPair } from '../transport/test-support/socket-pair';
import { AcceptorDirect } from './acceptor-direct';
import { acceptBinding, bindActive, checkIncomingSend } from './bind-session';
import { ConnectorDirect } from './connector-direct';
import { getAcceptor, getConnector } from './get-connector';
import { MsrpServer } from './msrp-server';
import { RelayConnection } from './relay-connection';

const alice = MsrpUri.parse('msrp://127.0.0.1:7001/alice0000001;tcp');
const bob = MsrpUri.parse('msrp://127.0.0.1:7002/bob000000001;tcp');
const relay = MsrpUri.parse('msrp://127.0.0.1:9000/relay0000001;tcp');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function pair(): Promise<{ active: MsrpTransport; passive: MsrpTransport }> {
  const sockets = await socketPair();
  const active = new MsrpTransport(sockets.client, { localUri: alice });
  const passive = new MsrpTransport(sockets.server, { localUri: bob });
  cleanups.push(() => {
    active.dispose();
    passive.dispose();
  });
  return { active, passive };
}

describe('session binding (RFC 4975 §5.4, §8.4)', () => {
  it('binds with an empty SEND answered 200', async () => {
    const { active, passive } = await pair();
    await Promise.all([bindActive(active, [bob], 2_000), acceptBinding(passive, [alice], 2_000)]);
    expect(passive.fullRemotePath.map(String)).toEqual([alice.toString()]);
  });

  it('leaves a first SEND with content to the session, which answers it once', async () => {
    const { active, passive } = await pair();
    active.setFullRemotePath([bob]);
    // Counted from the start: a 200 from binding itself would arrive before the session reads the chunk.
    let responses = 0;
    active.on('trace', (event) => void (event.direction === 'in' && responses++));
    const accepted = acceptBinding(passive, [alice], 2_000);
    const response = active.request(active.makeChunk({ body: 'first words', contentType: 'text/plain' }));
    await accepted;
    const first = await passive.readChunk();
    if (first === null) throw new Error('expected the first SEND');
    expect(first.chunk.body.toString()).toBe('first words');
    // Binding did not answer it: the one response comes from whoever reads it (the session).
    await passive.writeResponse(first.chunk, 200);
    expect((await response).code).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(responses).toBe(1);
  });

  it('binds on the head of a first SEND that is a whole large file, holding none of it', async () => {
    // RFC 4975 §7.1.1: one interruptible chunk may carry any number of bytes; binding must not read it whole.
    const { active, passive } = await pair();
    active.setFullRemotePath([bob]);
    const size = 12 * 1024 * 1024;
    const accepted = acceptBinding(passive, [alice], 5_000);
    active.beginChunk(active.makeChunk({ contentType: 'application/octet-stream', start: 1, total: size, streamed: true }));
    const writing = (async () => {
      const piece = Buffer.alloc(256 * 1024, 0x61);
      for (let sent = 0; sent < size; sent += piece.length) await active.writeBody(piece);
      await active.endChunk('$');
    })();
    await accepted;
    let bytes = 0;
    for (;;) {
      const piece = await passive.readPiece();
      if (piece === null || piece.kind === 'end') break;
      if (piece.kind === 'start') expect(piece.head.byteRange).toMatchObject({ start: 1, total: size });
      else bytes += piece.data.length;
    }
    await writing;
    expect(bytes).toBe(size);
  });

  it('answers 481 to an unexpected From-Path and rejects', async () => {
    const { active, passive } = await pair();
    const results = await Promise.allSettled([bindActive(active, [bob], 2_000), acceptBinding(passive, [relay, alice], 2_000)]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'msrp-no-such-session', status: 481 } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'msrp-no-such-session', status: 481 } });
  });

  it('times out when no binding SEND comes', async () => {
    const { passive } = await pair();
    await expect(acceptBinding(passive, [alice], 100)).rejects.toMatchObject({ code: 'msrp-timeout' });
  });

  it('expects From-Path = our relays + the remote path, and compares session-ids only with CEMA', async () => {
    const { active, passive } = await pair();
    passive.setLocalPath([relay]);
    passive.setFullRemotePath([alice]);
    active.setFullRemotePath([bob]);
    const send = active.makeChunk({});
    send.headers.set('From-Path', `${relay} ${alice}`);
    expect(checkIncomingSend(passive, send)).toBeUndefined();
    send.headers.set('From-Path', alice.toString());
    expect(checkIncomingSend(passive, send)).toMatchObject({ status: 481 });
    send.headers.set('From-Path', `${relay.with({ host: '192.0.2.1' })} ${alice}`);
    expect(checkIncomingSend(passive, send, 'session-id')).toBeUndefined();
    send.headers.set('To-Path', 'not a path');
    expect(checkIncomingSend(passive, send)).toMatchObject({ status: 400 });
  });

  it('closes the connection after refusing, so the peer sees the 481', async () => {
    const sockets = await socketPair();
    const passive = new MsrpTransport(sockets.server, { localUri: bob });
    cleanups.push(() => passive.dispose());
    const raw = rawReader(sockets.client);
    const binding = acceptBinding(passive, [alice], 2_000).catch((error: unknown) => error);
    sockets.client.write(`MSRP bind0001 SEND\r\nTo-Path: ${bob}\r\nFrom-Path: ${relay}\r\nMessage-ID: m\r\nByte-Range: 1-0/0\r\n-------bind0001$\r\n`);
    expect(await binding).toMatchObject({ status: 481 });
    await raw.waitFor(/MSRP bind0001 481/);
  });
});

describe('getConnector / getAcceptor (seed get_connector / get_acceptor)', () => {
  const relaySettings = { domain: 'relay.test', username: 'u', password: 'p' };

  it('picks the relay, a shared server, or a direct connector', () => {
    expect(getConnector()).toBeInstanceOf(ConnectorDirect);
    expect(getAcceptor()).toBeInstanceOf(AcceptorDirect);
    const viaRelay = getConnector({ relay: relaySettings });
    expect(viaRelay).toBeInstanceOf(RelayConnection);
    expect((viaRelay as RelayConnection).mode).toBe('active');
    expect((getAcceptor({ relay: relaySettings }) as RelayConnection).mode).toBe('passive');
    const server = new MsrpServer();
    const acceptor = getAcceptor({ server });
    expect(acceptor).not.toBeInstanceOf(AcceptorDirect);
    expect(typeof acceptor.prepare).toBe('function');
  });

  it('gives the direct connector a placeholder port when the URI has none', async () => {
    const connector = new ConnectorDirect();
    const [uri] = await connector.prepare(alice.with({ port: 0 }));
    expect(uri?.port).toBe(2855);
    connector.cleanup();
  });
});
