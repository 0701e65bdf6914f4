import { isIPv4 } from 'node:net';
import makeMdns from 'multicast-dns';
import type { SipLogger } from '../sip-logger';
import { silentSipLogger } from '../sip-logger';
import { LanError } from './lan-error';

/**
 * The few mDNS records DNS-SD needs (RFC 6763 §4–§6): our own shapes, so the presence logic never sees the
 * wire library's loosely typed objects and a test can drive it with a fake transport.
 */
export type MdnsRecordType = 'PTR' | 'SRV' | 'TXT' | 'A' | 'AAAA';

export interface MdnsSrvData {
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

interface RecordBase<T extends MdnsRecordType, D> {
  readonly name: string;
  readonly type: T;
  /** Seconds; 0 is a goodbye (RFC 6762 §10.1). */
  readonly ttl: number;
  /** The cache-flush bit (RFC 6762 §10.2): this record set is unique and replaces older copies. */
  readonly flush: boolean;
  readonly data: D;
}

export type MdnsRecord =
  | RecordBase<'PTR', string>
  | RecordBase<'SRV', MdnsSrvData>
  | RecordBase<'TXT', readonly Buffer[]>
  | RecordBase<'A' | 'AAAA', string>;

export interface MdnsQuestion {
  readonly name: string;
  readonly type: MdnsRecordType | 'ANY';
}

/** One received mDNS message, already reduced to the records we understand. */
export interface MdnsPacket {
  readonly kind: 'query' | 'response';
  readonly questions: readonly MdnsQuestion[];
  /** Response: answers then additionals (all cacheable). Query: its known answers (RFC 6762 §7.1). */
  readonly records: readonly MdnsRecord[];
}

export interface MdnsOutgoing {
  readonly kind: 'query' | 'response';
  readonly questions?: readonly MdnsQuestion[];
  readonly answers?: readonly MdnsRecord[];
  readonly additionals?: readonly MdnsRecord[];
}

export interface MdnsSource {
  readonly address: string;
  readonly port: number;
}

/** What LanPresence needs from the network: send to the group, hear the group, close. */
export interface MdnsTransport {
  send(packet: MdnsOutgoing): Promise<void>;
  /** One listener; set before the first packet can arrive matters not: packets before it are dropped. */
  onPacket(listener: (packet: MdnsPacket, source: MdnsSource) => void): void;
  close(): Promise<void>;
}

export interface MulticastDnsTransportOptions {
  /** IPv4 address of the interface to join the group on and send from (RFC 6762 §5). */
  readonly interfaceAddress: string;
  /** Defaults to 5353 and 224.0.0.251 (RFC 6762 §3); other values only for tests. */
  readonly port?: number | undefined;
  readonly group?: string | undefined;
  readonly logger?: SipLogger | undefined;
}

export const MDNS_PORT = 5353;
export const MDNS_IPV4_GROUP = '224.0.0.251';

/**
 * An mDNS socket on one interface, over the `multicast-dns` package. The socket is bound to the wildcard
 * address (a socket bound to a unicast address never receives datagrams sent to the group on Linux) and
 * joins the group only on `interfaceAddress`, which is also the outgoing multicast interface. Undecodable
 * datagrams are dropped with a debug line; nothing from the network throws.
 */
export async function createMulticastDnsTransport(options: MulticastDnsTransportOptions): Promise<MdnsTransport> {
  if (!isIPv4(options.interfaceAddress)) {
    throw new LanError('sip/lan-invalid-option', `mDNS needs an IPv4 interface address, got "${options.interfaceAddress}"`);
  }
  const logger = options.logger ?? silentSipLogger;
  const mdns = makeMdns({
    interface: options.interfaceAddress,
    bind: '0.0.0.0',
    port: options.port ?? MDNS_PORT,
    ip: options.group ?? MDNS_IPV4_GROUP,
    // RFC 6762 §11: link-local scope; 255 is what receivers check where they can see it.
    ttl: 255,
    loopback: true,
    reuseAddr: true,
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      mdns.destroy();
      reject(new LanError('sip/lan-mdns-failed', `mDNS socket: ${error.message}`, { cause: error }));
    };
    mdns.once('error', onError);
    mdns.once('ready', () => {
      mdns.off('error', onError);
      resolve();
    });
  });
  let listener: ((packet: MdnsPacket, source: MdnsSource) => void) | undefined;
  let closed = false;
  mdns.on('error', (error: Error) => logger.warn(`mDNS socket error: ${error.message}`));
  mdns.on('warning', (error: Error) => logger.debug(`mDNS: dropped a datagram or membership change: ${error.message}`));
  mdns.on('packet', (raw: unknown, rinfo: { address: string; port: number }) => {
    if (closed || !listener) return;
    const packet = normalizePacket(raw);
    if (!packet) return;
    try {
      listener(packet, { address: rinfo.address, port: rinfo.port });
    } catch (error) {
      logger.warn(`mDNS packet handler failed: ${String(error)}`);
    }
  });
  return {
    send(packet: MdnsOutgoing): Promise<void> {
      if (closed) return Promise.resolve();
      const wire = {
        type: packet.kind,
        // RFC 6762 §18.2/§18.4: responses are authoritative; multicast-dns sets the AA bit in respond().
        questions: (packet.questions ?? []).map((question) => ({ name: question.name, type: question.type, class: 'IN' as const })),
        answers: (packet.answers ?? []).map(toWire),
        additionals: (packet.additionals ?? []).map(toWire),
      };
      return new Promise((resolve, reject) => {
        const done = (error: Error | null): void =>
          error ? reject(new LanError('sip/lan-send-failed', `mDNS send: ${error.message}`, { cause: error })) : resolve();
        // The library's typings are narrower than its runtime (it accepts any dns-packet Packet).
        if (packet.kind === 'query') mdns.query(wire as never, done);
        else mdns.respond(wire as never, done);
      });
    },
    onPacket(next) {
      listener = next;
    },
    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      listener = undefined;
      mdns.removeAllListeners();
      return new Promise((resolve) => mdns.destroy(() => resolve()));
    },
  };
}

function toWire(record: MdnsRecord): Record<string, unknown> {
  return { name: record.name, type: record.type, class: 'IN', ttl: record.ttl, flush: record.flush, data: record.data };
}

/** Reduces a decoded dns-packet message to our shapes; anything malformed or irrelevant is left out. */
export function normalizePacket(raw: unknown): MdnsPacket | undefined {
  if (!isObject(raw)) return undefined;
  const kind = raw['type'];
  if (kind !== 'query' && kind !== 'response') return undefined;
  const questions: MdnsQuestion[] = [];
  for (const question of arrayOf(raw['questions'])) {
    if (!isObject(question) || typeof question['name'] !== 'string') continue;
    const type = question['type'];
    if (type === 'PTR' || type === 'SRV' || type === 'TXT' || type === 'A' || type === 'AAAA' || type === 'ANY') {
      questions.push({ name: question['name'], type });
    }
  }
  const records: MdnsRecord[] = [];
  for (const answer of [...arrayOf(raw['answers']), ...arrayOf(raw['additionals'])]) {
    const record = normalizeRecord(answer);
    if (record) records.push(record);
  }
  return { kind, questions, records };
}

export function normalizeRecord(raw: unknown): MdnsRecord | undefined {
  if (!isObject(raw)) return undefined;
  const { name, type, ttl, data } = raw;
  const recordClass = raw['class'];
  if (typeof name !== 'string' || typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) return undefined;
  // RFC 6762 §10.2: the top bit of the class is the cache-flush bit (dns-packet splits it into `flush`).
  if (recordClass !== undefined && recordClass !== 'IN') return undefined;
  const flush = raw['flush'] === true;
  switch (type) {
    case 'PTR':
      return typeof data === 'string' ? { name, type, ttl, flush, data } : undefined;
    case 'A':
    case 'AAAA':
      return typeof data === 'string' ? { name, type, ttl, flush, data } : undefined;
    case 'SRV': {
      if (!isObject(data)) return undefined;
      const { target, port } = data;
      if (typeof target !== 'string' || typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
      const priority = typeof data['priority'] === 'number' ? data['priority'] : 0;
      const weight = typeof data['weight'] === 'number' ? data['weight'] : 0;
      return { name, type, ttl, flush, data: { target, port, priority, weight } };
    }
    case 'TXT': {
      const strings = (Array.isArray(data) ? data : [data]).filter((item): item is Buffer | string => Buffer.isBuffer(item) || typeof item === 'string');
      return { name, type, ttl, flush, data: strings.map((item) => (Buffer.isBuffer(item) ? item : Buffer.from(item, 'utf8'))) };
    }
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
