import type {
  AccountId,
  ConsoleEntriesEvent,
  ConsoleEntry,
  ConsoleExport,
  ConsoleSnapshot,
  ConsoleSubscription,
  ConsoleTraceLevels,
  EventEnvelope,
  SessionId,
} from '../../../src-shared';
import { formatLogRecord, type Disposable, type LogRecord, type LogSink } from '../../common';
import { MsrpTracer, type MsrpTraceEvent } from '../../msrp';
import { SipTracer, type SipTraceMessage } from '../../sip';
import { ConsoleRing } from './console-ring';
import { exportFileName, formatConsoleExport } from './console-export';
import { ALL_OFF, highestLevels, sameLevels } from './console-levels';
import { MsrpFrameAssembler, type MsrpFrame } from './msrp-frame-assembler';
import { notificationParts } from './notification-entry';
import { cut, sipEntryParts } from './sip-entry';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface TraceServiceOptions {
  /** Broadcaster events in (notifications) and `console.entries` batches out. */
  readonly events: {
    subscribe(listener: (event: EventEnvelope) => void): () => void;
    emit(name: 'console.entries', payload: ConsoleEntriesEvent): void;
  };
  /** Adds a sink to the root logger; undefined when the core's logger cannot take one (no log trace then). */
  readonly addLogSink?: ((sink: LogSink) => () => void) | undefined;
  /** The Parley session of a SIP dialog, once the session exists. */
  readonly sessionForCallId?: (callId: string) => SessionId | undefined;
  /** Ring buffer size in entries (default 2000). */
  readonly capacity?: number;
  /** Batches toward the renderer go out at most this often (default 250 ms). */
  readonly batchMs?: number;
  /** Most entries queued for the next batch; beyond it the oldest are skipped (the ring still has them). Default 1000. */
  readonly maxQueued?: number;
  /** A subscription not renewed within this time ends (default 30 s). */
  readonly leaseMs?: number;
  readonly now?: () => number;
}

interface Subscriber {
  readonly levels: ConsoleTraceLevels;
  expiresAt: number;
}

/**
 * The debug console's collector (the seed's trafficlog and notification-center observers in one place): SIP
 * messages, MSRP frames, service notifications and log records become redacted entries in a bounded ring,
 * and go to the renderer in throttled batches. Every source is subscribed only while some console asks for
 * it: with the console closed, the tracers' hooks return after one boolean test and nothing is built.
 */
export class TraceService implements Disposable {
  /** Give these to SIP accounts and MSRP streams; they cost nothing while the console is closed. */
  readonly sipTracer = new SipTracer();
  readonly msrpTracer = new MsrpTracer();

  readonly #options: TraceServiceOptions;
  readonly #ring: ConsoleRing;
  readonly #subscribers = new Map<string, Subscriber>();
  readonly #assembler = new MsrpFrameAssembler((frame) => this.#onMsrpFrame(frame));
  /** MSRP session id (from SDP a=path) → the dialog and account that negotiated it. */
  readonly #msrpOwners = new Map<string, { readonly callId: string; readonly accountId: AccountId | null }>();
  readonly #sessionsByCallId = new Map<string, SessionId>();
  #levels: ConsoleTraceLevels = ALL_OFF;
  #nextId = 1;
  #queue: Mutable<ConsoleEntry>[] = [];
  #skipped = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #leaseTimer: ReturnType<typeof setTimeout> | undefined;
  #sources: { sip?: Disposable; msrp?: Disposable; notification?: () => void; log?: () => void } = {};
  #msrpWithData = false;
  #disposed = false;

  constructor(options: TraceServiceOptions) {
    this.#options = options;
    this.#ring = new ConsoleRing(options.capacity ?? 2000);
  }

  get levels(): ConsoleTraceLevels {
    return this.#levels;
  }

  get capacity(): number {
    return this.#ring.capacity;
  }

  /** True while any trace is on (for tests and benchmarks: the closed console costs nothing). */
  get active(): boolean {
    return this.#sources.sip !== undefined || this.#sources.msrp !== undefined || this.#sources.notification !== undefined || this.#sources.log !== undefined;
  }

  subscribe(clientId: string, levels: ConsoleTraceLevels): ConsoleSubscription {
    const leaseMs = this.#options.leaseMs ?? 30_000;
    if (!this.#disposed) this.#subscribers.set(clientId, { levels, expiresAt: this.#now() + leaseMs });
    this.#update();
    return { levels: this.#levels, leaseMs, capacity: this.#ring.capacity };
  }

  unsubscribe(clientId: string): void {
    this.#subscribers.delete(clientId);
    this.#update();
  }

  snapshot(): ConsoleSnapshot {
    this.#resolveSessions(this.#queue);
    return { entries: this.#ring.toArray(), levels: this.#levels, capacity: this.#ring.capacity, dropped: this.#ring.dropped };
  }

  clear(): void {
    this.#ring.clear();
    this.#queue = [];
    this.#skipped = 0;
    this.#assembler.clear();
  }

  export(): ConsoleExport {
    const now = this.#now();
    const { entries, dropped } = this.snapshot();
    return { fileName: exportFileName(now), text: formatConsoleExport(entries, { dropped, now }) };
  }

  dispose(): void {
    this.#disposed = true;
    this.#subscribers.clear();
    this.#update();
    clearTimeout(this.#timer);
    clearTimeout(this.#leaseTimer);
    this.#queue = [];
    this.sipTracer.dispose();
    this.msrpTracer.dispose();
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** Recomputes the levels and turns each source on or off to match. */
  #update(): void {
    const now = this.#now();
    for (const [id, subscriber] of this.#subscribers) if (subscriber.expiresAt <= now) this.#subscribers.delete(id);
    const levels = highestLevels([...this.#subscribers.values()].map((subscriber) => subscriber.levels));
    this.#scheduleLeaseCheck();
    if (sameLevels(levels, this.#levels) && !this.#disposed) return;
    this.#levels = levels;
    this.#toggleSip(levels.sip !== 'off');
    this.#toggleMsrp(levels.msrp);
    this.#toggleNotifications(levels.notification !== 'off');
    this.#toggleLogs(levels.log !== 'off');
  }

  #scheduleLeaseCheck(): void {
    clearTimeout(this.#leaseTimer);
    this.#leaseTimer = undefined;
    if (this.#subscribers.size === 0 || this.#disposed) return;
    const next = Math.min(...[...this.#subscribers.values()].map((subscriber) => subscriber.expiresAt));
    this.#leaseTimer = setTimeout(() => this.#update(), Math.max(0, next - this.#now()) + 1);
    this.#leaseTimer.unref?.();
  }

  #toggleSip(on: boolean): void {
    if (on && this.#sources.sip === undefined) this.#sources.sip = this.sipTracer.subscribe((message) => this.#onSip(message));
    if (!on && this.#sources.sip !== undefined) {
      this.#sources.sip.dispose();
      delete this.#sources.sip;
    }
  }

  #toggleMsrp(level: ConsoleTraceLevels['msrp']): void {
    const withData = level === 'full';
    if (this.#sources.msrp !== undefined && (level === 'off' || withData !== this.#msrpWithData)) {
      this.#sources.msrp.dispose();
      delete this.#sources.msrp;
      this.#assembler.clear();
    }
    if (level !== 'off' && this.#sources.msrp === undefined) {
      this.#msrpWithData = withData;
      this.#sources.msrp = this.msrpTracer.subscribe((event) => this.#onMsrp(event), { includeData: withData });
    }
  }

  #toggleNotifications(on: boolean): void {
    if (on && this.#sources.notification === undefined) this.#sources.notification = this.#options.events.subscribe((event) => this.#onNotification(event));
    if (!on && this.#sources.notification !== undefined) {
      this.#sources.notification();
      delete this.#sources.notification;
    }
  }

  #toggleLogs(on: boolean): void {
    if (on && this.#sources.log === undefined && this.#options.addLogSink !== undefined) this.#sources.log = this.#options.addLogSink((record) => this.#onLog(record));
    if (!on && this.#sources.log !== undefined) {
      this.#sources.log();
      delete this.#sources.log;
    }
  }

  #onSip(message: SipTraceMessage): void {
    const level = this.#levels.sip;
    if (level === 'off') return;
    const parts = sipEntryParts(message.text, level);
    const accountId = message.label === '' ? null : (message.label as AccountId);
    if (parts.callId !== null) for (const id of parts.msrpSessionIds) this.#msrpOwners.set(id, { callId: parts.callId, accountId });
    // Bounded: a long-running core forgets the oldest dialogs' MSRP ids first.
    while (this.#msrpOwners.size > 4096) this.#msrpOwners.delete(this.#msrpOwners.keys().next().value as string);
    this.#add({
      time: message.time,
      kind: 'sip',
      direction: message.direction,
      accountId,
      sessionId: null,
      callId: parts.callId,
      method: parts.method,
      status: parts.status,
      summary: parts.summary,
      hop: 'proxy',
      remote: message.remote ?? null,
      text: parts.text,
    });
  }

  #onMsrp(event: MsrpTraceEvent): void {
    const level = this.#levels.msrp;
    if (level === 'off') return;
    this.#assembler.push(event, level);
  }

  #onMsrpFrame(frame: MsrpFrame): void {
    const owner = frame.sessionIds.map((id) => this.#msrpOwners.get(id)).find((found) => found !== undefined);
    const arrow = frame.connection.indexOf('->');
    this.#add({
      time: frame.time,
      kind: 'msrp',
      direction: frame.direction,
      accountId: owner?.accountId ?? null,
      sessionId: null,
      callId: owner?.callId ?? null,
      method: frame.method,
      status: frame.status,
      summary: frame.summary,
      hop: frame.hop,
      remote: arrow < 0 ? frame.connection : frame.connection.slice(arrow + 2),
      text: frame.text,
    });
  }

  #onNotification(event: EventEnvelope): void {
    const level = this.#levels.notification;
    // Our own batches are not notifications worth tracing (and tracing them would feed itself).
    if (level === 'off' || event.name === 'console.entries') return;
    const parts = notificationParts(event, level);
    this.#add({
      time: this.#now(),
      kind: 'notification',
      direction: 'none',
      accountId: parts.accountId,
      sessionId: parts.sessionId,
      callId: null,
      method: event.name,
      status: null,
      summary: parts.summary,
      hop: null,
      remote: null,
      text: parts.text,
    });
  }

  #onLog(record: LogRecord): void {
    const level = this.#levels.log;
    if (level === 'off') return;
    // Records reach sinks already redacted by the logger.
    const text = level === 'full' ? cut(formatLogRecord(record)) : `${record.level} ${record.scope}: ${record.message}`;
    this.#add({
      time: record.time,
      kind: 'log',
      direction: 'none',
      accountId: null,
      sessionId: null,
      callId: null,
      method: record.level,
      status: null,
      summary: `${record.scope === '' ? '' : `${record.scope}: `}${record.message}`.slice(0, 300),
      hop: null,
      remote: null,
      text,
    });
  }

  #add(fields: Omit<ConsoleEntry, 'id'>): void {
    if (this.#disposed) return;
    const entry: Mutable<ConsoleEntry> = { id: this.#nextId++, ...fields };
    this.#ring.push(entry);
    this.#queue.push(entry);
    const max = this.#options.maxQueued ?? 1000;
    if (this.#queue.length > max) {
      const extra = this.#queue.length - max;
      this.#queue.splice(0, extra);
      this.#skipped += extra;
    }
    // Batched: the renderer gets at most one event per interval, never one per message.
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), this.#options.batchMs ?? 250);
      this.#timer.unref?.();
    }
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#queue.length === 0 && this.#skipped === 0) return;
    const entries = this.#queue;
    const skipped = this.#skipped;
    this.#queue = [];
    this.#skipped = 0;
    this.#resolveSessions(entries);
    this.#options.events.emit('console.entries', { entries, skipped });
  }

  /** Session ids are filled in late: an incoming INVITE is traced before its Session exists. */
  #resolveSessions(entries: readonly Mutable<ConsoleEntry>[]): void {
    const lookup = this.#options.sessionForCallId;
    if (lookup === undefined) return;
    for (const entry of entries) {
      if (entry.sessionId !== null || entry.callId === null) continue;
      let sessionId = this.#sessionsByCallId.get(entry.callId);
      if (sessionId === undefined) {
        sessionId = lookup(entry.callId);
        if (sessionId !== undefined) this.#sessionsByCallId.set(entry.callId, sessionId);
        while (this.#sessionsByCallId.size > 4096) this.#sessionsByCallId.delete(this.#sessionsByCallId.keys().next().value as string);
      }
      if (sessionId !== undefined) entry.sessionId = sessionId;
    }
  }
}
