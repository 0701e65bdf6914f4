import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingPagerMessage } from '../sip-pager';
import { LanError } from './lan-error';
import { LanSipEndpoint, type LanSipEndpointOptions } from './lan-sip-endpoint';

const endpoints: LanSipEndpoint[] = [];

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.stop()));
});

async function started(options: Partial<LanSipEndpointOptions> & { user: string }): Promise<LanSipEndpoint> {
  const endpoint = new LanSipEndpoint({ listenAddress: '127.0.0.1', t1Ms: 50, ...options });
  endpoints.push(endpoint);
  await endpoint.start();
  return endpoint;
}

function nextMessage(endpoint: LanSipEndpoint, timeoutMs = 5_000): Promise<IncomingPagerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no MESSAGE arrived')), timeoutMs);
    const off = endpoint.on('incomingMessage', (message) => {
      clearTimeout(timer);
      off();
      resolve(message);
    });
  });
}

describe('LanSipEndpoint on loopback (no registrar)', () => {
  it('listens on one port for TCP and UDP and puts it in the Contact', async () => {
    const alice = await started({ user: 'alice' });
    const services = alice.services;
    expect(services.map((service) => service.transport)).toEqual(['tcp', 'udp']);
    const port = services[0]?.port ?? 0;
    expect(port).toBeGreaterThan(0);
    expect(services[1]?.port).toBe(port);
    expect(alice.contact).toBe(`sip:alice@127.0.0.1:${port};transport=tcp`);
  });

  it('delivers a MESSAGE straight to the peer contact over TCP', async () => {
    const alice = await started({ user: 'alice', displayName: 'Alice' });
    const bob = await started({ user: 'bob' });
    const arriving = nextMessage(bob);
    const result = await alice.sendMessage(bob.contact, 'hello over tcp');
    expect(result).toMatchObject({ ok: true, code: 200 });
    const message = await arriving;
    expect(message.body).toBe('hello over tcp');
    expect(message.from).toMatch(/^sip:alice@127\.0\.0\.1/);
    expect(message.fromDisplayName).toBe('Alice');
  });

  it('delivers a MESSAGE over UDP when the contact asks for it, and answers back over TCP', async () => {
    const alice = await started({ user: 'alice' });
    const bob = await started({ user: 'bob', contactTransport: 'udp' });
    expect(bob.contact).toMatch(/;transport=udp$/);
    const toBob = nextMessage(bob);
    expect(await alice.sendMessage(bob.contact, 'over udp')).toMatchObject({ ok: true, code: 200 });
    expect((await toBob).body).toBe('over udp');
    const toAlice = nextMessage(alice);
    expect(await bob.sendMessage(alice.contact, 'reply')).toMatchObject({ ok: true, code: 200 });
    expect((await toAlice).body).toBe('reply');
  });

  it('answers 415 for an unaccepted content type', async () => {
    const alice = await started({ user: 'alice' });
    const bob = await started({ user: 'bob', acceptedMessageTypes: ['text/plain'] });
    expect(await alice.sendMessage(bob.contact, '{}', 'application/json')).toMatchObject({ ok: false, code: 415 });
  });

  it('reports a refused or unroutable target as a failed delivery, not a throw', async () => {
    const alice = await started({ user: 'alice' });
    const bob = await started({ user: 'bob' });
    const contact = bob.contact;
    await bob.stop();
    const refused = await alice.sendMessage(contact, 'anyone?');
    expect(refused.ok).toBe(false);
    const unroutable = await alice.sendMessage('sip:carol@carol.local;transport=tcp', 'anyone?');
    expect(unroutable.ok).toBe(false);
  });

  it('refuses bad options and use before start with stable codes', async () => {
    expect(() => new LanSipEndpoint({ user: 'a b', listenAddress: '127.0.0.1' })).toThrow(LanError);
    expect(() => new LanSipEndpoint({ user: 'a', listenAddress: '127.0.0.1', transports: ['udp'], contactTransport: 'tcp' })).toThrowError(
      expect.objectContaining({ code: 'sip/lan-invalid-option' }),
    );
    const idle = new LanSipEndpoint({ user: 'idle', listenAddress: '127.0.0.1' });
    await expect(idle.sendMessage('sip:x@127.0.0.1', 'x')).rejects.toMatchObject({ code: 'sip/lan-not-started' });
    await idle.stop();
  });

  it('stop releases the port', async () => {
    const alice = await started({ user: 'alice' });
    const port = alice.services[0]?.port ?? 0;
    await alice.stop();
    const again = await started({ user: 'alice', listenPort: port });
    expect(again.services[0]?.port).toBe(port);
  });
});
