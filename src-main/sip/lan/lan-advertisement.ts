import {
  DNS_SD_SERVICES_ENUMERATION,
  LAN_SIP_SERVICE_TYPES,
  type LanSipTransportName,
  encodeLanTxt,
  instanceFqdn,
} from './dns-sd-records';
import type { MdnsQuestion, MdnsRecord } from './mdns-transport';

/** What this client advertises: one instance, on one or both `_sip` service types. */
export interface LanAdvertisementData {
  readonly instanceName: string;
  readonly instanceId: string;
  readonly displayName: string;
  readonly contact: string;
  readonly hostName: string;
  readonly address: string;
  readonly services: readonly { readonly transport: LanSipTransportName; readonly port: number }[];
  /** RFC 6762 §10: 120 s for records naming a host (SRV, A), 75 min for the others (PTR, TXT). */
  readonly hostTtlSeconds: number;
  readonly otherTtlSeconds: number;
}

/** Our records, ready to announce (RFC 6762 §8.3) or, with `ttl` 0, to say goodbye with (§10.1). */
export function advertisementRecords(data: LanAdvertisementData, ttlOverride?: number): MdnsRecord[] {
  const host = (ttl: number): number => ttlOverride ?? ttl;
  const records: MdnsRecord[] = [];
  for (const service of data.services) {
    const type = LAN_SIP_SERVICE_TYPES[service.transport];
    const fqdn = instanceFqdn(data.instanceName, service.transport);
    // PTR records are shared (many instances per type): never the cache-flush bit (RFC 6762 §10.2).
    records.push({ name: type, type: 'PTR', ttl: host(data.otherTtlSeconds), flush: false, data: fqdn });
    records.push({ name: DNS_SD_SERVICES_ENUMERATION, type: 'PTR', ttl: host(data.otherTtlSeconds), flush: false, data: type });
    records.push({
      name: fqdn,
      type: 'SRV',
      ttl: host(data.hostTtlSeconds),
      flush: true,
      data: { target: data.hostName, port: service.port, priority: 0, weight: 0 },
    });
    records.push({
      name: fqdn,
      type: 'TXT',
      ttl: host(data.otherTtlSeconds),
      flush: true,
      data: encodeLanTxt({ contact: data.contact, instanceId: data.instanceId, displayName: data.displayName }),
    });
  }
  records.push({ name: data.hostName, type: data.address.includes(':') ? 'AAAA' : 'A', ttl: host(data.hostTtlSeconds), flush: true, data: data.address });
  return records;
}

/** Names only we answer for (instance names and host name), lower case. */
export function ownedNames(data: LanAdvertisementData): Set<string> {
  const names = new Set<string>([data.hostName.toLowerCase()]);
  for (const service of data.services) names.add(instanceFqdn(data.instanceName, service.transport).toLowerCase());
  return names;
}

/**
 * The answer to a query (RFC 6762 §6): records answering the questions, minus those the querier already
 * holds with at least half their TTL left (known-answer suppression, §7.1), plus the additional records
 * RFC 6763 §12 recommends (SRV, TXT and addresses after a PTR; addresses after an SRV).
 */
export function answerQuery(
  data: LanAdvertisementData,
  questions: readonly MdnsQuestion[],
  knownAnswers: readonly MdnsRecord[],
): { readonly answers: MdnsRecord[]; readonly additionals: MdnsRecord[]; readonly shared: boolean } {
  const all = advertisementRecords(data);
  const answers: MdnsRecord[] = [];
  for (const question of questions) {
    for (const record of all) {
      if (!sameName(record.name, question.name)) continue;
      if (question.type !== 'ANY' && question.type !== record.type) continue;
      if (answers.includes(record)) continue;
      const known = knownAnswers.some((answer) => sameRecord(answer, record) && answer.ttl * 2 >= record.ttl);
      if (!known) answers.push(record);
    }
  }
  const additionals: MdnsRecord[] = [];
  const add = (record: MdnsRecord): void => {
    if (!answers.includes(record) && !additionals.includes(record)) additionals.push(record);
  };
  for (const answer of answers) {
    if (answer.type === 'PTR' && answer.name !== DNS_SD_SERVICES_ENUMERATION) {
      for (const record of all) if ((record.type === 'SRV' || record.type === 'TXT') && sameName(record.name, answer.data)) add(record);
    }
    if (answer.type === 'PTR' || answer.type === 'SRV') {
      for (const record of all) if ((record.type === 'A' || record.type === 'AAAA') && sameName(record.name, data.hostName)) add(record);
    }
  }
  return { answers, additionals, shared: answers.some((record) => record.type === 'PTR') };
}

export function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
}

/** Same owner, type and data (TTL and flush aside). */
export function sameRecord(a: MdnsRecord, b: MdnsRecord): boolean {
  if (a.type !== b.type || !sameName(a.name, b.name)) return false;
  if (a.type === 'PTR' && b.type === 'PTR') return sameName(a.data, b.data);
  if (a.type === 'SRV' && b.type === 'SRV') return sameName(a.data.target, b.data.target) && a.data.port === b.data.port;
  if (a.type === 'TXT' && b.type === 'TXT') return a.data.length === b.data.length && a.data.every((item, index) => b.data[index]?.equals(item));
  return a.data === b.data;
}
