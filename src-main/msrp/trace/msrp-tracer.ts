import { toDisposable, type Disposable } from '../../common';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';

/**
 * Typed MSRP traffic tracing (seed: msrplib `trafficlog` logger hooks `received_new_chunk`,
 * `sent_new_chunk`, `received_chunk_data`, `sent_chunk_data`, `received_chunk_end`, `sent_chunk_end`,
 * and the `debug` … `fatal` log methods). The debug console subscribes; nobody pays when nobody listens:
 * every hook returns after one boolean check, before any event object is built. Hot paths may also test
 * `tracer.enabled` themselves to skip computing the hook's arguments.
 */
export type MsrpTraceDirection = 'in' | 'out';

export type MsrpTraceLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export type MsrpTraceEvent =
  | {
      readonly kind: 'new-chunk';
      readonly direction: MsrpTraceDirection;
      readonly time: number;
      readonly connection: string;
      readonly transactionId: string;
      /** `MSRP <tid> SEND` / `MSRP <tid> 200 OK`. */
      readonly firstLine: string;
      /** Header lines as on the wire (text, never bodies). */
      readonly headers: readonly (readonly [string, string])[];
    }
  | {
      readonly kind: 'chunk-data';
      readonly direction: MsrpTraceDirection;
      readonly time: number;
      readonly connection: string;
      readonly transactionId: string;
      /** Byte count only: bodies may be binary and large; subscribers that need bytes get `data`. */
      readonly bytes: number;
      readonly data: Buffer | undefined;
    }
  | {
      readonly kind: 'chunk-end';
      readonly direction: MsrpTraceDirection;
      readonly time: number;
      readonly connection: string;
      readonly transactionId: string;
      readonly flag: ContinuationFlag;
    }
  | {
      readonly kind: 'log';
      readonly level: MsrpTraceLevel;
      readonly time: number;
      readonly connection: string;
      readonly message: string;
      readonly fields: Readonly<Record<string, unknown>> | undefined;
    };

export type MsrpTraceListener = (event: MsrpTraceEvent) => void;

export interface MsrpTraceSubscription {
  /** Also hand out the body bytes of `chunk-data` events (views, valid only during the call). Default false. */
  readonly includeData?: boolean;
}

export class MsrpTracer {
  #listeners: { listener: MsrpTraceListener; includeData: boolean }[] = [];
  #enabled = false;
  #withData = false;
  #built = 0;

  /** True while someone listens: callers test this before computing anything for a hook. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Trace events built so far: stays 0 while nobody listens (the hooks return before building anything). */
  get eventCount(): number {
    return this.#built;
  }

  /** Turns tracing on for `listener` until the returned disposable is disposed. */
  subscribe(listener: MsrpTraceListener, options: MsrpTraceSubscription = {}): Disposable {
    const entry = { listener, includeData: options.includeData ?? false };
    this.#listeners = [...this.#listeners, entry];
    this.#update();
    return toDisposable(() => {
      this.#listeners = this.#listeners.filter((other) => other !== entry);
      this.#update();
    });
  }

  receivedNewChunk(connection: string, chunk: MsrpChunk): void {
    if (!this.#enabled) return;
    this.#newChunk('in', connection, chunk);
  }

  sentNewChunk(connection: string, chunk: MsrpChunk): void {
    if (!this.#enabled) return;
    this.#newChunk('out', connection, chunk);
  }

  receivedChunkData(connection: string, transactionId: string, data: Buffer): void {
    if (!this.#enabled) return;
    this.#data('in', connection, transactionId, data);
  }

  sentChunkData(connection: string, transactionId: string, data: Buffer): void {
    if (!this.#enabled) return;
    this.#data('out', connection, transactionId, data);
  }

  receivedChunkEnd(connection: string, transactionId: string, flag: ContinuationFlag): void {
    if (!this.#enabled) return;
    this.#emit({ kind: 'chunk-end', direction: 'in', time: Date.now(), connection, transactionId, flag });
  }

  sentChunkEnd(connection: string, transactionId: string, flag: ContinuationFlag): void {
    if (!this.#enabled) return;
    this.#emit({ kind: 'chunk-end', direction: 'out', time: Date.now(), connection, transactionId, flag });
  }

  debug(connection: string, message: string, fields?: Record<string, unknown>): void {
    if (this.#enabled) this.#log('debug', connection, message, fields);
  }

  info(connection: string, message: string, fields?: Record<string, unknown>): void {
    if (this.#enabled) this.#log('info', connection, message, fields);
  }

  warn(connection: string, message: string, fields?: Record<string, unknown>): void {
    if (this.#enabled) this.#log('warn', connection, message, fields);
  }

  error(connection: string, message: string, fields?: Record<string, unknown>): void {
    if (this.#enabled) this.#log('error', connection, message, fields);
  }

  fatal(connection: string, message: string, fields?: Record<string, unknown>): void {
    if (this.#enabled) this.#log('fatal', connection, message, fields);
  }

  /** Drops every subscriber (tracing off). */
  dispose(): void {
    this.#listeners = [];
    this.#update();
  }

  #update(): void {
    this.#enabled = this.#listeners.length > 0;
    this.#withData = this.#listeners.some((entry) => entry.includeData);
  }

  #newChunk(direction: MsrpTraceDirection, connection: string, chunk: MsrpChunk): void {
    this.#emit({
      kind: 'new-chunk',
      direction,
      time: Date.now(),
      connection,
      transactionId: chunk.transactionId,
      firstLine: chunk.firstLine,
      headers: [...chunk.headers],
    });
  }

  #data(direction: MsrpTraceDirection, connection: string, transactionId: string, data: Buffer): void {
    this.#built++;
    const base = { kind: 'chunk-data' as const, direction, time: Date.now(), connection, transactionId, bytes: data.length };
    if (!this.#withData) {
      const event: MsrpTraceEvent = { ...base, data: undefined };
      for (const entry of this.#listeners) this.#call(entry.listener, event);
      return;
    }
    // Listeners that did not ask for bytes do not get them (keeps bodies out of logs by default).
    for (const entry of this.#listeners) this.#call(entry.listener, { ...base, data: entry.includeData ? data : undefined });
  }

  #log(level: MsrpTraceLevel, connection: string, message: string, fields: Record<string, unknown> | undefined): void {
    this.#emit({ kind: 'log', level, time: Date.now(), connection, message, fields });
  }

  #emit(event: MsrpTraceEvent): void {
    this.#built++;
    for (const entry of this.#listeners) this.#call(entry.listener, event);
  }

  #call(listener: MsrpTraceListener, event: MsrpTraceEvent): void {
    // A failing subscriber must never break the protocol path that traced.
    try {
      listener(event);
    } catch {
      /* ignored on purpose */
    }
  }
}
