import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, LanPeersChangedEvent } from '../../../src-shared';
import { validDraft } from '../../../src-shared/test-support/account-drafts';
import { createLogger } from '../../common';
import { parseLanTxt, type MdnsRecord } from '../../sip';
import { FakeMdnsTransport } from '../../sip/lan/test-support/fake-mdns-transport';
import { peerRecords } from '../../sip/lan/test-support/peer-records';
import { AccountManager } from '../accounts';
import { FileSecretStore } from '../secrets';
import { makeTempProfile } from '../test-support/temp-profile';
import { LanAccountService } from './lan-account-service';

/**
 * The LAN account's lifecycle with its SIP listener on loopback and an in-memory mDNS socket: nothing here
 * touches multicast or a real interface (the namespace test in e2e/integration covers the real link).
 */
const logger = createLogger({ level: 'silent' });
let profile: Awaited<ReturnType<typeof makeTempProfile>>;
let accounts: AccountManager;
let service: LanAccountService | undefined;
let transports: FakeMdnsTransport[];
let events: LanPeersChangedEvent[];
let invites: number;

beforeEach(async () => {
  profile = await makeTempProfile();
  accounts = await AccountManager.load({ profileDir: profile.dir, secretStore: new FileSecretStore(join(profile.dir, 'secrets.json')), logger });
  transports = [];
  events = [];
  invites = 0;
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  accounts.dispose();
  await profile.cleanup();
});

function lanId(): AccountId {
  const lan = accounts.list().find((view) => view.kind === 'lan');
  if (lan === undefined) throw new Error('no LAN account');
  return lan.id;
}

async function startService(): Promise<LanAccountService> {
  service = new LanAccountService({
    accounts,
    logger,
    settings: {
      interfaceAddress: '127.0.0.1',
      user: 'alice',
      mdnsTransportFactory: () => {
        const transport = new FakeMdnsTransport();
        transports.push(transport);
        return Promise.resolve(transport);
      },
      acceptSource: () => true,
    },
    onInvite: () => (invites += 1),
  });
  service.on('peersChanged', (event) => events.push(event));
  await service.idle();
  return service;
}

const txtOf = (records: readonly MdnsRecord[]) => {
  const txt = records.find((record) => record.type === 'TXT');
  if (txt?.type !== 'TXT') throw new Error('no TXT record announced');
  const parsed = parseLanTxt(txt.data, 4096);
  if (!parsed.ok) throw new Error('unreadable TXT');
  return parsed.info;
};

describe('LanAccountService', () => {
  it('listens and announces its contact while the LAN account is enabled, as a direct-model session account', async () => {
    const lan = await startService();
    expect(lan.contact).toMatch(/^sip:alice@127\.0\.0\.1:\d+;transport=tcp$/);
    const announced = transports[0]?.sent.find((packet) => packet.kind === 'response')?.answers ?? [];
    expect(txtOf(announced)).toMatchObject({ contact: lan.contact, instanceId: lanId(), displayName: 'Local network' });
    const account = lan.account(lanId());
    expect(account).toMatchObject({ id: lanId(), aor: 'sip:alice@127.0.0.1', connectionModel: 'direct' });
    expect(account?.localAddress()).toBe('127.0.0.1');
    expect(account?.streamContext('sip:bob@127.0.0.2')).toMatchObject({ connectionModel: 'direct', scheme: 'msrp', relay: undefined, localHost: '127.0.0.1' });
    expect(account?.userAgent.configuration.sessionDescriptionHandlerFactory).toBeTypeOf('function');
    expect(account?.userAgent.delegate?.onInvite).toBeTypeOf('function');
    // Only the LAN account's id is answered: SIP accounts are someone else's.
    const sip = await accounts.add(validDraft());
    expect(lan.account(sip.id)).toBeUndefined();
  });

  it('turns discovered peers into contacts, and drops them on a goodbye', async () => {
    const lan = await startService();
    const contact = 'sip:bob@192.0.2.20:5070;transport=tcp';
    const bob = peerRecords('Bob (beef)', { id: 'bob-id', displayName: 'Bob', address: '192.0.2.20', port: 5070, contact });
    transports[0]?.deliver({ kind: 'response', questions: [], records: bob });
    expect(lan.peers).toEqual([{ id: 'bob-id', displayName: 'Bob', contact, addresses: ['192.0.2.20'] }]);
    expect(events.at(-1)).toEqual({ accountId: lanId(), peers: lan.peers });
    transports[0]?.deliver({ kind: 'response', questions: [], records: bob.map((record) => ({ ...record, ttl: 0 })) });
    // RFC 6762 §10.1: a goodbye takes effect one second later.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(lan.peers).toEqual([]);
    expect(events.at(-1)).toEqual({ accountId: lanId(), peers: [] });
  });

  it('says goodbye and closes everything when disabled, and starts afresh when enabled again', async () => {
    const lan = await startService();
    const first = lan.contact;
    transports[0]?.deliver({ kind: 'response', questions: [], records: peerRecords('Bob', { id: 'bob-id' }) });
    expect(lan.peers).toHaveLength(1);
    await accounts.setEnabled(lanId(), false);
    await lan.idle();
    expect(lan.contact).toBeUndefined();
    expect(lan.account(lanId())).toBeUndefined();
    expect(transports[0]?.closed).toBe(true);
    const goodbye = transports[0]?.sent.at(-1);
    expect(goodbye?.answers?.length).toBeGreaterThan(0);
    expect(goodbye?.answers?.every((record) => record.ttl === 0)).toBe(true);
    expect(events.at(-1)).toEqual({ accountId: lanId(), peers: [] });
    await accounts.setEnabled(lanId(), true);
    await lan.idle();
    expect(transports).toHaveLength(2);
    expect(lan.contact).toMatch(/^sip:alice@127\.0\.0\.1:\d+;transport=tcp$/);
    expect(first).toBeDefined();
  });

  it('announces a rename under a new instance name without restarting the listener', async () => {
    const lan = await startService();
    const contact = lan.contact;
    await accounts.renameLan('Office');
    await lan.idle();
    expect(lan.contact).toBe(contact);
    const latest = transports[0]?.sent.filter((packet) => packet.kind === 'response').at(-1)?.answers ?? [];
    expect(txtOf(latest).displayName).toBe('Office');
    expect(lan.account(lanId())?.userAgent.configuration.displayName).toBe('Office');
  });

  it('stays idle when it cannot start, and stop() is idempotent', async () => {
    service = new LanAccountService({
      accounts,
      logger,
      settings: { interfaceAddress: '127.0.0.1', user: 'not a user part', mdnsTransportFactory: () => Promise.resolve(new FakeMdnsTransport()) },
      onInvite: () => (invites += 1),
    });
    await service.idle();
    // An invalid user part fails the start: logged, idle, no sockets.
    expect(service.contact).toBeUndefined();
    expect(service.account(lanId())).toBeUndefined();
    await service.stop();
    await service.stop();
    expect(invites).toBe(0);
  });
});
