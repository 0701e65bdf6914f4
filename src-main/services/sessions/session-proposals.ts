import type { MediaStreamType, StreamId, StreamRequestOptions } from '../../../src-shared';
import type { Disposable } from '../../common';
import { ConflictError } from '../errors';
import type { MsrpStreamBase } from '../streams';
import type { NegotiationOutcome } from './msrp-session-description-handler';
import { ReinviteQueue, type ReinviteResult } from './reinvite-queue';
import type { SessionInternals } from './session-internals';
import { SessionState } from './session-state';

/** Decides which stream types of a peer's re-INVITE to accept (see `SessionOptions.proposalPolicy`). */
export type ProposalPolicy = (types: readonly MediaStreamType[]) => readonly MediaStreamType[] | Promise<readonly MediaStreamType[]>;

/**
 * Stream changes of an established session (seed: add_stream / remove_stream and the peer's proposals).
 * Ours go by re-INVITE through the `ReinviteQueue` (PROPOSING), with acceptedProposal / rejectedProposal
 * when settled; the peer's are answered by the proposal policy (PROPOSED).
 */
export class SessionProposals implements Disposable {
  readonly #session: SessionInternals;
  readonly #policy: ProposalPolicy;
  readonly #reinvites = new ReinviteQueue();

  constructor(session: SessionInternals, policy: ProposalPolicy = (types) => types) {
    this.#session = session;
    this.#policy = policy;
  }

  /** The ACK bookkeeping that gates our re-INVITEs (see `ReinviteQueue`). */
  get reinvites(): ReinviteQueue {
    return this.#reinvites;
  }

  /** Adds a stream by re-INVITE; resolves when the proposal is settled. */
  add(type: MediaStreamType, options?: StreamRequestOptions): Promise<void> {
    const session = this.#session;
    const factory = session.factory(type);
    session.requireEstablished();
    return this.#reinvites.run(async () => {
      session.requireEstablished();
      const stream = session.watch(factory.createForOffer(options));
      session.move(SessionState.Proposing);
      session.events.emit('gotProposal', { originator: 'local', streamTypes: [type] });
      session.changed();
      try {
        await stream.initialize(session.streamContext(), { kind: 'offer' });
      } catch (error) {
        this.#settled({ ok: false, code: 0, reason: `MSRP setup failed: ${describe(error)}` }, [stream]);
        return;
      }
      await this.#propose([stream], []);
    });
  }

  /** Removes a stream by re-INVITE with port 0 (RFC 3264 §8.2); removing the last one ends the session. */
  remove(streamId: StreamId): Promise<void> {
    const session = this.#session;
    session.requireEstablished();
    const streams = session.sdh.streams;
    const stream = streams.find((item) => item.id === streamId);
    if (stream === undefined) throw new ConflictError('That stream is not part of the session.');
    if (streams.length === 1) return session.end();
    return this.#reinvites.run(async () => {
      session.requireEstablished();
      session.move(SessionState.Proposing);
      session.changed();
      await this.#propose([], [stream]);
    });
  }

  /** The peer's re-INVITE brings streams of `types`: PROPOSED, and the policy picks the types to accept. */
  async answerRemote(types: readonly MediaStreamType[]): Promise<ReadonlySet<MediaStreamType>> {
    const session = this.#session;
    session.move(SessionState.Proposed);
    session.events.emit('gotProposal', { originator: 'remote', streamTypes: types });
    session.changed();
    return new Set(await this.#policy(types));
  }

  /** The peer's proposal was answered (or rolled back): report it and go back to ESTABLISHED. */
  remoteSettled(outcome: NegotiationOutcome): void {
    const session = this.#session;
    if (outcome.kind === 'rolled-back') {
      for (const stream of outcome.withdrawn ?? []) stream.refuse('the proposal failed');
      session.events.emit('rejectedProposal', { originator: 'remote', code: 488, reason: 'the offer could not be answered' });
    } else if (outcome.added.length > 0 || outcome.removed.length > 0) {
      session.events.emit('acceptedProposal', { originator: 'remote', streamIds: [...outcome.added, ...outcome.removed].map((stream) => stream.id) });
    } else if (outcome.refused.length > 0) {
      session.events.emit('rejectedProposal', { originator: 'remote', code: 200, reason: 'no offered stream was accepted' });
    }
    session.move(SessionState.Established);
  }

  dispose(): void {
    this.#reinvites.dispose();
  }

  async #propose(add: readonly MsrpStreamBase[], remove: readonly MsrpStreamBase[]): Promise<void> {
    const session = this.#session;
    const sip = session.sip;
    if (sip === undefined) return;
    const result = await this.#reinvites.send(sip, {
      ownsCallId: session.direction === 'outgoing',
      stillWanted: () => session.is(SessionState.Proposing),
      planOffer: () => session.sdh.planOffer(add, remove),
      dropPlan: () => void session.sdh.dropPlan(),
    });
    this.#settled(result, add, remove);
  }

  #settled(result: ReinviteResult, add: readonly MsrpStreamBase[], remove: readonly MsrpStreamBase[] = []): void {
    const session = this.#session;
    if (result.ok) {
      const accepted = add.filter((stream) => !stream.isFinal);
      if (accepted.length > 0 || remove.length > 0) {
        session.events.emit('acceptedProposal', { originator: 'local', streamIds: [...accepted, ...remove].map((stream) => stream.id) });
      } else {
        session.events.emit('rejectedProposal', { originator: 'local', code: 200, reason: 'the peer refused the stream' });
      }
    } else {
      for (const stream of add) stream.refuse(`the proposal failed: ${result.code} ${result.reason}`);
      session.events.emit('rejectedProposal', { originator: 'local', code: result.code, reason: result.reason });
    }
    if (session.is(SessionState.Proposing)) session.move(SessionState.Established);
    session.changed();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
