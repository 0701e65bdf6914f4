import { promises as dns } from 'node:dns';

/**
 * Finds the MSRP relay of a domain when none is configured (RFC 4976 §6.2: DNS SRV, `_msrps._tcp` for TLS,
 * then `_msrp._tcp`), ordered as RFC 2782 says: lowest priority first, weighted random within one priority.
 * When the domain has no SRV records at all the domain itself on the default port is tried.
 */
export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** Shaped like `dns.promises.resolveSrv`; rejects with ENOTFOUND/ENODATA when there is no record. */
export type SrvResolver = (name: string) => Promise<readonly SrvRecord[]>;

export interface RelayCandidate {
  readonly scheme: 'msrp' | 'msrps';
  readonly host: string;
  readonly port: number;
}

export interface DiscoverRelayOptions {
  readonly resolveSrv?: SrvResolver;
  /** Query `_msrp._tcp` (plain TCP) after `_msrps._tcp`; default true. */
  readonly allowPlain?: boolean;
  /** Fall back to the domain itself when no SRV record exists; default true. */
  readonly fallbackToDomain?: boolean;
  /** Scheme of the fallback candidate; default msrps. */
  readonly fallbackScheme?: 'msrp' | 'msrps';
  /** Injected randomness for the weighted pick, [0, 1). */
  readonly random?: () => number;
}

/** RFC 4975 §6: the default MSRP port. */
export const MSRP_DEFAULT_PORT = 2855;

/** Errors that only mean "no such record"; anything else (timeouts, SERVFAIL) is reported. */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

export async function discoverRelay(domain: string, options: DiscoverRelayOptions = {}): Promise<RelayCandidate[]> {
  const resolveSrv = options.resolveSrv ?? ((name: string) => dns.resolveSrv(name));
  const random = options.random ?? Math.random;
  const queries: Array<{ scheme: 'msrp' | 'msrps'; name: string }> = [{ scheme: 'msrps', name: `_msrps._tcp.${domain}` }];
  if (options.allowPlain !== false) queries.push({ scheme: 'msrp', name: `_msrp._tcp.${domain}` });

  const candidates: RelayCandidate[] = [];
  for (const query of queries) {
    let records: readonly SrvRecord[];
    try {
      records = await resolveSrv(query.name);
    } catch (error) {
      if (NO_RECORD.has((error as NodeJS.ErrnoException).code ?? '')) continue;
      throw error;
    }
    // RFC 2782: a single record with target "." means the service is decidedly not available.
    const usable = records.filter((record) => record.name !== '.' && record.name !== '');
    for (const record of orderSrvRecords(usable, random)) {
      candidates.push({ scheme: query.scheme, host: record.name.replace(/\.$/, ''), port: record.port });
    }
  }
  if (candidates.length === 0 && options.fallbackToDomain !== false) {
    candidates.push({ scheme: options.fallbackScheme ?? 'msrps', host: domain, port: MSRP_DEFAULT_PORT });
  }
  return candidates;
}

/** RFC 2782 "Usage rules": ascending priority; within a priority a weighted random order. */
export function orderSrvRecords(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const record of records) byPriority.set(record.priority, [...(byPriority.get(record.priority) ?? []), record]);
  const ordered: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // Zero-weight records first so that they get a small chance, as RFC 2782 suggests.
    const pool = [...(byPriority.get(priority) ?? [])].sort((a, b) => a.weight - b.weight);
    while (pool.length > 0) {
      const total = pool.reduce((sum, record) => sum + record.weight, 0);
      const threshold = random() * (total + 1);
      let running = 0;
      let index = pool.findIndex((record) => (running += record.weight) >= threshold);
      if (index < 0) index = pool.length - 1;
      ordered.push(...pool.splice(index, 1));
    }
  }
  return ordered;
}
