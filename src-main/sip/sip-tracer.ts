import { toDisposable, type Disposable } from '../common';

/**
 * SIP traffic tracing: every message as it crosses one of our transports, in wire form (after the Via and
 * Contact fix-ups going out, before them coming in). The debug console subscribes; nobody pays when nobody
 * listens: transports test `enabled` (one boolean) before building anything.
 */
export interface SipTraceMessage {
  readonly direction: 'in' | 'out';
  readonly time: number;
  /** Who the transport belongs to (the account), as given in `SipTraceTarget.label`. */
  readonly label: string;
  readonly protocol: 'UDP' | 'TCP' | 'TLS';
  /** `host:port` of our socket and of the other end, when known. */
  readonly local: string | undefined;
  readonly remote: string | undefined;
  /** The whole message as text (headers and body). Not redacted: subscribers redact what they show. */
  readonly text: string;
}

export type SipTraceListener = (message: SipTraceMessage) => void;

/** What a transport (and `SipAccountConfig.trace`) is given: the shared tracer and this account's label. */
export interface SipTraceTarget {
  readonly tracer: SipTracer;
  readonly label: string;
}

export class SipTracer {
  #listeners: readonly SipTraceListener[] = [];

  /** True while someone listens: transports test this before building a trace message. */
  get enabled(): boolean {
    return this.#listeners.length > 0;
  }

  subscribe(listener: SipTraceListener): Disposable {
    // Copy on write: a listener added or removed during a call does not disturb the running loop.
    this.#listeners = [...this.#listeners, listener];
    return toDisposable(() => {
      this.#listeners = this.#listeners.filter((other) => other !== listener);
    });
  }

  trace(message: SipTraceMessage): void {
    for (const listener of this.#listeners) {
      // A failing subscriber must never break the signalling path that traced.
      try {
        listener(message);
      } catch {
        /* ignored on purpose */
      }
    }
  }

  dispose(): void {
    this.#listeners = [];
  }
}
