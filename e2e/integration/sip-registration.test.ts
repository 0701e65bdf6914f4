import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type IncomingPagerMessage,
  type RegistrationState,
  RegistrationStateName,
  type SipAccountConfig,
  type SipTransportName,
  SipUserAgent,
} from '../../src-main/sip';
import { DEFAULT_SIP_USERS, type KamailioSipProxy, startKamailioSipProxy } from '../peers/kamailio-sip-proxy';
import { freeTcpPort } from '../peers/ports';
import { type TestCertificates, makeTestCertificates } from '../peers/test-certificates';

let proxy: KamailioSipProxy;
let port: number;
let tlsPort: number;
let certs: TestCertificates;
let certDir: string;
const agents: SipUserAgent[] = [];

function startProxy(): Promise<KamailioSipProxy> {
  return startKamailioSipProxy({ port, tlsPort, certFile: certs.certFile, keyFile: certs.keyFile });
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'parley-sip-certs-'));
  certs = makeTestCertificates(certDir);
  port = await freeTcpPort();
  tlsPort = await freeTcpPort();
  proxy = await startProxy();
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});

afterAll(async () => {
  await proxy?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

function makeAgent(user: string, transport: SipTransportName, overrides: Partial<SipAccountConfig> = {}): SipUserAgent {
  const agent = new SipUserAgent({
    aor: `sip:${user}@127.0.0.1`,
    password: DEFAULT_SIP_USERS[user] ?? 'unknown',
    transport,
    registrar: `sip:127.0.0.1:${transport === 'tls' ? tlsPort : port}`,
    expiresSeconds: 30,
    tls: { caFile: certs.caFile },
    reconnect: { initialDelayMs: 100, maxDelayMs: 400 },
    registrationRetry: { initialDelayMs: 100, maxDelayMs: 400 },
    keepAliveIntervalMs: 1_000,
    t1Ms: 100,
    ...overrides,
  });
  agents.push(agent);
  return agent;
}

/** Resolves with the first registration state (current or future) that passes `accept`. */
function waitForRegistration(
  agent: SipUserAgent,
  accept: (state: RegistrationState) => boolean,
  timeoutMs = 10_000,
): Promise<RegistrationState> {
  if (accept(agent.registrationState)) return Promise.resolve(agent.registrationState);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`registration did not reach the expected state; last: ${JSON.stringify(agent.registrationState)}`));
    }, timeoutMs);
    const unsubscribe = agent.on('registrationStateChange', (state) => {
      if (!accept(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

const isRegistered = (state: RegistrationState): boolean => state.name === RegistrationStateName.Registered;

function nextMessage(agent: SipUserAgent, timeoutMs = 5_000): Promise<IncomingPagerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no MESSAGE arrived')), timeoutMs);
    const unsubscribe = agent.on('incomingMessage', (message) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(message);
    });
  });
}

describe('SIP registration against Kamailio', () => {
  it.each(['udp', 'tcp', 'tls'] as const)('registers over %s with digest and is listed in the bindings', async (transport) => {
    const agent = makeAgent('alice', transport);
    await agent.start();
    const state = await waitForRegistration(agent, isRegistered);
    if (state.name !== RegistrationStateName.Registered) throw new Error('unreachable');
    expect(agent.contact).toMatch(new RegExp(`^sip:[^@]+@127\\.0\\.0\\.1:\\d+;transport=${transport}$`));
    expect(state.bindings).toContain(agent.contact);
    expect(state.expiresAt).toBeGreaterThan(Date.now() + 20_000);
    await agent.stop();
    expect(agent.registrationState.name).toBe(RegistrationStateName.Unregistered);
  });

  it('refuses a TLS server whose certificate does not verify against the trusted CAs', async () => {
    const agent = makeAgent('alice', 'tls', { tls: {} });
    await agent.start();
    const state = await waitForRegistration(agent, (s) => s.name === RegistrationStateName.Retrying);
    expect(state).toMatchObject({ reason: expect.stringMatching(/connect failed/) });
    expect(agent.isConnected).toBe(false);
  });

  it('ends in failed with the server’s code and reason on a wrong password', async () => {
    const agent = makeAgent('bob', 'tcp', { password: 'not-the-password' });
    await agent.start();
    const state = await waitForRegistration(agent, (s) => s.name === RegistrationStateName.Failed);
    expect(state).toEqual({ name: RegistrationStateName.Failed, code: 403, reason: 'Wrong Password' });
  });

  it('refreshes the registration before it expires', async () => {
    const agent = makeAgent('carol', 'udp', { expiresSeconds: 2 });
    await agent.start();
    const first = await waitForRegistration(agent, isRegistered);
    const refreshed = await waitForRegistration(
      agent,
      (s) => s.name === RegistrationStateName.Registered && first.name === RegistrationStateName.Registered && s.expiresAt > first.expiresAt,
      4_000,
    );
    expect(refreshed.name).toBe(RegistrationStateName.Registered);
  });

  it('delivers a MESSAGE from one registered agent to another through the proxy, and 415 for an unsupported type', async () => {
    const alice = makeAgent('alice', 'tcp');
    const bob = makeAgent('bob', 'udp');
    await Promise.all([alice.start(), bob.start()]);
    await Promise.all([waitForRegistration(alice, isRegistered), waitForRegistration(bob, isRegistered)]);

    const arrival = nextMessage(bob);
    const result = await alice.sendMessage('sip:bob@127.0.0.1', 'héllo bob ✓');
    expect(result).toEqual({ ok: true, code: 200, reason: 'OK' });
    const received = await arrival;
    expect(received).toMatchObject({ from: 'sip:alice@127.0.0.1', to: 'sip:bob@127.0.0.1', contentType: 'text/plain', body: 'héllo bob ✓' });

    const back = nextMessage(alice);
    expect(await bob.sendMessage('sip:alice@127.0.0.1', 'hi alice')).toMatchObject({ ok: true, code: 200 });
    expect((await back).body).toBe('hi alice');

    expect(await alice.sendMessage('sip:bob@127.0.0.1', '{}', 'application/json')).toMatchObject({ ok: false, code: 415 });
    expect(await alice.sendMessage('sip:nobody-registered@127.0.0.1', 'x')).toMatchObject({ ok: false });
  });

  it('survives malformed datagrams on its UDP socket and keeps answering', async () => {
    const bob = makeAgent('bob', 'udp');
    const alice = makeAgent('alice', 'udp');
    await Promise.all([alice.start(), bob.start()]);
    await Promise.all([waitForRegistration(alice, isRegistered), waitForRegistration(bob, isRegistered)]);
    const bobPort = Number(/:(\d+);/.exec(bob.contact)?.[1]);
    const socket = createSocket('udp4');
    const junk = [
      Buffer.from('garbage'),
      Buffer.from([0xff, 0x00, 0xfe, 0x0d, 0x0a]),
      Buffer.from('MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\n\r\n'),
      Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n'),
      Buffer.from('MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKy\r\nContent-Length: 999\r\n\r\nshort'),
      Buffer.alloc(1400, 0x41),
    ];
    for (const datagram of junk) await new Promise<void>((resolve) => socket.send(datagram, bobPort, '127.0.0.1', () => resolve()));
    socket.close();
    const arrival = nextMessage(bob);
    expect(await alice.sendMessage('sip:bob@127.0.0.1', 'still there?')).toMatchObject({ ok: true, code: 200 });
    expect((await arrival).body).toBe('still there?');
  });
});

describe('SIP registration recovery', () => {
  it('goes through retrying when Kamailio dies and re-registers when it is back on the same ports', async () => {
    const agent = makeAgent('alice', 'tcp');
    await agent.start();
    await waitForRegistration(agent, isRegistered);
    const states: string[] = [];
    agent.on('registrationStateChange', (state) => states.push(state.name));

    await proxy.stop();
    const retrying = await waitForRegistration(agent, (s) => s.name === RegistrationStateName.Retrying);
    if (retrying.name !== RegistrationStateName.Retrying) throw new Error('unreachable');
    expect(retrying.reason).toMatch(/connection lost|connect failed/);
    expect(retrying.retryAt).toBeGreaterThan(Date.now() - 1_000);

    proxy = await startProxy();
    const state = await waitForRegistration(agent, isRegistered, 15_000);
    if (state.name !== RegistrationStateName.Registered) throw new Error('unreachable');
    expect(state.bindings).toEqual([agent.contact]);
    expect(states).toContain(RegistrationStateName.Retrying);
  });

  it('removes the stale binding of the old connection after reconnecting from a new local port', async () => {
    const relay = await startTcpRelay(port);
    try {
      const agent = makeAgent('carol', 'tcp', { outboundProxy: `sip:127.0.0.1:${relay.port};transport=tcp` });
      await agent.start();
      const first = await waitForRegistration(agent, isRegistered);
      const oldContact = agent.contact;
      expect(first.name === RegistrationStateName.Registered && first.bindings).toEqual([oldContact]);

      relay.dropAll();
      await waitForRegistration(agent, (s) => s.name === RegistrationStateName.Retrying);
      const second = await waitForRegistration(agent, isRegistered);
      if (second.name !== RegistrationStateName.Registered) throw new Error('unreachable');
      expect(agent.contact).not.toBe(oldContact);
      // Kamailio kept the old binding (it never saw the client go); our REGISTER removed it.
      expect(second.bindings).toEqual([agent.contact]);
      await agent.stop();
    } finally {
      relay.close();
    }
  });
});

/** A TCP relay owned by the test: cutting its connections makes the agent lose its flow while Kamailio lives on. */
async function startTcpRelay(targetPort: number): Promise<{ port: number; dropAll(): void; close(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay has no port');
  return {
    port: address.port,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
