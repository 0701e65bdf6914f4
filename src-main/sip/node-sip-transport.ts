import { EmitterImpl, type Transport, TransportState } from 'sip.js';
import { SipError } from './sip-error';
import { type SipLogger, silentSipLogger } from './sip-logger';
import type { SipTarget } from './resolve-target';
import type { SipTraceTarget } from './sip-tracer';
import type { LocalSentBy } from './via-contact-fixups';

/** TLS client settings: certificates are verified unless a test or the user explicitly says otherwise. */
export interface SipTlsOptions {
  /** PEM CA bundle text; added to (not replacing) the default trust store only when given. */
  readonly ca?: string | undefined;
  /** Path of a PEM CA file, read at connect time. */
  readonly caFile?: string | undefined;
  /** Name checked against the server certificate; defaults to the target host. */
  readonly serverName?: string | undefined;
  /** Defaults to true. */
  readonly rejectUnauthorized?: boolean | undefined;
}

/** What every Node transport is constructed with (sip.js passes `transportOptions` through untouched). */
export interface NodeSipTransportOptions {
  /** Candidate next hops, in order (RFC 3263 §4.3); asked again at every connect so DNS changes are seen. */
  readonly resolveTargets: () => Promise<readonly SipTarget[]>;
  /** The `viaHost` given to sip.js: a placeholder that the transport swaps for the real socket address. */
  readonly viaHost: string;
  readonly logger?: SipLogger | undefined;
  /** Largest accepted message in bytes (default 65535). */
  readonly maxMessageBytes?: number | undefined;
  readonly connectTimeoutMs?: number | undefined;
  /** Stream keep-alive (RFC 5626 §4.4.1 double-CRLF) period; 0 disables (default 25 s). */
  readonly keepAliveIntervalMs?: number | undefined;
  /** When set, a ping not followed by any received byte within this time fails the flow (RFC 5626 §4.4.1). */
  readonly keepAlivePongTimeoutMs?: number | undefined;
  readonly tls?: SipTlsOptions | undefined;
  /** RFC 3261 §17.1.1.1 T1 and T2 for UDP retransmissions (defaults 500 ms and 4 s). */
  readonly t1Ms?: number | undefined;
  readonly t2Ms?: number | undefined;
  /** Sees every message in wire form (the debug console); costs one boolean test per message when nobody listens. */
  readonly trace?: SipTraceTarget | undefined;
}

/** What the rest of this package reads from a transport besides sip.js's interface. */
export interface NodeSipTransport extends Transport {
  readonly protocol: 'UDP' | 'TCP' | 'TLS';
  /** The local socket (for Via and Contact), known while connected. */
  localSentBy(): LocalSentBy | undefined;
  /** The next hop in use, known while connected. */
  remoteTarget(): SipTarget | undefined;
}

const ALLOWED: Record<TransportState, readonly TransportState[]> = {
  [TransportState.Disconnected]: [TransportState.Connecting],
  [TransportState.Connecting]: [TransportState.Connected, TransportState.Disconnecting, TransportState.Disconnected],
  [TransportState.Connected]: [TransportState.Disconnecting, TransportState.Disconnected],
  [TransportState.Disconnecting]: [TransportState.Connecting, TransportState.Disconnected],
};

/**
 * The state machine sip.js's Transport contract asks for (see its `Transport` docs): onConnect on entering
 * Connected, onDisconnect(error) on leaving it — error set only when the network, not the user, ended it —
 * and never a reconnect of its own: recovery is the application's job.
 */
export abstract class NodeSipTransportBase implements NodeSipTransport {
  abstract readonly protocol: 'UDP' | 'TCP' | 'TLS';
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  protected readonly logger: SipLogger;
  private readonly stateEmitter = new EmitterImpl<TransportState>();
  private currentState = TransportState.Disconnected;
  private connecting: Promise<void> | undefined;
  private disposed = false;

  protected constructor(protected readonly options: NodeSipTransportOptions) {
    this.logger = options.logger ?? silentSipLogger;
  }

  get state(): TransportState {
    return this.currentState;
  }

  get stateChange(): EmitterImpl<TransportState> {
    return this.stateEmitter;
  }

  isConnected(): boolean {
    return this.currentState === TransportState.Connected;
  }

  abstract localSentBy(): LocalSentBy | undefined;
  abstract remoteTarget(): SipTarget | undefined;
  /** Opens the network side; resolves once messages can be sent. */
  protected abstract open(): Promise<void>;
  /** Closes the network side quietly (no callbacks). */
  protected abstract close(): Promise<void>;
  protected abstract write(message: string): Promise<void>;

  connect(): Promise<void> {
    if (this.disposed) return Promise.reject(new SipError('sip/transport-disposed', 'transport disposed'));
    if (this.currentState === TransportState.Connected) return Promise.resolve();
    if (this.currentState === TransportState.Connecting && this.connecting) return this.connecting;
    this.transition(TransportState.Connecting);
    const attempt = this.open().then(
      () => {
        if (this.connecting !== attempt) return; // disconnect() overtook this attempt
        this.connecting = undefined;
        this.transition(TransportState.Connected);
      },
      async (error: unknown) => {
        if (this.connecting === attempt) {
          this.connecting = undefined;
          await this.close();
          if ((this.currentState as TransportState) === TransportState.Connecting) this.transition(TransportState.Disconnected);
        }
        throw error instanceof SipError ? error : new SipError('sip/connect-failed', `connect failed: ${String(error)}`, { cause: error });
      },
    );
    this.connecting = attempt;
    return attempt;
  }

  async disconnect(): Promise<void> {
    if (this.currentState === TransportState.Disconnected || this.currentState === TransportState.Disconnecting) return;
    this.connecting = undefined;
    this.transition(TransportState.Disconnecting);
    await this.close();
    // connect() may have been called meanwhile (Disconnecting → Connecting is allowed).
    if ((this.currentState as TransportState) === TransportState.Disconnecting) this.transition(TransportState.Disconnected);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.disconnect();
    this.disposed = true;
    this.stateEmitter.removeAllListeners();
    this.onConnect = this.onDisconnect = this.onMessage = undefined;
  }

  send(message: string): Promise<void> {
    if (this.currentState !== TransportState.Connected) {
      return Promise.reject(new SipError('sip/transport-not-connected', `cannot send while ${this.currentState}`));
    }
    return this.write(message);
  }

  /** The network ended the flow while connected: report it once, with the error (sip.js Transport contract). */
  protected lost(error: Error): void {
    if (this.currentState !== TransportState.Connected) return;
    this.logger.warn(`sip ${this.protocol} flow lost: ${error.message}`);
    void this.close();
    this.transition(TransportState.Disconnected, error);
  }

  /** Wire-form text to the tracer, when someone listens (`remote` overrides the connected target, for UDP). */
  protected traceMessage(direction: 'in' | 'out', text: string, remote?: { host: string; port: number }): void {
    const trace = this.options.trace;
    if (trace === undefined || !trace.tracer.enabled) return;
    const local = this.localSentBy();
    const peer = remote ?? this.remoteTarget();
    trace.tracer.trace({
      direction,
      time: Date.now(),
      label: trace.label,
      protocol: this.protocol,
      local: local === undefined ? undefined : `${local.host}:${local.port}`,
      remote: peer === undefined ? undefined : `${peer.host}:${peer.port}`,
      text,
    });
  }

  /** Hands a complete message to sip.js; a throw inside the parser must not reach the socket handler. */
  protected deliver(text: string): void {
    if (this.currentState !== TransportState.Connected) return;
    try {
      this.onMessage?.(text);
    } catch (error) {
      this.logger.warn(`sip message dropped, sip.js could not handle it: ${String(error)}`);
    }
  }

  private transition(next: TransportState, error?: Error): void {
    const previous = this.currentState;
    if (!ALLOWED[previous].includes(next)) {
      throw new SipError('sip/invalid-state', `transport cannot go from ${previous} to ${next}`);
    }
    this.currentState = next;
    this.stateEmitter.emit(next);
    if (next === TransportState.Connected) this.onConnect?.();
    // Leaving Connected: `error` is undefined exactly when disconnect() was asked for.
    if (previous === TransportState.Connected) this.onDisconnect?.(error);
  }
}
