import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from '../transport/msrp-transport';
import { socketPair } from '../transport/test-support/socket-pair';
import { authenticateWithRelay, RelayAuthRefresher, type MsrpRelaySettings } from './relay-auth';

const relayUri = MsrpUri.parse('msrps://relay.test:2855;tcp');
const me = MsrpUri.parse('msrps://127.0.0.1:40000/me0123456789;tcp');
const settings: MsrpRelaySettings = { domain: 'relay.test', username: 'alice', password: 'pw' };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  vi.useRealTimers();
});

/** A scripted relay: `answer` decides the response to each AUTH it receives. */
async function fakeRelay(answer: (auth: MsrpChunk, index: number) => { code: number; headers?: [string, string][] }): Promise<{ client: MsrpTransport; seen: MsrpChunk[] }> {
  const pair = await socketPair();
  const client = new MsrpTransport(pair.client, { localUri: me });
  const relay = new MsrpTransport(pair.server);
  cleanups.push(() => {
    client.dispose();
    relay.dispose();
  });
  const seen: MsrpChunk[] = [];
  void (async () => {
    for await (const incoming of relay.chunks()) {
      const auth = incoming.chunk;
      seen.push(auth);
      const { code, headers } = answer(auth, seen.length - 1);
      await relay.writeResponse(auth, code, undefined, headers);
    }
  })().catch(() => undefined);
  return { client, seen };
}

const challenge: [string, string] = ['WWW-Authenticate', 'Digest realm="relay.test", nonce="n1", qop="auth"'];
const usePath: [string, string] = ['Use-Path', 'msrps://relay.test:2855/abc;tcp'];

describe('authenticateWithRelay (RFC 4976 §5)', () => {
  it('sends AUTH with To-Path relay and From-Path ours, answers the 401, returns Use-Path and Expires', async () => {
    const { client, seen } = await fakeRelay((_auth, index) =>
      index === 0 ? { code: 401, headers: [challenge] } : { code: 200, headers: [usePath, ['Expires', '900']] },
    );
    const result = await authenticateWithRelay(client, relayUri, settings);
    expect(result.usePath.map(String)).toEqual(['msrps://relay.test:2855/abc;tcp']);
    expect(result.expires).toBe(900);
    expect(seen[0]?.headers.get('To-Path')).toBe(relayUri.toString());
    expect(seen[0]?.headers.get('From-Path')).toBe(me.toString());
    expect(seen[0]?.headers.has('Authorization')).toBe(false);
    expect(seen[1]?.headers.get('Authorization')).toMatch(/^Digest username="alice", realm="relay.test", nonce="n1", uri="msrps:\/\/relay.test:2855;tcp"/);
    expect(seen[1]?.transactionId).not.toBe(seen[0]?.transactionId);
  });

  it('adaptive: retries once without uri= when the relay refuses the first variant', async () => {
    const { client, seen } = await fakeRelay((auth) => {
      const authorization = auth.headers.get('Authorization');
      return authorization !== undefined && !authorization.includes('uri=') ? { code: 200, headers: [usePath] } : { code: 401, headers: [challenge] };
    });
    await expect(authenticateWithRelay(client, relayUri, settings)).resolves.toMatchObject({ expires: undefined });
    expect(seen).toHaveLength(3);
    expect(seen[2]?.headers.get('Authorization')).not.toMatch(/uri=/);
  });

  it('fails with msrp-auth-failed after the variants are used up, and on 403', async () => {
    const refused = await fakeRelay(() => ({ code: 401, headers: [challenge] }));
    await expect(authenticateWithRelay(refused.client, relayUri, { ...settings, digestUri: 'include' })).rejects.toMatchObject({ code: 'msrp-auth-failed', status: 401 });
    expect(refused.seen).toHaveLength(2);
    const forbidden = await fakeRelay(() => ({ code: 403 }));
    await expect(authenticateWithRelay(forbidden.client, relayUri, settings)).rejects.toMatchObject({ code: 'msrp-auth-failed', status: 403 });
  });

  it('retries with Min-Expires after 423 Interval Out-of-Bounds', async () => {
    const { client, seen } = await fakeRelay((auth) =>
      auth.headers.get('Expires') === '60' ? { code: 423, headers: [['Min-Expires', '300']] } : { code: 200, headers: [usePath, ['Expires', '300']] },
    );
    const result = await authenticateWithRelay(client, relayUri, { ...settings, expires: 60 });
    expect(result.expires).toBe(300);
    expect(seen.map((auth) => auth.headers.get('Expires'))).toEqual(['60', '300']);
  });

  it('refuses a 200 without Use-Path', async () => {
    const { client } = await fakeRelay(() => ({ code: 200 }));
    await expect(authenticateWithRelay(client, relayUri, settings)).rejects.toMatchObject({ code: 'msrp-auth-failed' });
  });
});

describe('RelayAuthRefresher', () => {
  it('refreshes at three quarters of Expires and stops with the connection', async () => {
    const { client, seen } = await fakeRelay(() => ({ code: 200, headers: [usePath, ['Expires', '1']] }));
    const refreshed: number[] = [];
    const refresher = new RelayAuthRefresher(client, relayUri, settings, 1, { onRefreshed: () => refreshed.push(Date.now()) });
    cleanups.push(() => refresher.dispose());
    expect(RelayAuthRefresher.refreshDelayMs(600)).toBe(450_000);
    await vi.waitFor(() => expect(refreshed.length).toBeGreaterThanOrEqual(2), { timeout: 4_000 });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    client.dispose();
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(seen.length).toBe(count);
  });
});
