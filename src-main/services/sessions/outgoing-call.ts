import { Inviter, SessionState as SipSessionState, UserAgent } from 'sip.js';
import type { MediaStreamType, StreamRequestOptions } from '../../../src-shared';
import type { Disposable } from '../../common';
import { InvalidArgumentError } from '../errors';
import type { MsrpStreamBase } from '../streams';
import type { SessionInternals } from './session-internals';
import { SessionState } from './session-state';
import { SessionTimers } from './session-timers';

/**
 * Placing a session (seed: Session.connect): the offered streams are reserved first, then the INVITE goes
 * out; provisional responses become `ringing`, a final error becomes the cause, and a callee that never
 * answers is cancelled by the no-answer timer.
 */
export class OutgoingCall implements Disposable {
  readonly #session: SessionInternals;
  #noAnswerTimer: NodeJS.Timeout | undefined;

  constructor(session: SessionInternals) {
    this.#session = session;
  }

  /**
   * `prepared`: streams built by a service that owns them (a file transfer carries its file), offered instead
   * of fresh ones from the registry.
   */
  async connect(types: readonly MediaStreamType[], options?: StreamRequestOptions, prepared?: readonly MsrpStreamBase[]): Promise<void> {
    const session = this.#session;
    const target = UserAgent.makeURI(session.remoteUri);
    if (target === undefined) throw new InvalidArgumentError('That is not a SIP address.', 'target');
    const factories = prepared === undefined ? types.map((type) => session.factory(type)) : [];
    session.move(SessionState.Calling);
    session.events.emit('newOutgoing', { streamTypes: types });
    session.changed();
    const streams = (prepared ?? factories.map((factory) => factory.createForOffer(options))).map((stream) => session.watch(stream));
    const context = session.streamContext();
    try {
      // Relay reservations and listening ports come first: the offer carries their a=path (RFC 4975 §8.1).
      await Promise.all(streams.map((stream) => stream.initialize(context, { kind: 'offer' })));
    } catch (error) {
      for (const stream of streams) stream.refuse('the session could not start');
      session.cause ??= { kind: 'failed', code: 0, reason: `MSRP setup failed: ${describe(error)}` };
      session.finish();
      return;
    }
    if (!session.is(SessionState.Calling)) {
      for (const stream of streams) stream.refuse('the session ended');
      session.finish();
      return;
    }
    const inviter = new Inviter(session.account.userAgent, target, { delegate: session.sipDelegate() });
    session.attach(inviter);
    session.sdh.planOffer(streams);
    this.#startNoAnswerTimer(inviter);
    try {
      await inviter.invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode;
            // RFC 3261 §21.1.2/§21.1.5: 180 Ringing, 183 Session Progress.
            if (code === 180 || code === 183) session.events.emit('ringing', { code });
          },
          onReject: (response) => {
            session.cause ??= { kind: 'rejected', originator: 'remote', code: response.message.statusCode ?? 0, reason: response.message.reasonPhrase ?? '' };
          },
        },
      });
    } catch (error) {
      session.cause ??= { kind: 'failed', code: 0, reason: `the INVITE could not be sent: ${describe(error)}` };
      session.finish();
    }
  }

  /** The INVITE got its final response, or the session is ending: the no-answer timer has no more to do. */
  clearNoAnswerTimer(): void {
    clearTimeout(this.#noAnswerTimer);
    this.#noAnswerTimer = undefined;
  }

  dispose(): void {
    this.clearNoAnswerTimer();
  }

  /** RFC 3261 §9.1: nobody answered in time, so we CANCEL; the session fails with 408 (§21.4.9) as its cause. */
  #startNoAnswerTimer(inviter: Inviter): void {
    const session = this.#session;
    this.#noAnswerTimer = setTimeout(() => {
      this.#noAnswerTimer = undefined;
      if (!session.is(SessionState.Calling)) return;
      session.logger.info('No answer: cancelling the INVITE', { afterMs: SessionTimers.noAnswerMs });
      session.cause = { kind: 'failed', code: 408, reason: 'No answer' };
      session.move(SessionState.Terminating);
      session.changed();
      // sip.js holds the CANCEL until a provisional response has come (§9.1); without one, Timer B ends it.
      if (inviter.state !== SipSessionState.Terminated) void inviter.cancel().catch(() => undefined);
    }, SessionTimers.noAnswerMs);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
