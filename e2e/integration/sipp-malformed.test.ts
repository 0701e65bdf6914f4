import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../../src-shared';
import { HeadlessCore, loopbackAccountDraft } from '../peers/headless-core';
import { freeTcpPort } from '../peers/ports';
import { describeSippRun, freeUdpPort, requireSipp, sippMessage, sippMessages, startSipp, stopStartedSipps } from '../peers/sipp';

/**
 * Malformed SIP from sipp, over UDP, to a Parley account that registered at a sipp on the same port (so the
 * datagrams come from the address Parley talks to; a separate sipp run, because sip.js answers 482 to an
 * out-of-dialog request reusing a Call-ID it generated, as the REGISTER's is). Parley may ignore each bad message or answer 400, never crash, never answer
 * 2xx to one, and must keep answering OPTIONS and stay registered.
 */
const PADDING_BYTES = 60_000;

describe('malformed SIP from sipp', () => {
  let core: HeadlessCore;

  beforeAll(async () => {
    requireSipp();
    core = await HeadlessCore.start('sipp-malformed');
  });

  // A failed test must not leave its sipp waiting for messages.
  afterEach(() => stopStartedSipps());

  afterAll(async () => {
    await core?.dispose();
  });

  it('ignores or refuses garbage, missing headers, bad Content-Lengths and a 60 KB datagram, and keeps answering', async () => {
    const port = await freeUdpPort();
    const registrar = await startSipp({ scenario: 'uas-register.xml', port, transport: 'u1' });
    const draft = loopbackAccountDraft({ user: 'robust', password: 'unused', sipPort: port });
    const account = (await core.invoke('accounts.add', { ...draft, outboundProxy: { host: '127.0.0.1', port, transport: 'udp' } })).id;
    await registered(core, account);
    const registration = await registrar.done;
    expect(registration.exitCode, describeSippRun(registration)).toBe(0);
    // Parley's Contact names its UDP socket (RFC 3261 §10.2.1); the second sipp sends there, from the registrar's port.
    const contact = /^Contact: *<(sip:[^@>]+@127\.0\.0\.1:(\d+);transport=udp[^>]*)>/m.exec(sippMessage(registration, 'received', 'REGISTER '));
    expect(contact).not.toBeNull();
    const [, parleyContact = '', parleyPort = ''] = contact ?? [];

    const sipp = await startSipp({
      scenario: 'uac-malformed.xml',
      port,
      transport: 'u1',
      remote: `127.0.0.1:${parleyPort}`,
      keys: { parley_contact: parleyContact, padding: 'p'.repeat(PADDING_BYTES) },
    });
    const result = await sipp.done;
    expect(result.exitCode, describeSippRun(result)).toBe(0);
    expect(result.stats['SuccessfulCall(C)']).toBe('1');
    const responses = sippMessages(result, 'received').filter((message) => message.startsWith('SIP/2.0 '));
    // Every well-formed OPTIONS got its 200 (the scenario checks each CSeq); none of the bad ones did.
    // RFC 3261 §18.3: a request whose body is shorter than its Content-Length gets 400.
    expect(responses.find((message) => /^CSeq: *5 OPTIONS/m.test(message))).toMatch(/^SIP\/2\.0 400 /);
    for (const bad of [3, 5, 7]) {
      expect(responses.filter((message) => new RegExp(`^CSeq: *${bad} OPTIONS`, 'm').test(message) && !message.startsWith('SIP/2.0 400'))).toEqual([]);
    }
    for (const good of [1, 2, 4, 6, 8, 10]) {
      expect(responses.filter((message) => message.startsWith('SIP/2.0 200') && new RegExp(`^CSeq: *${good} OPTIONS`, 'm').test(message))).toHaveLength(1);
    }

    // The core is alive and the account still registered: IPC answers and shows it.
    expect(await registrationState(core, account)).toBe('registered');
    await core.invoke('accounts.setEnabled', account, false);
  });

  // sipp cannot keep a TCP flow alive through a message that breaks framing, so a raw registrar does this part.
  it('over TCP, drops the flow on a bad Content-Length or an oversized message, reconnects and registers again', async () => {
    const registrar = await RawTcpRegistrar.start(await freeTcpPort());
    try {
      const account = (await core.invoke('accounts.add', loopbackAccountDraft({ user: 'framing', password: 'unused', sipPort: registrar.port }))).id;
      await registered(core, account);
      expect(registrar.registers).toBe(1);

      // RFC 3261 §20.14: Content-Length is 1*DIGIT; without it the stream cannot be framed (§18.3), so the flow goes.
      registrar.sendRaw('OPTIONS sip:framing@parley.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKbad1\r\nContent-Length: lots\r\n\r\n');
      await registrar.waitFor(() => registrar.registers === 2, 'a REGISTER on a new flow after the bad Content-Length');
      expect(registrar.connections).toBe(2);

      // Larger than the 64 KiB the stream transport accepts for one message.
      registrar.sendRaw(`OPTIONS sip:framing@parley.test SIP/2.0\r\nContent-Length: 70000\r\n\r\n${'x'.repeat(70_000)}`);
      await registrar.waitFor(() => registrar.registers === 3, 'a REGISTER on a new flow after the oversized message');
      expect(registrar.connections).toBe(3);

      // The third flow carries requests again: OPTIONS is answered (RFC 3261 §11.2).
      registrar.sendRaw(
        'OPTIONS sip:framing@parley.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKgood1\r\nFrom: <sip:registrar@parley.test>;tag=r1\r\n' +
          'To: <sip:framing@parley.test>\r\nCall-ID: options-after-garbage\r\nCSeq: 7 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
      );
      await registrar.waitFor(() => registrar.responses.some((response) => response.startsWith('SIP/2.0 200') && /^CSeq: *7 OPTIONS/m.test(response)), 'the 200 to OPTIONS');
      expect(await registrationState(core, account)).toBe('registered');
      await core.invoke('accounts.setEnabled', account, false);
    } finally {
      await registrar.stop();
    }
  }, 40_000);
});

/** A registrar over TCP that answers every REGISTER 200 and lets the test write raw bytes down the latest flow. */
class RawTcpRegistrar {
  registers = 0;
  connections = 0;
  readonly responses: string[] = [];
  #latest: Socket | undefined;
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly server: Server,
  ) {}

  static async start(port: number): Promise<RawTcpRegistrar> {
    const server = createServer();
    const registrar = new RawTcpRegistrar(port, server);
    server.on('connection', (socket) => registrar.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return registrar;
  }

  sendRaw(text: string): void {
    this.#latest?.write(text);
  }

  async waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`raw registrar: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.connections += 1;
    this.#latest = socket;
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('utf8');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.slice(0, end);
        const length = Number(/^(?:Content-Length|l): *(\d+)/im.exec(head)?.[1] ?? '0');
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.slice(end + 4 + length);
        if (head.startsWith('SIP/2.0 ')) this.responses.push(head);
        else if (head.startsWith('REGISTER ')) this.#register(socket, head);
      }
    });
  }

  /** RFC 3261 §10.3: 200 with the binding (the request's own Contact and an expiry). */
  #register(socket: Socket, head: string): void {
    const header = (name: string) => head.split('\r\n').filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    const contacts = header('Contact').filter((line) => !/expires=0/.test(line));
    this.registers += 1;
    socket.write(
      ['SIP/2.0 200 OK', ...header('Via'), ...header('From'), `${header('To')[0] ?? 'To: <sip:x@parley.test>'};tag=raw${this.registers}`, ...header('Call-ID'), ...header('CSeq')]
        .concat(contacts.map((line) => `${line};expires=300`), ['Content-Length: 0', '', ''])
        .join('\r\n'),
    );
  }
}

/** The account's registration state now, as a window would read it from a snapshot. */
async function registrationState(core: HeadlessCore, id: AccountId): Promise<string | undefined> {
  const view = (await core.invoke('app.getSnapshot')).accounts.accounts.find((item) => item.id === id);
  return view?.kind === 'sip' ? view.registration.state : undefined;
}

async function registered(core: HeadlessCore, id: AccountId): Promise<void> {
  await core.waitFor(
    'accounts.changed',
    (state) => state.accounts.some((account) => account.id === id && account.kind === 'sip' && account.registration.state === 'registered'),
    'registration at sipp',
  );
}
