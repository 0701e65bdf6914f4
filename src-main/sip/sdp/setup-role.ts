import type { SetupRole } from './msrp-media-description';
import { SdpError } from './sdp-error';

/** Who opens the MSRP connection: us, the peer, or nobody yet (holdconn). */
export type MsrpConnector = 'local' | 'remote' | 'none';

/** How an account reaches the network: through its MSRP relay (RFC 4976) or directly (RFC 6135 ACM). */
export type MsrpConnectionModel = 'relay' | 'direct';

/** Our role resolved against the peer's, and who connects. */
export interface SetupOutcome {
  /** What we write (answerer) or wrote (offerer); never actpass once resolved. */
  readonly localSetup: Exclude<SetupRole, 'actpass'>;
  readonly remoteSetup: Exclude<SetupRole, 'actpass'>;
  readonly connector: MsrpConnector;
}

/**
 * Our answer to an actpass offer: behind a relay we answer passive so the peer reaches us through the relay
 * (it can always connect out); with direct connectivity we answer active and connect to the peer ourselves.
 * (The SIP SIMPLE client in relay mode answers active to actpass instead; pass 'active' to copy it.)
 */
export const ACTPASS_ANSWER: Readonly<Record<MsrpConnectionModel, 'active' | 'passive'>> = { relay: 'passive', direct: 'active' };

function outcome(localSetup: Exclude<SetupRole, 'actpass'>, remoteSetup: Exclude<SetupRole, 'actpass'>): SetupOutcome {
  const connector: MsrpConnector = localSetup === 'active' ? 'local' : remoteSetup === 'active' ? 'remote' : 'none';
  return { localSetup, remoteSetup, connector };
}

/**
 * The answerer's side of the RFC 6135 §4.1 / RFC 4145 §4.1 table:
 * offer active → answer passive; passive → active; actpass → active or passive (`actpassAnswer`);
 * holdconn → holdconn. Without a=setup the RFC 4975 connection model applies: the offerer is active and opens
 * the connection (RFC 6135 §1 restates it; RFC 4145 §4: a missing setup means active in an offer), so we wait.
 */
export function answerSetup(offered: SetupRole | undefined, actpassAnswer: 'active' | 'passive'): SetupOutcome {
  switch (offered) {
    case 'passive':
      return outcome('active', 'passive');
    case undefined:
    case 'active':
      return outcome('passive', 'active');
    case 'actpass':
      return outcome(actpassAnswer, actpassAnswer === 'active' ? 'passive' : 'active');
    case 'holdconn':
      return outcome('holdconn', 'holdconn');
  }
}

/**
 * The offerer's side: resolves what we offered against the answer. An answer without a=setup is an RFC 4975
 * peer, which waits for the offerer to connect (RFC 4145 §4: a missing setup means passive in an answer). Throws `SdpError` 'sdp/setup-conflict' (488) for combinations the
 * table forbids: an actpass answer (RFC 4145 §4.1), two actives, two passives.
 */
export function resolveOfferSetup(offered: SetupRole | undefined, answered: SetupRole | undefined): SetupOutcome {
  const local = offered ?? 'active';
  const remote = answered ?? 'passive';
  if (remote === 'actpass') throw conflict('the answer says actpass (RFC 4145 §4.1 forbids it)');
  // RFC 4145 §4.1: an answer may always hold the connection.
  if (remote === 'holdconn') return outcome('holdconn', 'holdconn');
  if (local === 'holdconn') throw conflict(`offered holdconn, answered ${remote}`);
  if (local === 'actpass') return outcome(remote === 'active' ? 'passive' : 'active', remote);
  if (local === remote) throw conflict(`both ends are ${local}`);
  return outcome(local, remote);
}

function conflict(message: string): SdpError {
  return new SdpError('sdp/setup-conflict', 488, `a=setup: ${message}`);
}
