import { randomUUID } from 'node:crypto';
import type { MediaStreamType, MediaStreamView, StreamId } from '../../../src-shared';
import { TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import { MsrpSession, type MsrpSessionOptions, type MsrpTransport } from '../../msrp';
import type { AcceptedStream, LocalStreamSpec, MsrpStreamRole, SetupRole } from '../../sip/sdp';
import { InvariantError } from '../errors';
import { MediaStreamState, assertStreamTransition, isFinalStreamState } from './media-stream-state';
import { MsrpEndpoint } from './msrp-endpoint';
import { DIRECT_CHUNK_SIZE, RELAY_CHUNK_SIZE, type MsrpStreamContext } from './msrp-stream-context';

export interface MediaStreamEvents {
  [name: string]: unknown;
  stateChanged: { readonly state: MediaStreamState; readonly failure: string | null };
}

/** How a stream is set up: for our own offer, or to answer an offered stream with the peer's a=setup. */
export type StreamIntent = { readonly kind: 'offer' } | { readonly kind: 'answer'; readonly offeredSetup: SetupRole | undefined };

/** How long a graceful MSRP shutdown may take before the connection is simply closed. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * The seed's MSRPStreamBase: one MSRP media stream of a session. `initialize` reserves the local end (relay
 * AUTH or a listening port) so the SDP can carry our a=path; `start` connects or waits per the negotiated
 * roles and binds the MsrpSession; `end` shuts it down. Subclasses (chat, file transfer, desktop sharing)
 * get the bound MsrpSession in `onStarted`.
 */
export abstract class MsrpStreamBase implements Disposable {
  readonly id: StreamId = randomUUID() as StreamId;
  abstract readonly type: MediaStreamType;
  readonly role: MsrpStreamRole;
  protected readonly events = new TypedEmitter<MediaStreamEvents>();
  #state = MediaStreamState.New;
  #failure: string | null = null;
  #endpoint: MsrpEndpoint | undefined;
  #msrp: MsrpSession | undefined;
  #context: MsrpStreamContext | undefined;

  protected constructor(role: MsrpStreamRole) {
    this.role = role;
  }

  get state(): MediaStreamState {
    return this.#state;
  }

  get failure(): string | null {
    return this.#failure;
  }

  get isFinal(): boolean {
    return isFinalStreamState(this.#state);
  }

  protected get context(): MsrpStreamContext {
    if (this.#context === undefined) throw new InvariantError('stream used before initialize()');
    return this.#context;
  }

  protected get logger(): Logger | undefined {
    return this.#context?.logger;
  }

  on<K extends keyof MediaStreamEvents>(name: K, listener: Listener<MediaStreamEvents[K]>): Disposable {
    return this.events.on(name, listener);
  }

  view(): MediaStreamView {
    return { id: this.id, type: this.type, state: this.#state, failure: this.#failure };
  }

  /** The a=setup this stream writes (offer) or will answer with. */
  get setup(): SetupRole {
    if (this.#endpoint === undefined) throw new InvariantError('stream used before initialize()');
    return this.#endpoint.setup;
  }

  async initialize(context: MsrpStreamContext, intent: StreamIntent): Promise<void> {
    this.#context = context;
    this.#move(MediaStreamState.Initializing);
    try {
      const endpoint = intent.kind === 'offer' ? MsrpEndpoint.forOffer(context) : MsrpEndpoint.forAnswer(context, intent.offeredSetup);
      this.#endpoint = endpoint;
      await endpoint.prepare();
    } catch (error) {
      this.#endpoint?.cleanup();
      this.#fail(`could not reserve the MSRP endpoint: ${describe(error)}`);
      throw error;
    }
    // end() may have come while the relay answered.
    if (!this.#is(MediaStreamState.Initializing)) {
      this.#endpoint.cleanup();
      return;
    }
    this.#move(MediaStreamState.Initialized);
  }

  /** What the SDP says about our end of this stream (RFC 4975 §8.1 path, §8.6 accept-types). */
  localSpec(): LocalStreamSpec {
    if (this.#endpoint === undefined) throw new InvariantError('stream used before initialize()');
    return { role: this.role, endpoint: { path: this.#endpoint.path }, acceptTypes: this.acceptTypes() };
  }

  /** Our accept-types; undefined uses the SDP layer's default for the role. */
  protected acceptTypes(): readonly string[] | undefined {
    return undefined;
  }

  /** Connects (or waits for the peer) and binds; failures end in the Failed state, never a rejection. */
  async start(accepted: AcceptedStream): Promise<void> {
    const endpoint = this.#endpoint;
    if (endpoint === undefined || this.#state !== MediaStreamState.Initialized) return;
    this.#move(MediaStreamState.Starting);
    let msrp: MsrpSession;
    try {
      const transport = await endpoint.complete(accepted.setup, accepted.remote.path);
      if (!this.#is(MediaStreamState.Starting)) {
        transport.dispose();
        return;
      }
      await this.prepareTransport(transport, accepted);
      if (!this.#is(MediaStreamState.Starting)) {
        transport.dispose();
        return;
      }
      msrp = new MsrpSession(transport, this.sessionOptions(accepted));
    } catch (error) {
      endpoint.cleanup();
      if (this.#is(MediaStreamState.Starting)) this.#fail(`the MSRP connection failed: ${describe(error)}`);
      return;
    }
    this.#msrp = msrp;
    msrp.once('closed', ({ error }) => {
      // A clean close is the peer ending the stream; an error is a lost connection.
      if (this.#state !== MediaStreamState.Started) return;
      if (error !== undefined) this.#fail(`the MSRP connection was lost: ${error.message}`);
      else this.#move(MediaStreamState.Ended);
      this.#release();
    });
    this.onStarted(msrp, accepted);
    this.#move(MediaStreamState.Started);
  }

  protected sessionOptions(accepted: AcceptedStream): MsrpSessionOptions {
    const context = this.context;
    const chunkSize =
      context.connectionModel === 'relay' ? (context.relay?.maxChunkSize ?? RELAY_CHUNK_SIZE)
      : this.throughRelay(accepted) ? RELAY_CHUNK_SIZE
      : (context.directChunkSize ?? DIRECT_CHUNK_SIZE);
    return {
      acceptTypes: accepted.local.acceptTypes,
      logger: context.logger,
      chunkSize,
      ...(context.tracer !== undefined ? { tracer: context.tracer } : {}),
    };
  }

  /**
   * A relay carries this stream: ours (relay connection model) or the peer's — RFC 4976 §5.2: a peer behind
   * relays lists them before its own URI in a=path. Relays such as Kamailio drop large frames and have no
   * flow control of their own, whoever's relay they are.
   */
  protected throughRelay(accepted: AcceptedStream): boolean {
    return this.context.connectionModel === 'relay' || accepted.remote.path.length > 1;
  }

  /**
   * Runs on the bound transport before the MsrpSession exists: a stream that must answer requests the
   * session would refuse (Blink's FILE_OFFSET, answered 501 by an MsrpSession) does it here.
   */
  protected async prepareTransport(_transport: MsrpTransport, _accepted: AcceptedStream): Promise<void> {}

  protected abstract onStarted(msrp: MsrpSession, accepted: AcceptedStream): void;

  /** The bound MSRP session while started. */
  protected get msrp(): MsrpSession | undefined {
    return this.#state === MediaStreamState.Started ? this.#msrp : undefined;
  }

  /** Shuts the MSRP session down gracefully (bounded), releasing the relay reservation or listening port. */
  async end(): Promise<void> {
    if (this.isFinal || this.#state === MediaStreamState.Ending) return;
    this.#move(MediaStreamState.Ending);
    this.#endpoint?.cleanup();
    const msrp = this.#msrp;
    if (msrp !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([msrp.shutdown().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
      clearTimeout(timer);
    }
    this.#release();
    if (this.#is(MediaStreamState.Ending)) this.#move(MediaStreamState.Ended);
  }

  /** A stream refused in the answer (or rolled back) ends without ever starting. */
  refuse(reason: string): void {
    if (this.isFinal) return;
    this.#endpoint?.cleanup();
    this.#release();
    this.#fail(reason);
  }

  /**
   * A started stream that cannot go on (its media source failed): Failed with `reason`, then released. Unlike
   * `refuse`, the state moves first, so the MSRP session closing on release does not read as a clean end.
   */
  protected failStarted(reason: string): void {
    if (this.isFinal) return;
    this.#endpoint?.cleanup();
    this.#fail(reason);
    this.#release();
  }

  dispose(): void {
    this.#endpoint?.cleanup();
    this.#release();
    if (!this.isFinal) this.#move(MediaStreamState.Ended);
    this.events.dispose();
  }

  #release(): void {
    const msrp = this.#msrp;
    this.#msrp = undefined;
    msrp?.dispose();
    this.onReleased();
  }

  /** Subclasses drop their MSRP listeners here. */
  protected onReleased(): void {}

  /** Re-reads the state after an await (the compiler would keep the narrowed value from before it). */
  #is(state: MediaStreamState): boolean {
    return this.#state === state;
  }

  #fail(reason: string): void {
    if (this.isFinal) return;
    this.#failure = reason;
    this.logger?.info('Media stream failed', { stream: this.id, type: this.type, reason });
    this.#move(MediaStreamState.Failed);
  }

  #move(next: MediaStreamState): void {
    if (next === this.#state) return;
    assertStreamTransition(this.#state, next);
    this.#state = next;
    this.events.emit('stateChanged', { state: next, failure: this.#failure });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
