import { afterEach, describe, expect, it } from 'vitest';
import type { AccountsState, LanPeersState } from '../../../src-shared';
import { createLogger } from '../../common';
import { FakeMdnsTransport } from '../../sip/lan/test-support/fake-mdns-transport';
import { createParleyCore, type ParleyCore } from '../parley-core';
import { makeTempProfile } from '../test-support/temp-profile';

/** The LAN account inside the core: off unless asked for (multicast must never leave a test by accident). */
const logger = createLogger({ level: 'silent' });
let core: ParleyCore | undefined;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await core?.dispose();
  await cleanup?.();
  core = undefined;
});

async function peers(): Promise<LanPeersState> {
  const result = await core!.ipc.invoke('lan.peers', []);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as LanPeersState;
}

describe('the LAN account in the core', () => {
  it('does not run in a core made without runLanAccount, though the account is enabled', async () => {
    const profile = await makeTempProfile();
    cleanup = profile.cleanup;
    core = await createParleyCore({ profileDir: profile.dir, adapter: 'web', version: '0', logger });
    const snapshot = await core.ipc.invoke('app.getSnapshot', []);
    const lan = snapshot.ok ? (snapshot.value as { accounts: AccountsState }).accounts.accounts.find((view) => view.kind === 'lan') : undefined;
    expect(lan?.enabled).toBe(true);
    expect(await peers()).toMatchObject({ accountId: lan?.id, running: false, contact: null, peers: [] });
    // Sessions on it are refused as unavailable rather than sent anywhere.
    const connect = await core.ipc.invoke('sessions.connect', [lan?.id, 'sip:bob@192.0.2.7:5060', ['chat']]);
    expect(connect).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('runs it when asked (loopback listener, in-memory mDNS), stops it on disable and on dispose', async () => {
    const profile = await makeTempProfile();
    cleanup = profile.cleanup;
    const transports: FakeMdnsTransport[] = [];
    core = await createParleyCore({
      profileDir: profile.dir,
      adapter: 'web',
      version: '0',
      logger,
      runLanAccount: true,
      lanAccount: {
        interfaceAddress: '127.0.0.1',
        user: 'carol',
        mdnsTransportFactory: () => {
          const transport = new FakeMdnsTransport();
          transports.push(transport);
          return Promise.resolve(transport);
        },
      },
    });
    let state = await peers();
    for (let tries = 0; !state.running && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await peers();
    }
    expect(state.contact).toMatch(/^sip:carol@127\.0\.0\.1:\d+;transport=tcp$/);
    const disabled = await core.ipc.invoke('accounts.setEnabled', [state.accountId, false]);
    expect(disabled.ok).toBe(true);
    for (let tries = 0; (await peers()).running && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await peers()).toMatchObject({ running: false, contact: null });
    expect(transports[0]?.closed).toBe(true);
    await core.ipc.invoke('accounts.setEnabled', [state.accountId, true]);
    for (let tries = 0; !(await peers()).running && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(transports).toHaveLength(2);
    await core.dispose();
    expect(transports[1]?.closed).toBe(true);
  });
});
