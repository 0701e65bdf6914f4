import { encodeLanTxt } from '../dns-sd-records';
import type { MdnsRecord } from '../mdns-transport';

/** Test fixture (imported by tests only): the records a peer named `name` advertises for `_sip._tcp`. */
export function peerRecords(
  name: string,
  options: { id?: string; contact?: string; address?: string; port?: number; ttl?: number; host?: string; displayName?: string } = {},
): MdnsRecord[] {
  const fqdn = `${name}._sip._tcp.local`;
  const host = options.host ?? `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.local`;
  const ttl = options.ttl ?? 120;
  return [
    { name: '_sip._tcp.local', type: 'PTR', ttl, flush: false, data: fqdn },
    { name: fqdn, type: 'SRV', ttl, flush: true, data: { target: host, port: options.port ?? 5060, priority: 0, weight: 0 } },
    {
      name: fqdn,
      type: 'TXT',
      ttl,
      flush: true,
      data: encodeLanTxt({
        contact: options.contact ?? `sip:${name.toLowerCase()}@${options.address ?? '192.0.2.10'}:${options.port ?? 5060};transport=tcp`,
        instanceId: options.id ?? `${name}-id`,
        displayName: options.displayName ?? name,
      }),
    },
    { name: host, type: 'A', ttl, flush: true, data: options.address ?? '192.0.2.10' },
  ];
}

export function withTtl(records: readonly MdnsRecord[], ttl: number): MdnsRecord[] {
  return records.map((record) => ({ ...record, ttl }));
}
