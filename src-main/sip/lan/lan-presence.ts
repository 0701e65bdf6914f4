import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { SipEventEmitter, type Unsubscribe } from '../sip-event-emitter';
import { type SipLogger, silentSipLogger } from '../sip-logger';
import {
  LAN_SIP_SERVICE_TYPES,
  type LanSipTransportName,
  makeHostName,
  makeInstanceName,
  parseLanTxt,
  randomInstanceSuffix,
} from './dns-sd-records';
import { type LanAdvertisementData, advertisementRecords, answerQuery, ownedNames, sameName } from './lan-advertisement';
import { LanError } from './lan-error';
import { type LanPeer, type LanPeerChange, type LanPeerDisappearReason, LanPeerTable } from './lan-peer-table';
import { MDNS_PORT, type MdnsPacket, type MdnsQuestion, type MdnsSource, type MdnsTransport, createMulticastDnsTransport } from './mdns-transport';

export interface LanPresenceOptions {
  /** Shown to other users; the instance name is this plus a short unique suffix (RFC 6763 §4.1.1). */
  readonly displayName: string;
  /** Stable id of this client (kept across restarts), sent in TXT `instance`. */
  readonly instanceId: string;
  /** Our SIP contact URI, sent in TXT `contact`. */
  readonly contact: string;
  /** IPv4 address of the interface to advertise on and browse from; also our A record. */
  readonly interfaceAddress: string;
  /** The listening SIP sockets to advertise, one `_sip._<transport>` service each. */
  readonly services: readonly { readonly transport: LanSipTransportName; readonly port: number }[];
  /** Defaults to four random hex digits. */
  readonly instanceSuffix?: string | undefined;
  /** SRV target; defaults to `parley-<id>.local` (never the machine's own mDNS name, which another responder owns). */
  readonly hostName?: string | undefined;
  /** The mDNS socket; defaults to multicast-dns on `interfaceAddress`, port 5353. */
  readonly transportFactory?: (() => Promise<MdnsTransport>) | undefined;
  /** RFC 6762 §10 defaults: 120 s and 4500 s. */
  readonly hostTtlSeconds?: number | undefined;
  readonly otherTtlSeconds?: number | undefined;
  /** RFC 6762 §8.3: at least two announcements, one second apart (defaults 3 and 1000 ms, interval doubling). */
  readonly announceCount?: number | undefined;
  readonly announceIntervalMs?: number | undefined;
  /** RFC 6762 §5.2: browse queries start 1 s apart and double up to this (default 60 min). */
  readonly maxQueryIntervalMs?: number | undefined;
  readonly maxPeers?: number | undefined;
  readonly maxRecords?: number | undefined;
  readonly maxTxtBytes?: number | undefined;
  /** Which senders are on our link (RFC 6762 §11); defaults to the interface's subnet when known. */
  readonly acceptSource?: ((address: string) => boolean) | undefined;
  readonly logger?: SipLogger | undefined;
  readonly now?: (() => number) | undefined;
}

export type LanPresenceEvents = {
  peerAppeared: LanPeer;
  peerUpdated: { readonly peer: LanPeer; readonly previous: LanPeer };
  peerDisappeared: { readonly peer: LanPeer; readonly reason: LanPeerDisappearReason };
};

export type LanPresenceUpdate = Partial<Pick<LanPresenceOptions, 'displayName' | 'contact' | 'services'>>;

export enum LanPresenceState {
  Idle = 'idle',
  Starting = 'starting',
  Running = 'running',
  Stopped = 'stopped',
}

const INITIAL_QUERY_INTERVAL_MS = 1_000;
/** RFC 6762 §5.2 / §6: never ask the same question or repeat the same answer more than once a second. */
const MIN_REPEAT_MS = 1_000;

/**
 * This client on the link as a DNS-SD service (RFC 6763) over mDNS (RFC 6762): it announces its `_sip._tcp` /
 * `_sip._udp` instance, answers queries for it, browses for other instances, resolves them (SRV, TXT, A) and
 * reports peers appearing, changing and leaving (goodbye or TTL expiry). Its own records are never reported.
 * Probing (§8.1) is replaced by a random instance suffix plus conflict handling (§9): a different SRV/TXT for
 * our instance name renames us.
 */
export class LanPresence {
  private readonly events = new SipEventEmitter<LanPresenceEvents>();
  private readonly logger: SipLogger;
  private readonly now: () => number;
  private readonly table: LanPeerTable;
  private readonly acceptSource: (address: string) => boolean;
  private data: LanAdvertisementData;
  private owned: Set<string>;
  private transport: MdnsTransport | undefined;
  private current = LanPresenceState.Idle;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private browseTimer: ReturnType<typeof setTimeout> | undefined;
  private queryInterval = INITIAL_QUERY_INTERVAL_MS;
  private readonly lastAsked = new Map<string, number>();

  constructor(private readonly options: LanPresenceOptions) {
    if (!isIPv4(options.interfaceAddress)) throw new LanError('sip/lan-invalid-option', `not an IPv4 address: ${options.interfaceAddress}`);
    if (options.services.length === 0) throw new LanError('sip/lan-invalid-option', 'nothing to advertise: no services');
    this.logger = options.logger ?? silentSipLogger;
    this.now = options.now ?? Date.now;
    this.acceptSource = options.acceptSource ?? sameSubnetAs(options.interfaceAddress);
    this.data = {
      instanceName: makeInstanceName(options.displayName, options.instanceSuffix ?? randomInstanceSuffix()),
      instanceId: options.instanceId,
      displayName: options.displayName,
      contact: options.contact,
      hostName: options.hostName ?? makeHostName(options.instanceId),
      address: options.interfaceAddress,
      services: [...options.services],
      hostTtlSeconds: options.hostTtlSeconds ?? 120,
      otherTtlSeconds: options.otherTtlSeconds ?? 4_500,
    };
    // Fails early (LanError) when a TXT value cannot be encoded.
    advertisementRecords(this.data);
    this.owned = ownedNames(this.data);
    this.table = new LanPeerTable({
      selfInstanceId: options.instanceId,
      maxPeers: options.maxPeers,
      maxRecords: options.maxRecords,
      maxTxtBytes: options.maxTxtBytes,
      onLimit: (what) => this.logger.warn(`LAN presence: ${what}`),
    });
  }

  on<K extends keyof LanPresenceEvents>(event: K, listener: (payload: LanPresenceEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  get state(): LanPresenceState {
    return this.current;
  }

  /** The instance name currently advertised (`<display name> (<suffix>)`). */
  get instanceName(): string {
    return this.data.instanceName;
  }

  get hostName(): string {
    return this.data.hostName;
  }

  get peers(): readonly LanPeer[] {
    return this.table.peers;
  }

  /** Opens the mDNS socket, announces (RFC 6762 §8.3) and starts browsing (RFC 6763 §4). */
  async start(): Promise<void> {
    if (this.current !== LanPresenceState.Idle) throw new LanError('sip/lan-not-started', `cannot start a presence that is ${this.current}`);
    this.current = LanPresenceState.Starting;
    let transport: MdnsTransport;
    try {
      transport = await (this.options.transportFactory ?? (() => createMulticastDnsTransport({ interfaceAddress: this.options.interfaceAddress, logger: this.logger })))();
    } catch (error) {
      this.current = LanPresenceState.Stopped;
      throw error instanceof LanError ? error : new LanError('sip/lan-mdns-failed', `mDNS socket: ${String(error)}`, { cause: error });
    }
    if ((this.current as LanPresenceState) !== LanPresenceState.Starting) {
      await transport.close();
      return;
    }
    this.transport = transport;
    transport.onPacket((packet, source) => this.onPacket(packet, source));
    this.current = LanPresenceState.Running;
    this.announce(this.options.announceCount ?? 3, this.options.announceIntervalMs ?? 1_000);
    this.browse();
  }

  /**
   * Changes what is advertised (RFC 6762 §8.4: changed records are announced again). A new display name is a new
   * instance name: the old one says goodbye first.
   */
  async update(change: LanPresenceUpdate): Promise<void> {
    const previous = this.data;
    const displayName = change.displayName ?? previous.displayName;
    this.data = {
      ...previous,
      displayName,
      instanceName: displayName === previous.displayName ? previous.instanceName : makeInstanceName(displayName, randomInstanceSuffix()),
      contact: change.contact ?? previous.contact,
      services: change.services ? [...change.services] : previous.services,
    };
    try {
      advertisementRecords(this.data);
    } catch (error) {
      this.data = previous;
      throw error;
    }
    this.owned = new Set([...ownedNames(this.data), ...ownedNames(previous)]);
    if (this.current !== LanPresenceState.Running) return;
    if (previous.instanceName !== this.data.instanceName || previous.services.length !== this.data.services.length) {
      await this.sendGoodbye(previous);
    }
    this.owned = ownedNames(this.data);
    this.announce(this.options.announceCount ?? 3, this.options.announceIntervalMs ?? 1_000);
  }

  /** Says goodbye (RFC 6762 §10.1: our records with TTL 0), closes the socket and clears every timer. */
  async stop(): Promise<void> {
    if (this.current === LanPresenceState.Stopped) return;
    const wasRunning = this.current === LanPresenceState.Running;
    this.current = LanPresenceState.Stopped;
    this.clearTimers();
    const transport = this.transport;
    this.transport = undefined;
    if (transport) {
      if (wasRunning) await this.sendGoodbye(this.data, transport);
      await transport.close();
    }
    for (const change of this.table.clear()) this.emitChange(change);
    this.events.dispose();
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  private announce(remaining: number, intervalMs: number): void {
    if (remaining <= 0 || this.current !== LanPresenceState.Running) return;
    this.send({ kind: 'response', answers: advertisementRecords(this.data) });
    // RFC 6762 §8.3: the interval between announcements SHOULD at least double each time.
    this.later(intervalMs, () => this.announce(remaining - 1, intervalMs * 2));
  }

  private browse(): void {
    if (this.current !== LanPresenceState.Running) return;
    const questions: MdnsQuestion[] = Object.values(LAN_SIP_SERVICE_TYPES).map((name) => ({ name, type: 'PTR' }));
    // RFC 6762 §7.1: list the PTR answers we hold (with over half their TTL left) so their owners need not answer.
    this.send({ kind: 'query', questions, answers: this.table.knownAnswers(this.now()) });
    const delay = this.queryInterval;
    this.queryInterval = Math.min(this.queryInterval * 2, this.options.maxQueryIntervalMs ?? 3_600_000);
    if (this.browseTimer) clearTimeout(this.browseTimer);
    this.browseTimer = setTimeout(() => {
      this.browseTimer = undefined;
      this.browse();
    }, delay);
  }

  private onPacket(packet: MdnsPacket, source: MdnsSource): void {
    if (this.current !== LanPresenceState.Running) return;
    if (!this.acceptSource(source.address)) return;
    if (packet.kind === 'query') {
      // Legacy unicast queries (RFC 6762 §6.7) are not answered: the LAN account speaks to mDNS responders only.
      if (source.port === MDNS_PORT) this.answer(packet);
      return;
    }
    // RFC 6762 §6: responses not sent from port 5353 are silently ignored.
    if (source.port !== MDNS_PORT) return;
    const foreign = packet.records.filter((record) => !this.isOwn(record));
    if (this.detectConflict(packet)) return;
    this.applyChanges(this.table.ingest(foreign, this.now()));
    this.askMissing();
  }

  private answer(packet: MdnsPacket): void {
    const { answers, additionals, shared } = answerQuery(this.data, packet.questions, packet.records);
    if (answers.length === 0) return;
    // RFC 6762 §6: answers to shared records are delayed 20–120 ms so that responders do not collide.
    const delay = shared ? 20 + Math.floor(Math.random() * 100) : 0;
    this.later(delay, () => this.send({ kind: 'response', answers, additionals }));
  }

  /**
   * RFC 6762 §9: another responder answers for our instance name (an SRV to another host, or a TXT with
   * another instance id): take a new name. Our own announcements looping back (possibly older ones, after an
   * update) always carry our host and id, so they never count.
   */
  private detectConflict(packet: MdnsPacket): boolean {
    const conflict = packet.records.some((record) => {
      if (record.ttl === 0 || !this.owned.has(record.name.replace(/\.$/, '').toLowerCase())) return false;
      if (record.type === 'SRV') return !sameName(record.data.target, this.data.hostName);
      if (record.type === 'TXT') {
        const parsed = parseLanTxt(record.data, Number.POSITIVE_INFINITY);
        return !parsed.ok || parsed.info.instanceId !== this.data.instanceId;
      }
      return false;
    });
    if (!conflict) return false;
    const taken = this.data.instanceName;
    this.data = { ...this.data, instanceName: makeInstanceName(this.data.displayName, randomInstanceSuffix()) };
    this.owned = ownedNames(this.data);
    this.logger.warn(`LAN presence: another responder uses "${taken}"; now "${this.data.instanceName}"`);
    this.announce(this.options.announceCount ?? 3, this.options.announceIntervalMs ?? 1_000);
    return true;
  }

  private isOwn(record: { readonly name: string; readonly type: string; readonly data: unknown }): boolean {
    if (this.owned.has(record.name.replace(/\.$/, '').toLowerCase())) return true;
    return record.type === 'PTR' && typeof record.data === 'string' && this.owned.has(record.data.replace(/\.$/, '').toLowerCase());
  }

  private applyChanges(changes: readonly LanPeerChange[]): void {
    for (const change of changes) this.emitChange(change);
    this.scheduleDeadline();
  }

  private emitChange(change: LanPeerChange): void {
    try {
      if (change.kind === 'appeared') this.events.emit('peerAppeared', change.peer);
      else if (change.kind === 'updated') this.events.emit('peerUpdated', { peer: change.peer, previous: change.previous });
      else this.events.emit('peerDisappeared', { peer: change.peer, reason: change.reason });
    } catch (error) {
      this.logger.warn(`LAN presence listener failed: ${String(error)}`);
    }
  }

  /** One timer for the table's next expiry or refresh (RFC 6762 §5.2, §10). */
  private scheduleDeadline(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    const next = this.table.nextDeadline();
    if (next === undefined || this.current !== LanPresenceState.Running) return;
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      const now = this.now();
      const questions = this.table.refreshQuestions(now);
      if (questions.length > 0) this.send({ kind: 'query', questions });
      this.applyChanges(this.table.expire(now));
    }, Math.max(0, next - this.now()) + 5);
  }

  private askMissing(): void {
    const now = this.now();
    for (const [key, at] of this.lastAsked) if (now - at >= MIN_REPEAT_MS) this.lastAsked.delete(key);
    const questions = this.table.missingQuestions().filter((question) => {
      const key = `${question.name.toLowerCase()}|${question.type}`;
      if (this.lastAsked.has(key)) return false;
      this.lastAsked.set(key, now);
      return true;
    });
    if (questions.length > 0) this.send({ kind: 'query', questions });
  }

  private async sendGoodbye(data: LanAdvertisementData, transport = this.transport): Promise<void> {
    await transport?.send({ kind: 'response', answers: advertisementRecords(data, 0) }).catch((error: unknown) => {
      this.logger.warn(`LAN presence: goodbye not sent: ${String(error)}`);
    });
  }

  private send(packet: Parameters<MdnsTransport['send']>[0]): void {
    this.transport?.send(packet).catch((error: unknown) => this.logger.warn(`LAN presence: mDNS send failed: ${String(error)}`));
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    if (this.browseTimer) clearTimeout(this.browseTimer);
    this.deadlineTimer = this.browseTimer = undefined;
    this.lastAsked.clear();
  }
}

/** RFC 6762 §11: only senders on our link count; the interface's subnet tells which, when the OS knows it. */
function sameSubnetAs(interfaceAddress: string): (address: string) => boolean {
  const entry = Object.values(networkInterfaces())
    .flat()
    .find((info) => info?.address === interfaceAddress && info.family === 'IPv4');
  if (!entry) return () => true;
  const mask = toNumber(entry.netmask);
  const network = toNumber(interfaceAddress) & mask;
  return (address) => isIPv4(address) && (toNumber(address) & mask) === network;
}

function toNumber(address: string): number {
  return address.split('.').reduce((total, part) => ((total << 8) | Number(part)) >>> 0, 0) >>> 0;
}
