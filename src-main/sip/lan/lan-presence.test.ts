import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseLanTxt } from './dns-sd-records';
import type { LanPeer } from './lan-peer-table';
import { LanPresence, type LanPresenceOptions, LanPresenceState } from './lan-presence';
import type { MdnsRecord } from './mdns-transport';
import { FakeMdnsTransport } from './test-support/fake-mdns-transport';
import { peerRecords, withTtl } from './test-support/peer-records';

let transport: FakeMdnsTransport;
let presence: LanPresence;

function make(options: Partial<LanPresenceOptions> = {}): LanPresence {
  presence = new LanPresence({
    displayName: 'Alice',
    instanceId: 'alice-id',
    contact: 'sip:alice@192.0.2.1:5062;transport=tcp',
    interfaceAddress: '192.0.2.1',
    services: [
      { transport: 'tcp', port: 5062 },
      { transport: 'udp', port: 5062 },
    ],
    instanceSuffix: 'a1b2',
    transportFactory: () => Promise.resolve(transport),
    acceptSource: (address) => address.startsWith('192.0.2.'),
    ...options,
  });
  return presence;
}

const response = (records: MdnsRecord[]) => ({ kind: 'response' as const, questions: [], records });
const answersOf = (index: number): readonly MdnsRecord[] => transport.sent[index]?.answers ?? [];

beforeEach(() => {
  vi.useFakeTimers();
  transport = new FakeMdnsTransport();
});

afterEach(async () => {
  await presence?.stop();
  vi.useRealTimers();
});

describe('LanPresence advertising (RFC 6762 §8.3, RFC 6763)', () => {
  it('announces PTR, SRV, TXT and A for both service types, repeating with a doubling interval', async () => {
    make();
    await presence.start();
    expect(presence.state).toBe(LanPresenceState.Running);
    expect(presence.instanceName).toBe('Alice (a1b2)');
    const first = transport.sent.find((packet) => packet.kind === 'response');
    const records = first?.answers ?? [];
    expect(records).toContainEqual({ name: '_sip._tcp.local', type: 'PTR', ttl: 4500, flush: false, data: 'Alice (a1b2)._sip._tcp.local' });
    expect(records).toContainEqual({ name: '_sip._udp.local', type: 'PTR', ttl: 4500, flush: false, data: 'Alice (a1b2)._sip._udp.local' });
    expect(records).toContainEqual({
      name: 'Alice (a1b2)._sip._tcp.local',
      type: 'SRV',
      ttl: 120,
      flush: true,
      data: { target: 'parley-aliceid.local', port: 5062, priority: 0, weight: 0 },
    });
    expect(records).toContainEqual({ name: 'parley-aliceid.local', type: 'A', ttl: 120, flush: true, data: '192.0.2.1' });
    const txt = records.find((record) => record.type === 'TXT');
    expect(txt?.type === 'TXT' && parseLanTxt(txt.data)).toEqual({
      ok: true,
      info: { contact: 'sip:alice@192.0.2.1:5062;transport=tcp', instanceId: 'alice-id', displayName: 'Alice' },
    });
    const announcements = (): number => transport.sent.filter((packet) => packet.kind === 'response').length;
    expect(announcements()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(announcements()).toBe(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(announcements()).toBe(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(announcements()).toBe(3);
  });

  it('browses both service types, backing off (RFC 6762 §5.2)', async () => {
    make();
    await presence.start();
    const queries = (): number => transport.sent.filter((packet) => packet.kind === 'query').length;
    expect(transport.sent.find((packet) => packet.kind === 'query')?.questions).toEqual([
      { name: '_sip._tcp.local', type: 'PTR' },
      { name: '_sip._udp.local', type: 'PTR' },
    ]);
    expect(queries()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(queries()).toBe(2);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(queries()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(queries()).toBe(3);
  });

  it('answers a PTR query with the instance and its SRV/TXT/A as additionals, after a short delay', async () => {
    make();
    await presence.start();
    transport.sent.length = 0;
    transport.deliver({ kind: 'query', questions: [{ name: '_sip._tcp.local', type: 'PTR' }], records: [] });
    expect(transport.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(120);
    const answer = transport.sent[0];
    expect(answer?.answers).toEqual([{ name: '_sip._tcp.local', type: 'PTR', ttl: 4500, flush: false, data: 'Alice (a1b2)._sip._tcp.local' }]);
    expect(answer?.additionals?.map((record) => record.type).sort()).toEqual(['A', 'SRV', 'TXT']);
  });

  it('answers SRV and A queries and stays silent for other names or known answers (RFC 6762 §7.1)', async () => {
    make();
    await presence.start();
    transport.sent.length = 0;
    transport.deliver({ kind: 'query', questions: [{ name: 'alice (a1b2)._sip._udp.local', type: 'SRV' }], records: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(answersOf(0)).toMatchObject([{ type: 'SRV', name: 'Alice (a1b2)._sip._udp.local' }]);
    expect(transport.sent[0]?.additionals).toMatchObject([{ type: 'A' }]);
    transport.deliver({ kind: 'query', questions: [{ name: 'someone-else.local', type: 'A' }], records: [] });
    const known: MdnsRecord = { name: '_sip._tcp.local', type: 'PTR', ttl: 4000, flush: false, data: 'Alice (a1b2)._sip._tcp.local' };
    transport.deliver({ kind: 'query', questions: [{ name: '_sip._tcp.local', type: 'PTR' }], records: [known] });
    await vi.advanceTimersByTimeAsync(200);
    expect(transport.sent).toHaveLength(1);
  });

  it('says goodbye with TTL 0 on stop, closes the socket and leaves no timer behind', async () => {
    make();
    await presence.start();
    transport.deliver(response(peerRecords('Bob')));
    await presence.stop();
    const goodbye = transport.sent.at(-1);
    expect(goodbye?.kind).toBe('response');
    expect(goodbye?.answers?.length).toBeGreaterThan(0);
    expect(goodbye?.answers?.every((record) => record.ttl === 0)).toBe(true);
    expect(transport.closed).toBe(true);
    expect(presence.state).toBe(LanPresenceState.Stopped);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('renames and re-announces on update of the display name, after a goodbye for the old name', async () => {
    make();
    await presence.start();
    transport.sent.length = 0;
    await presence.update({ displayName: 'Alice B', contact: 'sip:alice@192.0.2.1:5099;transport=tcp' });
    expect(presence.instanceName).toMatch(/^Alice B \([0-9a-f]{4}\)$/);
    expect(answersOf(0).every((record) => record.ttl === 0 && (record.type !== 'SRV' || record.name.startsWith('Alice (a1b2)')))).toBe(true);
    const txt = answersOf(1).find((record) => record.type === 'TXT');
    expect(txt?.type === 'TXT' && parseLanTxt(txt.data)).toMatchObject({ ok: true, info: { contact: 'sip:alice@192.0.2.1:5099;transport=tcp' } });
  });
});

describe('LanPresence browsing', () => {
  it('emits appeared, updated and disappeared (goodbye) for a peer', async () => {
    make();
    const seen: string[] = [];
    let appeared: LanPeer | undefined;
    presence.on('peerAppeared', (peer) => {
      appeared = peer;
      seen.push(`appeared ${peer.instanceName}`);
    });
    presence.on('peerUpdated', ({ peer }) => seen.push(`updated ${peer.contact}`));
    presence.on('peerDisappeared', ({ peer, reason }) => seen.push(`disappeared ${peer.instanceName} ${reason}`));
    await presence.start();
    transport.deliver(response(peerRecords('Bob', { address: '192.0.2.10', port: 5070 })));
    expect(appeared).toMatchObject({ instanceName: 'Bob', contact: 'sip:bob@192.0.2.10:5070;transport=tcp', addresses: ['192.0.2.10'] });
    expect(presence.peers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    transport.deliver(response([peerRecords('Bob', { contact: 'sip:bob@192.0.2.10:5080;transport=tcp' })[2]!]));
    transport.deliver(response(withTtl(peerRecords('Bob'), 0)));
    await vi.advanceTimersByTimeAsync(1_100);
    expect(seen).toEqual(['appeared Bob', 'updated sip:bob@192.0.2.10:5080;transport=tcp', 'disappeared Bob goodbye']);
  });

  it('expires a silent peer after asking for it again', async () => {
    make();
    const gone: string[] = [];
    presence.on('peerDisappeared', ({ reason }) => gone.push(reason));
    await presence.start();
    transport.deliver(response(peerRecords('Bob', { ttl: 10 })));
    transport.sent.length = 0;
    await vi.advanceTimersByTimeAsync(8_100);
    expect(transport.sent.some((packet) => packet.kind === 'query' && packet.questions?.some((question) => question.type === 'SRV'))).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(gone).toEqual(['expired']);
  });

  it('asks for what is missing after a bare PTR (RFC 6763 §12)', async () => {
    make();
    await presence.start();
    transport.sent.length = 0;
    transport.deliver(response([peerRecords('Bob')[0]!]));
    expect(transport.sent.at(-1)).toMatchObject({
      kind: 'query',
      questions: [
        { name: 'Bob._sip._tcp.local', type: 'SRV' },
        { name: 'Bob._sip._tcp.local', type: 'TXT' },
      ],
    });
    // The same question is not repeated within a second.
    transport.deliver(response([peerRecords('Bob')[0]!]));
    expect(transport.sent).toHaveLength(1);
  });

  it('ignores its own records, responses not from port 5353 and senders off the link', async () => {
    make();
    const appeared: string[] = [];
    presence.on('peerAppeared', (peer) => appeared.push(peer.instanceName));
    await presence.start();
    const own = transport.sent.find((packet) => packet.kind === 'response')?.answers ?? [];
    transport.deliver(response([...own]));
    transport.deliver(response(peerRecords('Mallory')), { address: '192.0.2.66', port: 40000 });
    transport.deliver(response(peerRecords('Offlink')), { address: '198.51.100.1', port: 5353 });
    transport.deliver(response(peerRecords('Clone', { id: 'alice-id' })));
    expect(appeared).toEqual([]);
    expect(presence.peers).toEqual([]);
  });

  it('survives listeners that throw', async () => {
    make();
    presence.on('peerAppeared', () => {
      throw new Error('listener bug');
    });
    await presence.start();
    expect(() => transport.deliver(response(peerRecords('Bob')))).not.toThrow();
    expect(presence.peers).toHaveLength(1);
  });

  it('takes a new name when another responder answers for ours (RFC 6762 §9)', async () => {
    make();
    await presence.start();
    transport.deliver(response([{ name: 'Alice (a1b2)._sip._tcp.local', type: 'SRV', ttl: 120, flush: true, data: { target: 'other.local', port: 1, priority: 0, weight: 0 } }]));
    expect(presence.instanceName).not.toBe('Alice (a1b2)');
    expect(presence.instanceName).toMatch(/^Alice \([0-9a-f]{4}\)$/);
  });

  it('refuses unusable options and a failing socket with stable codes', async () => {
    expect(() => make({ interfaceAddress: 'fe80::1' })).toThrowError(expect.objectContaining({ code: 'sip/lan-invalid-option' }));
    expect(() => make({ services: [] })).toThrowError(expect.objectContaining({ code: 'sip/lan-invalid-option' }));
    const failing = make({ transportFactory: () => Promise.reject(new Error('EADDRINUSE')) });
    await expect(failing.start()).rejects.toMatchObject({ code: 'sip/lan-mdns-failed' });
    expect(failing.state).toBe(LanPresenceState.Stopped);
  });
});
