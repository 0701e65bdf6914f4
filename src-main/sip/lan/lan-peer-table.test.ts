import { describe, expect, it } from 'vitest';
import type { MdnsRecord } from './mdns-transport';
import { GOODBYE_GRACE_MS, LanPeerTable } from './lan-peer-table';
import { peerRecords, withTtl } from './test-support/peer-records';

const table = (options: Partial<ConstructorParameters<typeof LanPeerTable>[0]> = {}): LanPeerTable =>
  new LanPeerTable({ selfInstanceId: 'me', ...options });

describe('LanPeerTable', () => {
  it('reports a peer once PTR, SRV, TXT and an address are all known', () => {
    const peers = table();
    const [ptr, srv, txt, a] = peerRecords('Bob', { address: '192.0.2.7', port: 5070 });
    expect(peers.ingest([ptr!, srv!], 0)).toEqual([]);
    expect(peers.missingQuestions()).toEqual([
      { name: 'Bob._sip._tcp.local', type: 'TXT' },
      { name: 'bob.local', type: 'A' },
    ]);
    expect(peers.ingest([txt!], 10)).toEqual([]);
    const changes = peers.ingest([a!], 20);
    expect(changes).toEqual([
      {
        kind: 'appeared',
        peer: {
          instanceName: 'Bob',
          instanceId: 'Bob-id',
          displayName: 'Bob',
          contact: 'sip:bob@192.0.2.7:5070;transport=tcp',
          host: 'bob.local',
          addresses: ['192.0.2.7'],
          services: [{ transport: 'tcp', port: 5070 }],
        },
      },
    ]);
    expect(peers.missingQuestions()).toEqual([]);
    // Repeated announcements change nothing.
    expect(peers.ingest(peerRecords('Bob', { address: '192.0.2.7', port: 5070 }), 1_000)).toEqual([]);
  });

  it('never reports itself', () => {
    const peers = table({ selfInstanceId: 'Me-id' });
    expect(peers.ingest(peerRecords('Me'), 0)).toEqual([]);
    expect(peers.peers).toEqual([]);
  });

  it('merges one instance advertised on _sip._tcp and _sip._udp', () => {
    const peers = table();
    const tcp = peerRecords('Bob', { port: 5070 });
    const udp = tcp.map((record) =>
      record.type === 'PTR'
        ? { ...record, name: '_sip._udp.local', data: 'Bob._sip._udp.local' }
        : record.type === 'SRV'
          ? { ...record, name: 'Bob._sip._udp.local', data: { ...record.data, port: 5071 } }
          : record.type === 'TXT'
            ? { ...record, name: 'Bob._sip._udp.local' }
            : record,
    );
    const changes = peers.ingest([...tcp, ...udp], 0);
    expect(changes).toHaveLength(1);
    expect(peers.peers[0]?.services).toEqual([
      { transport: 'tcp', port: 5070 },
      { transport: 'udp', port: 5071 },
    ]);
  });

  it('reports an update when the TXT record changes (cache-flush, RFC 6762 §10.2)', () => {
    const peers = table();
    peers.ingest(peerRecords('Bob'), 0);
    const changed = peerRecords('Bob', { contact: 'sip:bob@192.0.2.10:6000;transport=tcp' });
    const changes = peers.ingest([changed[2]!], 5_000);
    expect(changes).toMatchObject([{ kind: 'updated', peer: { contact: 'sip:bob@192.0.2.10:6000;transport=tcp' }, previous: { contact: 'sip:bob@192.0.2.10:5060;transport=tcp' } }]);
    // The flushed old TXT goes a second later without another change.
    expect(peers.expire(5_000 + GOODBYE_GRACE_MS)).toEqual([]);
    expect(peers.peers[0]?.contact).toBe('sip:bob@192.0.2.10:6000;transport=tcp');
  });

  it('removes a peer one second after its goodbye (RFC 6762 §10.1)', () => {
    const peers = table();
    peers.ingest(peerRecords('Bob'), 0);
    expect(peers.ingest(withTtl(peerRecords('Bob'), 0), 2_000)).toEqual([]);
    expect(peers.nextDeadline()).toBe(2_000 + GOODBYE_GRACE_MS);
    expect(peers.expire(2_999)).toEqual([]);
    expect(peers.expire(3_000)).toMatchObject([{ kind: 'disappeared', reason: 'goodbye', peer: { instanceName: 'Bob' } }]);
    expect(peers.peers).toEqual([]);
  });

  it('a goodbye for the PTR alone is enough', () => {
    const peers = table();
    const records = peerRecords('Bob');
    peers.ingest(records, 0);
    peers.ingest([{ ...records[0]!, ttl: 0 }], 10);
    expect(peers.expire(10 + GOODBYE_GRACE_MS)).toMatchObject([{ kind: 'disappeared', reason: 'goodbye' }]);
  });

  it('expires a silent peer when its TTL runs out, asking for renewal at 80% first (RFC 6762 §5.2)', () => {
    const peers = table();
    peers.ingest(peerRecords('Bob', { ttl: 10 }), 0);
    expect(peers.nextDeadline()).toBe(8_000);
    expect(peers.refreshQuestions(7_999)).toEqual([]);
    const questions = peers.refreshQuestions(8_000);
    expect(questions).toEqual(
      expect.arrayContaining([
        { name: '_sip._tcp.local', type: 'PTR' },
        { name: 'Bob._sip._tcp.local', type: 'SRV' },
        { name: 'Bob._sip._tcp.local', type: 'TXT' },
        { name: 'bob.local', type: 'A' },
      ]),
    );
    expect(peers.refreshQuestions(8_100)).toEqual([]);
    expect(peers.refreshQuestions(8_500)).toHaveLength(4);
    expect(peers.expire(9_999)).toEqual([]);
    expect(peers.expire(10_000)).toMatchObject([{ kind: 'disappeared', reason: 'expired' }]);
  });

  it('a renewed record is kept', () => {
    const peers = table();
    peers.ingest(peerRecords('Bob', { ttl: 10 }), 0);
    peers.ingest(peerRecords('Bob', { ttl: 10 }), 9_000);
    expect(peers.expire(12_000)).toEqual([]);
    expect(peers.peers).toHaveLength(1);
  });

  it('a peer whose TXT stops being ours disappears as invalid; foreign TXT never appears', () => {
    const peers = table();
    peers.ingest(peerRecords('Bob'), 0);
    const changes = peers.ingest([{ name: 'Bob._sip._tcp.local', type: 'TXT', ttl: 120, flush: true, data: [Buffer.from('txtvers=9')] }], 5_000);
    expect(changes).toMatchObject([{ kind: 'disappeared', reason: 'invalid' }]);
    const fresh = table();
    const records = peerRecords('Eve');
    const foreignTxt: MdnsRecord = { name: 'Eve._sip._tcp.local', type: 'TXT', ttl: 120, flush: true, data: [Buffer.from('hello')] };
    expect(fresh.ingest([records[0]!, records[1]!, records[3]!, foreignTxt], 0)).toEqual([]);
  });

  it('enforces the TXT size, peer and record limits', () => {
    const limits: string[] = [];
    const small = table({ maxTxtBytes: 20 });
    expect(small.ingest(peerRecords('Bob'), 0)).toEqual([]);

    const two = table({ maxPeers: 2, onLimit: (what) => limits.push(what) });
    two.ingest([...peerRecords('A1'), ...peerRecords('A2'), ...peerRecords('A3')], 0);
    expect(two.peers.map((peer) => peer.instanceName)).toHaveLength(2);
    expect(limits.some((line) => line.includes('peer limit'))).toBe(true);

    const tiny = table({ maxRecords: 5, onLimit: (what) => limits.push(what) });
    tiny.ingest([...peerRecords('B1'), ...peerRecords('B2')], 0);
    expect(tiny.peers.map((peer) => peer.instanceName)).toEqual(['B1']);
    expect(limits.some((line) => line.includes('record cache full'))).toBe(true);
  });

  it('clear() makes every peer disappear as stopped', () => {
    const peers = table();
    peers.ingest([...peerRecords('A'), ...peerRecords('B')], 0);
    const changes = peers.clear();
    expect(changes.map((change) => change.kind === 'disappeared' && change.reason)).toEqual(['stopped', 'stopped']);
    expect(peers.nextDeadline()).toBeUndefined();
  });

  it('lists held PTRs with over half their TTL left as known answers (RFC 6762 §7.1)', () => {
    const peers = table();
    peers.ingest(peerRecords('Bob', { ttl: 100 }), 0);
    expect(peers.knownAnswers(10_000)).toMatchObject([{ type: 'PTR', ttl: 90, data: 'Bob._sip._tcp.local' }]);
    expect(peers.knownAnswers(60_000)).toEqual([]);
  });
});
