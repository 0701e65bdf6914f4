import { describe, expect, it } from 'vitest';
import { type NaptrAnswer, type SipDnsResolver, type SrvAnswer, orderSrv, resolveTarget } from './resolve-target';

interface Zone {
  naptr?: Record<string, NaptrAnswer[]>;
  srv?: Record<string, SrvAnswer[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
}

function fakeResolver(zone: Zone): SipDnsResolver & { queries: string[] } {
  const queries: string[] = [];
  const answer = <T>(type: string, table: Record<string, T[]> | undefined, name: string): Promise<T[]> => {
    queries.push(`${type} ${name}`);
    const records = table?.[name];
    return records ? Promise.resolve(records) : Promise.reject(Object.assign(new Error('ENODATA'), { code: 'ENODATA' }));
  };
  return {
    queries,
    resolveNaptr: (name) => answer('NAPTR', zone.naptr, name),
    resolveSrv: (name) => answer('SRV', zone.srv, name),
    resolve4: (name) => answer('A', zone.a, name),
    resolve6: (name) => answer('AAAA', zone.aaaa, name),
  };
}

const naptr = (service: string, replacement: string, order: number, preference = 10): NaptrAnswer => ({
  flags: 'S', service, regexp: '', replacement, order, preference,
});

describe('resolveTarget (RFC 3263)', () => {
  it('short-circuits numeric hosts without any query, UDP and 5060 by default', async () => {
    const resolver = fakeResolver({});
    expect(await resolveTarget({ uri: { host: '192.0.2.7' }, resolver })).toEqual([{ host: '192.0.2.7', port: 5060, transport: 'udp' }]);
    expect(await resolveTarget({ uri: { host: '[::1]', secure: true }, resolver })).toEqual([{ host: '::1', port: 5061, transport: 'tls' }]);
    expect(resolver.queries).toEqual([]);
  });

  it('honors an explicit port and transport: A/AAAA only (§4.2)', async () => {
    const resolver = fakeResolver({ a: { 'sip.example.com': ['192.0.2.1'] }, aaaa: { 'sip.example.com': ['2001:db8::1'] } });
    const targets = await resolveTarget({ uri: { host: 'sip.example.com', port: 5070, transport: 'tcp' }, resolver });
    expect(targets).toEqual([
      { host: '192.0.2.1', port: 5070, transport: 'tcp' },
      { host: '2001:db8::1', port: 5070, transport: 'tcp' },
    ]);
    expect(resolver.queries.some((query) => query.startsWith('NAPTR') || query.startsWith('SRV'))).toBe(false);
  });

  it('follows NAPTR order and preference to SRV and addresses, skipping unsupported services', async () => {
    const resolver = fakeResolver({
      naptr: {
        'example.com': [
          naptr('SIP+D2U', '_sip._udp.example.com', 30),
          naptr('SIPS+D2T', '_sips._tcp.example.com', 10),
          naptr('SIP+D2S', '_sip._sctp.example.com', 5),
          naptr('SIP+D2T', '_sip._tcp.example.com', 20),
        ],
      },
      srv: {
        '_sips._tcp.example.com': [{ name: 'tls.example.com', port: 5061, priority: 0, weight: 0 }],
        '_sip._tcp.example.com': [{ name: 'tcp.example.com', port: 5060, priority: 0, weight: 0 }],
        '_sip._udp.example.com': [{ name: 'udp.example.com', port: 5060, priority: 0, weight: 0 }],
      },
      a: { 'tls.example.com': ['192.0.2.3'], 'tcp.example.com': ['192.0.2.2'], 'udp.example.com': ['192.0.2.1'] },
    });
    const targets = await resolveTarget({ uri: { host: 'example.com' }, resolver, supportedTransports: ['tcp', 'tls'] });
    expect(targets).toEqual([
      { host: '192.0.2.3', port: 5061, transport: 'tls' },
      { host: '192.0.2.2', port: 5060, transport: 'tcp' },
    ]);
  });

  it('uses SRV in transport preference order without NAPTR, and the explicit transport only', async () => {
    const zone: Zone = {
      srv: { '_sip._tcp.example.org': [{ name: 'b.example.org', port: 5080, priority: 1, weight: 0 }] },
      a: { 'b.example.org': ['198.51.100.2'], 'example.org': ['198.51.100.9'] },
    };
    expect(await resolveTarget({ uri: { host: 'example.org' }, resolver: fakeResolver(zone) })).toEqual([
      { host: '198.51.100.2', port: 5080, transport: 'tcp' },
    ]);
    // transport=tls given: only _sips._tcp is asked; none → A record on 5061.
    expect(await resolveTarget({ uri: { host: 'example.org', transport: 'tls' }, resolver: fakeResolver(zone) })).toEqual([
      { host: '198.51.100.9', port: 5061, transport: 'tls' },
    ]);
  });

  it('falls back to A/AAAA on 5060/UDP when there is neither NAPTR nor SRV', async () => {
    const resolver = fakeResolver({ aaaa: { 'v6.example.net': ['2001:db8::5'] } });
    expect(await resolveTarget({ uri: { host: 'v6.example.net' }, resolver })).toEqual([{ host: '2001:db8::5', port: 5060, transport: 'udp' }]);
  });

  it('resolves the outbound proxy instead of the request URI', async () => {
    const resolver = fakeResolver({});
    const targets = await resolveTarget({ uri: { host: 'example.com' }, outboundProxy: { host: '203.0.113.4', port: 5071, transport: 'tcp' }, resolver });
    expect(targets).toEqual([{ host: '203.0.113.4', port: 5071, transport: 'tcp' }]);
    expect(resolver.queries).toEqual([]);
  });

  it('fails with a stable code when nothing resolves or the transport is unusable', async () => {
    await expect(resolveTarget({ uri: { host: 'nowhere.invalid' }, resolver: fakeResolver({}) })).rejects.toMatchObject({ code: 'sip/resolve-failed' });
    await expect(resolveTarget({ uri: { host: '192.0.2.1', transport: 'udp', secure: true }, resolver: fakeResolver({}) })).rejects.toMatchObject({ code: 'sip/resolve-failed' });
  });
});

describe('orderSrv (RFC 2782)', () => {
  const records: SrvAnswer[] = [
    { name: 'late', port: 1, priority: 20, weight: 100 },
    { name: 'heavy', port: 1, priority: 10, weight: 90 },
    { name: 'light', port: 1, priority: 10, weight: 10 },
  ];
  it('orders by priority, then by weighted choice', () => {
    expect(orderSrv(records, () => 0.99).map((record) => record.name)).toEqual(['heavy', 'light', 'late']);
    expect(orderSrv(records, () => 0.05).map((record) => record.name)).toEqual(['light', 'heavy', 'late']);
  });
});
