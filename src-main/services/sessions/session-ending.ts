import { Inviter, SessionState as SipSessionState } from 'sip.js';
import type { IncomingCall } from './incoming-call';
import type { SessionInternals } from './session-internals';
import { SessionState } from './session-state';

/**
 * Ending a session (seed: end) by the means its state allows: CANCEL while calling (RFC 3261 §9.1), BYE
 * once established (§15.1), 603 for one still incoming; an accepted one that is not established yet ends
 * as soon as it is.
 */
export class SessionEnding {
  readonly #session: SessionInternals;
  readonly #incoming: IncomingCall;
  #endWhenEstablished = false;

  constructor(session: SessionInternals, incoming: IncomingCall) {
    this.#session = session;
    this.#incoming = incoming;
  }

  /** `end()` came while accepting: the session ends once established. */
  get endWhenEstablished(): boolean {
    return this.#endWhenEstablished;
  }

  async end(): Promise<void> {
    const session = this.#session;
    const sip = session.sip;
    switch (session.state) {
      case SessionState.Null:
      case SessionState.Terminating:
      case SessionState.Terminated:
        return;
      case SessionState.Incoming:
        return this.#incoming.reject('decline');
      case SessionState.Accepting:
        // sip.js cannot send BYE before its 200 is out: end as soon as the session is established.
        this.#endWhenEstablished = true;
        return;
      case SessionState.Calling:
        session.cause = { kind: 'local-end' };
        session.move(SessionState.Terminating);
        session.changed();
        if (sip instanceof Inviter && sip.state !== SipSessionState.Terminated) await sip.cancel().catch(() => undefined);
        else if (sip === undefined) session.finish();
        return;
      default:
        session.cause = { kind: 'local-end' };
        session.events.emit('willEnd', { originator: 'local' });
        session.move(SessionState.Terminating);
        session.changed();
        try {
          await sip?.bye();
        } catch (error) {
          session.logger.warn('BYE failed', { error: describe(error) });
          session.finish();
        }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
