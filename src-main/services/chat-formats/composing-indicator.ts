import { TypedEmitter, type Disposable } from '../../common';
import type { ComposingState, IsComposing } from './is-composing';
import { localDateTime } from './rfc3339';

/** Timer functions, injectable so tests and hosts control time. */
export interface ComposingTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ComposingIndicatorOptions {
  /** RFC 3994 §3.2: without composition activity for this long the composer goes idle. Default 15 s. */
  readonly idleTimeoutMs?: number;
  /** RFC 3994 §3.2: the refresh interval advertised with active (at least 60 s recommended). Default 120 s. */
  readonly refreshMs?: number;
  /** RFC 3994 §3.3: how long a received active lasts when it carries no refresh. Default 120 s. */
  readonly remoteDefaultRefreshMs?: number;
  /** What the local user composes, sent as `contenttype`. Default `text/plain`. */
  readonly contentType?: string;
  readonly now?: () => number;
  readonly timers?: ComposingTimers;
}

export interface RemoteComposing {
  readonly state: ComposingState;
  readonly contentType?: string;
  /** Epoch ms the peer said it was last active, when it said so. */
  readonly lastActive?: number;
}

export type ComposingIndicatorEvents = {
  /** An isComposing status message to send to the peer now (with both MSRP reports `no`, per the interop notes). */
  readonly send: IsComposing;
  /** The peer's composing state changed (for the conversation view). */
  readonly remote: RemoteComposing;
};

const defaultTimers: ComposingTimers = {
  // Looked up at call time, so fake timers installed after construction are used too.
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Both sides of RFC 3994 for one conversation. Local side (§3.2): the first keystroke makes the state active and
 * sends an active message; while active, the active message is refreshed before the advertised refresh interval
 * runs out; after `idleTimeoutMs` without keystrokes the state goes idle and an idle message is sent; sending the
 * message itself makes the state idle without an idle message (the message says it). Remote side (§3.3): an
 * active message holds for its refresh interval (or 120 s), an idle message or a content message ends it.
 */
export class ComposingIndicator implements Disposable {
  readonly #events = new TypedEmitter<ComposingIndicatorEvents>();
  readonly #idleTimeoutMs: number;
  readonly #refreshMs: number;
  readonly #remoteDefaultMs: number;
  readonly #contentType: string;
  readonly #now: () => number;
  readonly #timers: ComposingTimers;
  #local: ComposingState = 'idle';
  #lastActive = 0;
  #idleTimer: unknown;
  #refreshTimer: unknown;
  #remote: RemoteComposing = { state: 'idle' };
  #remoteTimer: unknown;
  #disposed = false;

  constructor(options: ComposingIndicatorOptions = {}) {
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 15_000;
    this.#refreshMs = options.refreshMs ?? 120_000;
    this.#remoteDefaultMs = options.remoteDefaultRefreshMs ?? 120_000;
    this.#contentType = options.contentType ?? 'text/plain';
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? defaultTimers;
  }

  get localState(): ComposingState {
    return this.#local;
  }

  get remote(): RemoteComposing {
    return this.#remote;
  }

  on<K extends keyof ComposingIndicatorEvents>(name: K, listener: (payload: ComposingIndicatorEvents[K]) => void): Disposable {
    return this.#events.on(name, listener);
  }

  /** The local user typed (or otherwise composed). Cheap on every keystroke: timers are not re-armed. */
  composing(): void {
    if (this.#disposed) return;
    this.#lastActive = this.#now();
    if (this.#local === 'active') return;
    this.#local = 'active';
    this.#sendActive();
    this.#armIdle(this.#idleTimeoutMs);
  }

  /** The local user emptied the input: idle now, with an idle message (RFC 3994 §3.2). */
  cleared(): void {
    if (this.#local === 'active') this.#goIdle(true);
  }

  /** A content message was sent: idle without an idle message (RFC 3994 §3.2). */
  messageSent(): void {
    if (this.#local === 'active') this.#goIdle(false);
  }

  /** An isComposing status message arrived from the peer (RFC 3994 §3.3). */
  received(message: IsComposing): void {
    if (this.#disposed) return;
    this.#clear('remote');
    if (message.state === 'idle') {
      this.#setRemote({ state: 'idle', ...(message.lastActive === undefined ? {} : { lastActive: message.lastActive.epochMs }) });
      return;
    }
    const holdMs = message.refreshSeconds === undefined ? this.#remoteDefaultMs : message.refreshSeconds * 1000;
    this.#remoteTimer = this.#timers.setTimeout(() => {
      this.#remoteTimer = undefined;
      this.#setRemote({ state: 'idle' });
    }, holdMs);
    this.#setRemote({ state: 'active', ...(message.contentType === undefined ? {} : { contentType: message.contentType }) });
  }

  /** A content message arrived from the peer: its composer is idle (RFC 3994 §3.3). */
  messageReceived(): void {
    if (this.#disposed) return;
    this.#clear('remote');
    this.#setRemote({ state: 'idle' });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#clear('idle');
    this.#clear('refresh');
    this.#clear('remote');
    this.#events.dispose();
  }

  #sendActive(): void {
    this.#events.emit('send', { state: 'active', contentType: this.#contentType, refreshSeconds: Math.max(1, Math.round(this.#refreshMs / 1000)) });
    // Re-send a little before the advertised interval ends, so network delay never lets the peer's state lapse.
    const resendMs = Math.max(1000, this.#refreshMs - Math.min(10_000, this.#refreshMs / 10));
    this.#clear('refresh');
    this.#refreshTimer = this.#timers.setTimeout(() => {
      this.#refreshTimer = undefined;
      if (this.#local === 'active') this.#sendActive();
    }, resendMs);
  }

  #armIdle(ms: number): void {
    this.#idleTimer = this.#timers.setTimeout(() => {
      this.#idleTimer = undefined;
      const quietFor = this.#now() - this.#lastActive;
      if (quietFor >= this.#idleTimeoutMs) this.#goIdle(true);
      else this.#armIdle(this.#idleTimeoutMs - quietFor);
    }, ms);
  }

  #goIdle(notify: boolean): void {
    this.#local = 'idle';
    this.#clear('idle');
    this.#clear('refresh');
    if (notify) this.#events.emit('send', { state: 'idle', lastActive: localDateTime(this.#lastActive), contentType: this.#contentType });
  }

  #setRemote(next: RemoteComposing): void {
    const changed = next.state !== this.#remote.state || next.contentType !== this.#remote.contentType;
    this.#remote = next;
    if (changed) this.#events.emit('remote', next);
  }

  #clear(which: 'idle' | 'refresh' | 'remote'): void {
    const handle = which === 'idle' ? this.#idleTimer : which === 'refresh' ? this.#refreshTimer : this.#remoteTimer;
    if (handle !== undefined) this.#timers.clearTimeout(handle);
    if (which === 'idle') this.#idleTimer = undefined;
    else if (which === 'refresh') this.#refreshTimer = undefined;
    else this.#remoteTimer = undefined;
  }
}
