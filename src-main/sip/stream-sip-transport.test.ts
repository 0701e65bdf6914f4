import { type Server, type Socket, createServer } from 'node:net';
import { TransportState } from 'sip.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeSipTransportOptions } from './node-sip-transport';
import { TcpSipTransport } from './stream-sip-transport';

const viaHost = 'placeholder.invalid';
let server: Server | undefined;
const transports: TcpSipTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.dispose()));
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback peer: hands each accepted socket to the test. */
async function peer(): Promise<{ port: number; accepted: Promise<Socket> }> {
  let accept: (socket: Socket) => void = () => undefined;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  server = createServer((socket) => accept(socket));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, accepted };
}

function transportTo(port: number, extra: Partial<NodeSipTransportOptions> = {}): TcpSipTransport {
  const transport = new TcpSipTransport(undefined, {
    viaHost,
    resolveTargets: () => Promise.resolve([{ host: '127.0.0.1', port, transport: 'tcp' }]),
    keepAliveIntervalMs: 0,
    ...extra,
  });
  transports.push(transport);
  return transport;
}

const request = `OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP ${viaHost};branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

function collect(socket: Socket): { text: () => string } {
  let received = '';
  socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
  return { text: () => received };
}

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('TcpSipTransport', () => {
  it('connects, writes the real socket into Via, and delivers framed responses with the placeholder back', async () => {
    const { port, accepted } = await peer();
    const transport = transportTo(port);
    const messages: string[] = [];
    transport.onMessage = (message) => messages.push(message);
    await transport.connect();
    expect(transport.state).toBe(TransportState.Connected);
    const socket = await accepted;
    const seen = collect(socket);
    await transport.send(request);
    const local = transport.localSentBy();
    await until(() => seen.text().includes('\r\n\r\n'));
    expect(seen.text()).toContain(`Via: SIP/2.0/TCP 127.0.0.1:${local?.port};branch=z9hG4bK1;rport`);

    const response = `SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:${local?.port};branch=z9hG4bK1;rport=${local?.port}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
    // Split mid-message and with a keep-alive pong in front.
    socket.write('\r\n' + response.slice(0, 30));
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write(response.slice(30));
    await until(() => messages.length === 1);
    expect(messages[0]).toContain(`Via: SIP/2.0/TCP ${viaHost};branch=z9hG4bK1`);
  });

  it('answers a double-CRLF ping with a pong and sends its own pings (RFC 5626 §4.4.1)', async () => {
    const { port, accepted } = await peer();
    const transport = transportTo(port, { keepAliveIntervalMs: 30 });
    await transport.connect();
    const socket = await accepted;
    const seen = collect(socket);
    socket.write('\r\n\r\n');
    await until(() => seen.text().includes('\r\n\r\n'));
    expect(seen.text()).toMatch(/^(\r\n)+$/);
  });

  it('reports loss via onDisconnect(error) once, and does not reconnect by itself', async () => {
    const { port, accepted } = await peer();
    const transport = transportTo(port);
    const errors: Array<Error | undefined> = [];
    transport.onDisconnect = (error) => errors.push(error);
    await transport.connect();
    (await accepted).destroy();
    await until(() => errors.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'sip/connection-lost' });
    expect(transport.state).toBe(TransportState.Disconnected);
    await expect(transport.send(request)).rejects.toMatchObject({ code: 'sip/transport-not-connected' });
  });

  it('closes the connection after a frame without Content-Length, without throwing', async () => {
    const { port, accepted } = await peer();
    const transport = transportTo(port);
    const messages: string[] = [];
    const errors: Array<Error | undefined> = [];
    transport.onMessage = (message) => messages.push(message);
    transport.onDisconnect = (error) => errors.push(error);
    await transport.connect();
    const socket = await accepted;
    socket.write('garbage\r\n\r\nSIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
    await until(() => errors.length === 1);
    expect(messages).toEqual([]);
    expect(errors[0]).toBeInstanceOf(Error);
  });

  it('drops frames that are not SIP and responses that are not ours, but keeps the connection', async () => {
    const { port, accepted } = await peer();
    const transport = transportTo(port);
    const messages: string[] = [];
    transport.onMessage = (message) => messages.push(message);
    transport.onDisconnect = () => messages.push('disconnected');
    await transport.connect();
    const socket = await accepted;
    socket.write('HELLO\r\nContent-Length: 3\r\n\r\nabc');
    socket.write(`SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 10.9.9.9:1;branch=z9hG4bKq\r\nContent-Length: 0\r\n\r\n`);
    socket.write(request.replace(viaHost, '127.0.0.1:9'));
    await until(() => messages.length === 1);
    expect(messages[0]).toMatch(/^OPTIONS /);
    expect(transport.isConnected()).toBe(true);
  });

  it('fails connect with a stable code when nothing listens', async () => {
    const { port } = await peer();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const transport = transportTo(port);
    await expect(transport.connect()).rejects.toMatchObject({ code: 'sip/connect-failed' });
    expect(transport.state).toBe(TransportState.Disconnected);
  });
});
