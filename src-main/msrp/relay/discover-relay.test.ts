import { describe, expect, it } from 'vitest';
import { discoverRelay, orderSrvRecords, type SrvRecord, type SrvResolver } from './discover-relay';

function fakeResolver(table: Record<string, readonly SrvRecord[] | string>): SrvResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (name: string): Promise<readonly SrvRecord[]> => {
    asked.push(name);
    const entry = table[name];
    if (entry === undefined) throw Object.assign(new Error(`no ${name}`), { code: 'ENOTFOUND' });
    if (typeof entry === 'string') throw Object.assign(new Error(entry), { code: entry });
    return entry;
  };
  return Object.assign(resolver, { asked });
}

const srv = (name: string, port: number, priority = 10, weight = 0): SrvRecord => ({ name, port, priority, weight });

describe('discoverRelay (RFC 4976 §6.2)', () => {
  it('prefers _msrps._tcp, then _msrp._tcp, in priority order', async () => {
    const resolver = fakeResolver({
      '_msrps._tcp.example.org': [srv('b.example.org.', 2856, 20), srv('a.example.org', 2855, 10)],
      '_msrp._tcp.example.org': [srv('plain.example.org', 2857)],
    });
    const found = await discoverRelay('example.org', { resolveSrv: resolver });
    expect(resolver.asked).toEqual(['_msrps._tcp.example.org', '_msrp._tcp.example.org']);
    expect(found).toEqual([
      { scheme: 'msrps', host: 'a.example.org', port: 2855 },
      { scheme: 'msrps', host: 'b.example.org', port: 2856 },
      { scheme: 'msrp', host: 'plain.example.org', port: 2857 },
    ]);
  });

  it('uses _msrp._tcp alone when there is no TLS record, and can refuse plain TCP', async () => {
    const resolver = fakeResolver({ '_msrp._tcp.example.org': [srv('relay.example.org', 2855)] });
    expect(await discoverRelay('example.org', { resolveSrv: resolver })).toEqual([{ scheme: 'msrp', host: 'relay.example.org', port: 2855 }]);
    const tlsOnly = await discoverRelay('example.org', { resolveSrv: resolver, allowPlain: false, fallbackToDomain: false });
    expect(tlsOnly).toEqual([]);
  });

  it('falls back to the domain on the default port when nothing is published', async () => {
    const found = await discoverRelay('example.org', { resolveSrv: fakeResolver({ '_msrp._tcp.example.org': 'ENODATA' }) });
    expect(found).toEqual([{ scheme: 'msrps', host: 'example.org', port: 2855 }]);
  });

  it('honours the "service not available" target "."', async () => {
    const found = await discoverRelay('example.org', {
      resolveSrv: fakeResolver({ '_msrps._tcp.example.org': [srv('.', 0)] }),
      fallbackToDomain: false,
    });
    expect(found).toEqual([]);
  });

  it('reports resolver failures other than "no record"', async () => {
    await expect(discoverRelay('example.org', { resolveSrv: fakeResolver({ '_msrps._tcp.example.org': 'ETIMEOUT' }) })).rejects.toThrow(/ETIMEOUT/);
  });
});

describe('orderSrvRecords (RFC 2782)', () => {
  it('orders by weight within a priority according to the random draw', () => {
    const records = [srv('light', 1, 10, 10), srv('heavy', 2, 10, 90), srv('backup', 3, 20, 100)];
    expect(orderSrvRecords(records, () => 0.05).map((r) => r.name)).toEqual(['light', 'heavy', 'backup']);
    expect(orderSrvRecords(records, () => 0.5).map((r) => r.name)).toEqual(['heavy', 'light', 'backup']);
  });

  it('keeps every record exactly once', () => {
    const records = [srv('a', 1, 1, 0), srv('b', 2, 1, 5), srv('c', 3, 0, 0), srv('d', 4, 2, 1)];
    const ordered = orderSrvRecords(records, Math.random);
    expect(ordered.map((r) => r.name).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(ordered[0]?.name).toBe('c');
    expect(ordered[3]?.name).toBe('d');
  });
});
