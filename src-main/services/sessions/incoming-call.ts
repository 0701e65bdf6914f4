import { Invitation } from 'sip.js';
import type { MediaStreamType } from '../../../src-shared';
import type { AcceptableOfferedStream } from '../../sip/sdp';
import { ConflictError } from '../errors';
import type { MsrpStreamBase } from '../streams';
import type { SessionInternals } from './session-internals';
import type { SessionProposals } from './session-proposals';
import { SessionState } from './session-state';

/**
 * The answering side (seed: accept / reject): the user's decision on an INVITE that reached the account,
 * and the streams that answer an offer — the INVITE the user accepted, or a peer's re-INVITE, whose types
 * the proposal policy picks.
 */
export class IncomingCall {
  readonly #session: SessionInternals;
  readonly #proposals: SessionProposals;
  #acceptTypes: ReadonlySet<MediaStreamType> | undefined;

  constructor(session: SessionInternals, proposals: SessionProposals) {
    this.#session = session;
    this.#proposals = proposals;
  }

  /** Accepts the offered streams of the given types (default: every type Parley implements). */
  async accept(types?: readonly MediaStreamType[]): Promise<void> {
    const session = this.#session;
    const sip = session.sip;
    if (!session.is(SessionState.Incoming) || !(sip instanceof Invitation)) throw new ConflictError(`The session is ${session.state}, not incoming.`);
    this.#acceptTypes = new Set(types ?? session.registry.types);
    session.move(SessionState.Accepting);
    session.changed();
    try {
      await sip.accept();
    } catch (error) {
      session.cause ??= { kind: 'failed', code: 0, reason: `could not accept: ${describe(error)}` };
      session.logger.warn('Accepting failed', { error: describe(error) });
    }
  }

  /** RFC 3261 §21.4.7 486 Busy Here for busy, §21.6.2 603 Decline otherwise. */
  async reject(reason: 'busy' | 'decline'): Promise<void> {
    const session = this.#session;
    const sip = session.sip;
    if (!session.is(SessionState.Incoming) || !(sip instanceof Invitation)) throw new ConflictError(`The session is ${session.state}, not incoming.`);
    const code = reason === 'busy' ? 486 : 603;
    session.cause = { kind: 'rejected', originator: 'local', code, reason: reason === 'busy' ? 'Busy Here' : 'Decline' };
    session.move(SessionState.Terminating);
    session.changed();
    await sip.reject({ statusCode: code });
  }

  /** The streams that take the offered m-lines we accept, initialized for answering, keyed by m-line index. */
  async prepareOffered(offered: readonly AcceptableOfferedStream[]): Promise<ReadonlyMap<number, MsrpStreamBase>> {
    const session = this.#session;
    const registry = session.registry;
    const types = offered.map((item) => registry.forOffered(item)?.type).filter((type): type is MediaStreamType => type !== undefined);
    // Answering the INVITE the user accepted, or a re-INVITE the proposal policy answers on its own.
    const userAccepted = session.is(SessionState.Accepting);
    const accepted = userAccepted ? (this.#acceptTypes ?? new Set(registry.types)) : await this.#proposals.answerRemote(types);
    const prepared = new Map<number, MsrpStreamBase>();
    const context = session.streamContext();
    await Promise.all(
      offered.map(async (item) => {
        const factory = registry.forOffered(item);
        if (factory === undefined || !accepted.has(factory.type)) return;
        const stream = session.watch(factory.createForAnswer(item, { userAccepted }));
        try {
          await stream.initialize(context, { kind: 'answer', offeredSetup: item.remote.setup });
          prepared.set(item.index, stream);
        } catch (error) {
          session.logger.info('An offered stream could not be prepared', { error: describe(error) });
        }
      }),
    );
    return prepared;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
