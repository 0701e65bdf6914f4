import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { SipError } from './sip-error';

/**
 * RFC 3263 §4: locating a SIP server (NAPTR → SRV → A/AAAA) for the next hop of an account's requests.
 * Returns every candidate in order so a transport can fail over to the next one (RFC 3263 §4.3).
 */
export type SipTransportName = 'udp' | 'tcp' | 'tls';

export interface SipTarget {
  /** A numeric IPv4 or IPv6 address. */
  readonly host: string;
  readonly port: number;
  readonly transport: SipTransportName;
}

/** The parts of a SIP URI resolution looks at (RFC 3263 §4.1, §4.2). */
export interface SipHostSpec {
  readonly host: string;
  readonly port?: number | undefined;
  /** The URI's `transport` parameter, or the account's explicit transport choice. */
  readonly transport?: SipTransportName | undefined;
  /** A `sips:` URI: only TLS may be used (RFC 3263 §4.1). */
  readonly secure?: boolean | undefined;
}

export interface NaptrAnswer {
  readonly flags: string;
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
  readonly order: number;
  readonly preference: number;
}

export interface SrvAnswer {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** The DNS lookups resolution needs; `node:dns` by default, a fake in tests. */
export interface SipDnsResolver {
  resolveNaptr(name: string): Promise<readonly NaptrAnswer[]>;
  resolveSrv(name: string): Promise<readonly SrvAnswer[]>;
  resolve4(name: string): Promise<readonly string[]>;
  resolve6(name: string): Promise<readonly string[]>;
}

export const nodeDnsResolver: SipDnsResolver = {
  resolveNaptr: (name) => dns.resolveNaptr(name),
  resolveSrv: (name) => dns.resolveSrv(name),
  resolve4: (name) => dns.resolve4(name),
  resolve6: (name) => dns.resolve6(name),
};

export interface ResolveTargetOptions {
  /** The request's destination: the registrar / AoR domain. */
  readonly uri: SipHostSpec;
  /** The account's outbound proxy: when set, it is resolved instead of `uri` (RFC 3261 §8.1.2). */
  readonly outboundProxy?: SipHostSpec | undefined;
  /** Transports this client can use, in its order of preference. */
  readonly supportedTransports?: readonly SipTransportName[];
  readonly resolver?: SipDnsResolver;
  /** Random source for RFC 2782 weighted selection among equal-priority SRV records. */
  readonly random?: () => number;
}

const DEFAULT_PORT: Record<SipTransportName, number> = { udp: 5060, tcp: 5060, tls: 5061 };
/** RFC 3263 §4.1 service fields and SRV prefixes (RFC 3263 §4.1, RFC 3261 §26.2). */
const NAPTR_SERVICE: Record<string, SipTransportName> = { 'SIP+D2U': 'udp', 'SIP+D2T': 'tcp', 'SIPS+D2T': 'tls' };
const SRV_PREFIX: Record<SipTransportName, string> = { udp: '_sip._udp.', tcp: '_sip._tcp.', tls: '_sips._tcp.' };

export async function resolveTarget(options: ResolveTargetOptions): Promise<SipTarget[]> {
  const spec = options.outboundProxy ?? options.uri;
  const resolver = options.resolver ?? nodeDnsResolver;
  const random = options.random ?? Math.random;
  let supported = [...(options.supportedTransports ?? ['udp', 'tcp', 'tls'])];
  if (spec.secure) supported = supported.filter((transport) => transport === 'tls');
  if (spec.transport && !supported.includes(spec.transport)) {
    throw new SipError('sip/resolve-failed', `transport ${spec.transport} is not usable for ${spec.host}`);
  }
  const host = spec.host.replace(/^\[|\]$/g, '');

  // RFC 3263 §4.1: an explicit transport parameter wins; a numeric host or an explicit port means no NAPTR,
  // and the transport is UDP for sip, TLS for sips (here: the first supported).
  const numeric = isIP(host) !== 0;
  let transport: SipTransportName | undefined = spec.transport;
  if (!transport && (numeric || spec.port !== undefined)) {
    transport = spec.secure ? 'tls' : supported.includes('udp') ? 'udp' : supported[0];
  }
  if (numeric) {
    if (!transport) throw new SipError('sip/resolve-failed', 'no usable transport');
    return [{ host, port: spec.port ?? DEFAULT_PORT[transport], transport }];
  }
  // RFC 3263 §4.2: an explicit port means A/AAAA only, no SRV.
  if (spec.port !== undefined && transport) {
    return addresses(resolver, host, spec.port, transport);
  }

  if (!transport) {
    const fromNaptr = await viaNaptr(resolver, host, supported, random);
    if (fromNaptr.length > 0) return fromNaptr;
  }
  // RFC 3263 §4.1: no NAPTR records: SRV queries for each supported transport (or the chosen one).
  const srvTransports = transport ? [transport] : supported;
  for (const candidate of srvTransports) {
    const targets = await viaSrv(resolver, SRV_PREFIX[candidate] + host, candidate, random);
    if (targets.length > 0) return targets;
  }
  // RFC 3263 §4.2: no SRV records: A/AAAA on the default port; UDP for sip, TLS for sips.
  const fallback = transport ?? (spec.secure ? 'tls' : supported.includes('udp') ? 'udp' : supported[0]);
  if (!fallback) throw new SipError('sip/resolve-failed', 'no usable transport');
  return addresses(resolver, host, DEFAULT_PORT[fallback], fallback);
}

async function viaNaptr(
  resolver: SipDnsResolver,
  host: string,
  supported: readonly SipTransportName[],
  random: () => number,
): Promise<SipTarget[]> {
  const answers = await quietly(resolver.resolveNaptr(host));
  // RFC 3263 §4.1: keep the services we support, ordered by order then preference; "S" flag → SRV name.
  const usable = answers
    .filter((answer) => answer.flags.toLowerCase() === 's' && NAPTR_SERVICE[answer.service.toUpperCase()] !== undefined)
    .filter((answer) => supported.includes(NAPTR_SERVICE[answer.service.toUpperCase()] as SipTransportName))
    .sort((a, b) => a.order - b.order || a.preference - b.preference);
  const targets: SipTarget[] = [];
  for (const answer of usable) {
    const transport = NAPTR_SERVICE[answer.service.toUpperCase()] as SipTransportName;
    targets.push(...(await viaSrv(resolver, answer.replacement, transport, random)));
  }
  return targets;
}

async function viaSrv(resolver: SipDnsResolver, name: string, transport: SipTransportName, random: () => number): Promise<SipTarget[]> {
  const records = orderSrv(await quietly(resolver.resolveSrv(name)), random);
  const targets: SipTarget[] = [];
  for (const record of records) targets.push(...(await addresses(resolver, record.name, record.port, transport, true)));
  return targets;
}

/** RFC 2782: lowest priority first; within a priority, weighted random order. */
export function orderSrv(records: readonly SrvAnswer[], random: () => number): SrvAnswer[] {
  const byPriority = new Map<number, SrvAnswer[]>();
  for (const record of records) byPriority.set(record.priority, [...(byPriority.get(record.priority) ?? []), record]);
  const ordered: SrvAnswer[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    const pool = [...(byPriority.get(priority) ?? [])].sort((a, b) => a.weight - b.weight);
    while (pool.length > 0) {
      const total = pool.reduce((sum, record) => sum + record.weight, 0);
      const threshold = random() * total;
      let running = 0;
      let index = pool.findIndex((record) => (running += record.weight) >= threshold);
      if (index < 0) index = 0;
      ordered.push(...pool.splice(index, 1));
    }
  }
  return ordered;
}

async function addresses(
  resolver: SipDnsResolver,
  host: string,
  port: number,
  transport: SipTransportName,
  tolerateEmpty = false,
): Promise<SipTarget[]> {
  if (isIP(host) !== 0) return [{ host, port, transport }];
  const [v4, v6] = await Promise.all([quietly(resolver.resolve4(host)), quietly(resolver.resolve6(host))]);
  const targets = [...v4, ...v6].map((address) => ({ host: address, port, transport }));
  if (targets.length === 0 && !tolerateEmpty) {
    throw new SipError('sip/resolve-failed', `${host} has no A/AAAA records`);
  }
  return targets;
}

/** A name with no records of a type is an ordinary answer here (ENODATA/ENOTFOUND), not a failure. */
async function quietly<T>(lookup: Promise<readonly T[]>): Promise<readonly T[]> {
  try {
    return await lookup;
  } catch {
    return [];
  }
}
