import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRawSipHead } from './raw-sip-message';
import { UdpSipTransport } from './udp-sip-transport';

const viaHost = 'placeholder.invalid';
const sockets: Socket[] = [];
const transports: UdpSipTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.dispose()));
  for (const socket of sockets.splice(0)) socket.close();
});

interface Peer {
  readonly port: number;
  readonly received: Array<{ text: string; from: RemoteInfo; at: number }>;
  send(text: string, port: number): Promise<void>;
}

async function peer(): Promise<Peer> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const received: Peer['received'] = [];
  socket.on('message', (data, from) => received.push({ text: data.toString('utf8'), from, at: Date.now() }));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    received,
    send: (text, port) => new Promise((resolve) => socket.send(text, port, '127.0.0.1', () => resolve())),
  };
}

async function transportTo(port: number): Promise<{ transport: UdpSipTransport; messages: string[] }> {
  const transport = new UdpSipTransport(undefined, {
    viaHost,
    resolveTargets: () => Promise.resolve([{ host: '127.0.0.1', port, transport: 'udp' }]),
    t1Ms: 40,
    t2Ms: 160,
  });
  transports.push(transport);
  const messages: string[] = [];
  transport.onMessage = (message) => messages.push(message);
  await transport.connect();
  return { transport, messages };
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const register = (branch: string): string =>
  `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP ${viaHost};branch=${branch}\r\nCSeq: 2 REGISTER\r\nContent-Length: 0\r\n\r\n`;

describe('UdpSipTransport', () => {
  it('retransmits a non-INVITE request doubling T1 up to T2 until a final response, then absorbs its retransmissions', async () => {
    const server = await peer();
    const { transport, messages } = await transportTo(server.port);
    const sentAt = Date.now();
    await transport.send(register('z9hG4bKr1'));
    await until(() => server.received.length >= 4);
    // RFC 3261 §17.1.2.2 Timer E: retransmissions 40, 80, 160 ms apart (T1 = 40 ms here). A timer never fires
    // early, so each arrival is at least the sum of the intervals after the first send; a busy machine only
    // delays arrivals, which is why the bounds are taken from the send time and not between arrivals.
    const sinceSend = server.received.slice(1, 4).map((entry) => entry.at - sentAt);
    expect(sinceSend[0]).toBeGreaterThanOrEqual(40 - 2);
    expect(sinceSend[1]).toBeGreaterThanOrEqual(40 + 80 - 2);
    expect(sinceSend[2]).toBeGreaterThanOrEqual(40 + 80 + 160 - 2);
    const local = transport.localSentBy();
    expect(parseRawSipHead(server.received[0]?.text ?? '')?.topVia).toMatchObject({ host: '127.0.0.1', port: local?.port });

    const ok = `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:${local?.port};branch=z9hG4bKr1;rport=${local?.port}\r\nCSeq: 2 REGISTER\r\nContent-Length: 0\r\n\r\n`;
    await server.send(ok, local?.port ?? 0);
    await server.send(ok, local?.port ?? 0);
    await until(() => messages.length === 1);
    const count = server.received.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(server.received.length).toBe(count);
    expect(messages).toHaveLength(1);
  });

  it('gives up retransmitting after 64·T1', async () => {
    const server = await peer();
    const { transport } = await transportTo(server.port);
    await transport.send(register('z9hG4bKr2'));
    // Wait for Timer F (64·T1 = 2560 ms), then until nothing has arrived for a while: on a loaded machine a
    // datagram sent before Timer F may be read late, so "stopped" means quiet, not "quiet at a fixed instant".
    await new Promise((resolve) => setTimeout(resolve, 64 * 40));
    let count = server.received.length;
    for (let quietFor = 0; quietFor < 1000; quietFor += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (server.received.length !== count) {
        count = server.received.length;
        quietFor = -250;
      }
    }
    // Sent at 0, 40, 120, then every 160 ms up to 64·T1: at most 18 transmissions (timers never fire early);
    // a busy machine may deliver fewer before Timer F ends them, but it retransmits at least once.
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThanOrEqual(18);
  });

  it('absorbs a retransmitted request and answers it with the last response sent (RFC 3261 §17.2.2)', async () => {
    const client = await peer();
    const { transport, messages } = await transportTo(client.port);
    const local = transport.localSentBy();
    const message = `MESSAGE sip:me@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKm1;rport\r\nCSeq: 5 MESSAGE\r\nContent-Length: 2\r\n\r\nhi`;
    await client.send(message, local?.port ?? 0);
    await until(() => messages.length === 1);
    // What sip.js would answer: the Vias copied from the (stamped) request.
    const via = /\r\nVia: ([^\r]*)/.exec(messages[0] ?? '')?.[1];
    expect(via).toContain(`rport=${client.port}`);
    await transport.send(`SIP/2.0 200 OK\r\nVia: ${via}\r\nCSeq: 5 MESSAGE\r\nContent-Length: 0\r\n\r\n`);
    await until(() => client.received.length === 1);
    await client.send(message, local?.port ?? 0);
    await until(() => client.received.length === 2);
    expect(client.received[1]?.text).toBe(client.received[0]?.text);
    expect(messages).toHaveLength(1);
  });

  it('drops garbage, CRLF keep-alives and foreign responses without delivering or throwing', async () => {
    const other = await peer();
    const { transport, messages } = await transportTo(other.port);
    const port = transport.localSentBy()?.port ?? 0;
    for (const junk of ['\u0000\u00ff garbage', '\r\n\r\n', 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5;branch=z9hG4bKz\r\n\r\n', 'INVITE x\r\n\r\n']) {
      await other.send(junk, port);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages).toEqual([]);
    expect(transport.isConnected()).toBe(true);
  });
});
