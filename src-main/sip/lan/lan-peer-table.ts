import {
  DEFAULT_MAX_TXT_BYTES,
  LAN_SIP_SERVICE_TYPES,
  type LanSipTransportName,
  parseInstanceFqdn,
  parseLanTxt,
} from './dns-sd-records';
import type { MdnsQuestion, MdnsRecord } from './mdns-transport';

/** A client found on the link, resolved from its PTR, SRV, TXT and address records (RFC 6763 §4–§6). */
export interface LanPeer {
  /** The DNS-SD instance name (`<display name> (<suffix>)`), without the service type. */
  readonly instanceName: string;
  /** The stable id from the TXT record. */
  readonly instanceId: string;
  /** TXT `name`, or the instance name when the peer sent none. */
  readonly displayName: string;
  /** Where to send SIP requests (TXT `contact`). */
  readonly contact: string;
  /** SRV target host name. */
  readonly host: string;
  /** A/AAAA addresses of `host`, sorted. */
  readonly addresses: readonly string[];
  /** One entry per advertised service type, sorted by transport. */
  readonly services: readonly { readonly transport: LanSipTransportName; readonly port: number }[];
}

export type LanPeerDisappearReason = 'goodbye' | 'expired' | 'invalid' | 'stopped';

export type LanPeerChange =
  | { readonly kind: 'appeared'; readonly peer: LanPeer }
  | { readonly kind: 'updated'; readonly peer: LanPeer; readonly previous: LanPeer }
  | { readonly kind: 'disappeared'; readonly peer: LanPeer; readonly reason: LanPeerDisappearReason };

export interface LanPeerTableOptions {
  /** Our own instance id: a record set naming it is ourselves and never becomes a peer. */
  readonly selfInstanceId: string;
  /** Defaults 64 peers, 1024 cached records, 1300 TXT bytes. */
  readonly maxPeers?: number | undefined;
  readonly maxRecords?: number | undefined;
  readonly maxTxtBytes?: number | undefined;
  /** Called when a new peer is refused because of `maxPeers` or the record cache is full. */
  readonly onLimit?: ((what: string) => void) | undefined;
}

interface CacheEntry {
  readonly record: MdnsRecord;
  readonly receivedAt: number;
  expiresAt: number;
  /** Set when the entry ends by a goodbye (TTL 0) rather than by age. */
  goodbye: boolean;
  /** Index into REFRESH_POINTS of the next refresh query this entry asks for (RFC 6762 §5.2). */
  nextRefresh: number;
}

/** RFC 6762 §10.1: a goodbye record is kept for one more second, not deleted at once. */
export const GOODBYE_GRACE_MS = 1_000;
/** RFC 6762 §5.2: a querier re-asks at 80%, 85%, 90% and 95% of a record's TTL while it still wants it. */
const REFRESH_POINTS = [0.8, 0.85, 0.9, 0.95] as const;

/**
 * The browse cache and the peers derived from it, without any I/O or timers of its own: the caller feeds it
 * records and the clock, asks when the next deadline is, and sends the queries it returns. Pure so that
 * appear/update/expire/goodbye can be tested with a fake clock.
 */
export class LanPeerTable {
  private readonly cache = new Map<string, CacheEntry>();
  private current = new Map<string, LanPeer>();
  private readonly maxPeers: number;
  private readonly maxRecords: number;
  private readonly maxTxtBytes: number;

  constructor(private readonly options: LanPeerTableOptions) {
    this.maxPeers = options.maxPeers ?? 64;
    this.maxRecords = options.maxRecords ?? 1_024;
    this.maxTxtBytes = options.maxTxtBytes ?? DEFAULT_MAX_TXT_BYTES;
  }

  get peers(): readonly LanPeer[] {
    return [...this.current.values()];
  }

  /** Adds received records (answers and additionals alike) and returns what changed. */
  ingest(records: readonly MdnsRecord[], now: number): LanPeerChange[] {
    for (const record of records) this.cacheRecord(record, now);
    return this.expire(now);
  }

  /** Drops records whose time is up and returns the resulting peer changes. */
  expire(now: number): LanPeerChange[] {
    const ended = new Set<string>();
    for (const [key, entry] of this.cache) {
      if (entry.expiresAt > now) continue;
      this.cache.delete(key);
      // A PTR goodbye names the instance in its data; the other records name it (or its host) as owner.
      if (entry.goodbye) ended.add((entry.record.type === 'PTR' ? entry.record.data : entry.record.name).replace(/\.$/, '').toLowerCase());
    }
    return this.recompute(ended);
  }

  /** Forgets everything (on stop): every peer disappears with reason 'stopped'. */
  clear(): LanPeerChange[] {
    const changes = [...this.current.values()].map((peer): LanPeerChange => ({ kind: 'disappeared', peer, reason: 'stopped' }));
    this.cache.clear();
    this.current = new Map();
    return changes;
  }

  /** The earliest time `expire` or `refreshQuestions` has something to do, or undefined. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const entry of this.cache.values()) {
      const at = Math.min(entry.expiresAt, this.refreshAt(entry) ?? Number.POSITIVE_INFINITY);
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** RFC 6762 §5.2 cache maintenance: the questions to send now so that live records are renewed in time. */
  refreshQuestions(now: number): MdnsQuestion[] {
    const questions = new Map<string, MdnsQuestion>();
    for (const entry of this.cache.values()) {
      let due = false;
      while (!entry.goodbye && (this.refreshAt(entry) ?? Number.POSITIVE_INFINITY) <= now) {
        entry.nextRefresh += 1;
        due = true;
      }
      if (due) questions.set(`${entry.record.name.toLowerCase()}|${entry.record.type}`, { name: entry.record.name, type: entry.record.type });
    }
    return [...questions.values()];
  }

  /** RFC 6762 §7.1 known answers for a browse query: PTRs with more than half their TTL left, TTL as remaining. */
  knownAnswers(now: number): MdnsRecord[] {
    const known: MdnsRecord[] = [];
    for (const entry of this.live('PTR')) {
      const remaining = Math.floor((entry.expiresAt - now) / 1000);
      if (!entry.goodbye && remaining * 2 > entry.record.ttl) known.push({ ...entry.record, ttl: remaining });
    }
    return known;
  }

  /** What is still unknown about instances we have a PTR for (RFC 6763 §12: ask for SRV, TXT and addresses). */
  missingQuestions(): MdnsQuestion[] {
    const questions: MdnsQuestion[] = [];
    for (const ptr of this.live('PTR')) {
      const fqdn = ptr.record.data as string;
      const srv = this.newest(fqdn, 'SRV');
      if (!srv) questions.push({ name: fqdn, type: 'SRV' });
      if (!this.newest(fqdn, 'TXT')) questions.push({ name: fqdn, type: 'TXT' });
      if (srv && srv.record.type === 'SRV' && this.addressesOf(srv.record.data.target).length === 0) {
        questions.push({ name: srv.record.data.target, type: 'A' });
      }
    }
    return questions;
  }

  private refreshAt(entry: CacheEntry): number | undefined {
    const point = REFRESH_POINTS[entry.nextRefresh];
    if (point === undefined || entry.goodbye) return undefined;
    return entry.receivedAt + entry.record.ttl * 1000 * point;
  }

  private cacheRecord(record: MdnsRecord, now: number): void {
    const key = recordKey(record);
    const existing = this.cache.get(key);
    if (record.ttl === 0) {
      // RFC 6762 §10.1: TTL 0 means "going away": keep it one more second, then drop it.
      if (existing) {
        existing.expiresAt = Math.min(existing.expiresAt, now + GOODBYE_GRACE_MS);
        existing.goodbye = true;
      }
      return;
    }
    if (record.flush) {
      // RFC 6762 §10.2: other data for this name and type, received over a second ago, is stale: one more second.
      for (const entry of this.cache.values()) {
        if (entry.record.type === record.type && sameName(entry.record.name, record.name) && entry.receivedAt < now - GOODBYE_GRACE_MS) {
          entry.expiresAt = Math.min(entry.expiresAt, now + GOODBYE_GRACE_MS);
        }
      }
    }
    if (!existing && this.cache.size >= this.maxRecords) {
      this.options.onLimit?.(`record cache full (${this.maxRecords}); dropped ${record.type} ${record.name}`);
      return;
    }
    this.cache.set(key, { record, receivedAt: now, expiresAt: now + record.ttl * 1000, goodbye: false, nextRefresh: 0 });
  }

  private recompute(endedByGoodbye: ReadonlySet<string>): LanPeerChange[] {
    const next = new Map<string, LanPeer>();
    const invalid = new Set<string>();
    const byInstance = new Map<string, { instanceName: string; transports: Map<LanSipTransportName, string> }>();
    for (const ptr of this.live('PTR')) {
      const parsed = parseInstanceFqdn(ptr.record.data as string);
      if (!parsed || !sameName(ptr.record.name, LAN_SIP_SERVICE_TYPES[parsed.transport])) continue;
      const id = parsed.instanceName.toLowerCase();
      const slot = byInstance.get(id) ?? { instanceName: parsed.instanceName, transports: new Map() };
      slot.transports.set(parsed.transport, ptr.record.data as string);
      byInstance.set(id, slot);
    }
    for (const [id, slot] of byInstance) {
      const peer = this.resolve(slot.instanceName, slot.transports);
      if (peer === 'invalid') invalid.add(id);
      if (typeof peer !== 'object') continue;
      if (!this.current.has(id) && next.size >= this.maxPeers) {
        this.options.onLimit?.(`peer limit (${this.maxPeers}) reached; ignoring "${slot.instanceName}"`);
        continue;
      }
      next.set(id, peer);
    }
    const changes: LanPeerChange[] = [];
    for (const [id, previous] of this.current) {
      const peer = next.get(id);
      if (!peer) {
        const reason = invalid.has(id) ? 'invalid' : this.endedByGoodbye(previous, endedByGoodbye) ? 'goodbye' : 'expired';
        changes.push({ kind: 'disappeared', peer: previous, reason });
      } else if (!samePeer(peer, previous)) {
        changes.push({ kind: 'updated', peer, previous });
      }
    }
    for (const [id, peer] of next) if (!this.current.has(id)) changes.push({ kind: 'appeared', peer });
    this.current = next;
    return changes;
  }

  /** A complete peer, 'invalid' when its TXT is not ours, 'self', or undefined while records are missing. */
  private resolve(instanceName: string, transports: ReadonlyMap<LanSipTransportName, string>): LanPeer | 'invalid' | 'self' | undefined {
    let txt: LanTxtInfoLike | undefined;
    let host: string | undefined;
    const services: Array<{ transport: LanSipTransportName; port: number }> = [];
    for (const transport of ['tcp', 'udp'] as const) {
      const fqdn = transports.get(transport);
      if (!fqdn) continue;
      const srv = this.newest(fqdn, 'SRV');
      const txtEntry = this.newest(fqdn, 'TXT');
      if (!srv || srv.record.type !== 'SRV' || !txtEntry || txtEntry.record.type !== 'TXT') continue;
      const parsed = parseLanTxt(txtEntry.record.data, this.maxTxtBytes);
      if (!parsed.ok) return 'invalid';
      if (parsed.info.instanceId === this.options.selfInstanceId) return 'self';
      txt ??= parsed.info;
      host ??= srv.record.data.target;
      services.push({ transport, port: srv.record.data.port });
    }
    if (!txt || !host) return undefined;
    const addresses = this.addressesOf(host);
    if (addresses.length === 0) return undefined;
    return {
      instanceName,
      instanceId: txt.instanceId,
      displayName: txt.displayName ?? instanceName,
      contact: txt.contact,
      host,
      addresses,
      services,
    };
  }

  private endedByGoodbye(peer: LanPeer, ended: ReadonlySet<string>): boolean {
    const names = [peer.host, ...peer.services.map((service) => `${peer.instanceName}.${LAN_SIP_SERVICE_TYPES[service.transport]}`)];
    return names.some((name) => ended.has(name.toLowerCase()));
  }

  private addressesOf(host: string): string[] {
    const addresses = new Set<string>();
    for (const entry of this.cache.values()) {
      const record = entry.record;
      if ((record.type === 'A' || record.type === 'AAAA') && sameName(record.name, host)) addresses.add(record.data);
    }
    return [...addresses].sort();
  }

  private *live(type: MdnsRecord['type']): Iterable<CacheEntry> {
    for (const entry of this.cache.values()) if (entry.record.type === type) yield entry;
  }

  /** The most recently received record of this name and type (a cache-flushed older one may linger 1 s). */
  private newest(name: string, type: MdnsRecord['type']): CacheEntry | undefined {
    let best: CacheEntry | undefined;
    for (const entry of this.cache.values()) {
      if (entry.record.type !== type || !sameName(entry.record.name, name)) continue;
      if (!best || entry.receivedAt >= best.receivedAt) best = entry;
    }
    return best;
  }
}

type LanTxtInfoLike = { readonly contact: string; readonly instanceId: string; readonly displayName: string | undefined };

/** RFC 6762 §16: names compare case-insensitively (ASCII); a trailing root dot is the same name. */
function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
}

function recordKey(record: MdnsRecord): string {
  const name = record.name.replace(/\.$/, '').toLowerCase();
  switch (record.type) {
    case 'PTR':
      return `${name}|PTR|${record.data.toLowerCase()}`;
    case 'SRV':
      return `${name}|SRV|${record.data.target.toLowerCase()}:${record.data.port}`;
    case 'TXT':
      return `${name}|TXT|${Buffer.concat(record.data.map((item) => Buffer.concat([Buffer.from([item.length & 0xff]), item]))).toString('base64')}`;
    default:
      return `${name}|${record.type}|${record.data}`;
  }
}

function samePeer(a: LanPeer, b: LanPeer): boolean {
  return (
    a.instanceId === b.instanceId &&
    a.displayName === b.displayName &&
    a.contact === b.contact &&
    a.host === b.host &&
    a.addresses.join(',') === b.addresses.join(',') &&
    a.services.map((service) => `${service.transport}:${service.port}`).join(',') ===
      b.services.map((service) => `${service.transport}:${service.port}`).join(',')
  );
}
