import type { SessionFailure, SessionOriginator } from '../../../src-shared';

/** Why a session is ending, as far as it is known when the SIP dialog goes away. */
export type SessionCause =
  | { readonly kind: 'local-end' }
  | { readonly kind: 'remote-bye' }
  | { readonly kind: 'remote-cancel' }
  | { readonly kind: 'rejected'; readonly originator: SessionOriginator; readonly code: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly code: number; readonly reason: string };

/** How a session ended: a hang-up by one side (`endedBy`, seed didEnd) or a failure (seed didFail). */
export type SessionOutcome =
  | { readonly endedBy: SessionOriginator; readonly failure: null }
  | { readonly endedBy: null; readonly failure: SessionFailure };

/**
 * An established session ended by BYE from either side is a hang-up; anything else is a failure, and so is a
 * session we ended because its media failed (`mediaFailure`).
 */
export function sessionOutcome(cause: SessionCause | undefined, established: boolean, mediaFailure: string | undefined): SessionOutcome {
  if (mediaFailure !== undefined) return { endedBy: null, failure: { originator: 'local', code: 0, reason: mediaFailure } };
  if (established && (cause?.kind === 'local-end' || cause?.kind === 'remote-bye')) {
    return { endedBy: cause.kind === 'local-end' ? 'local' : 'remote', failure: null };
  }
  return { endedBy: null, failure: failureOf(cause, established) };
}

function failureOf(cause: SessionCause | undefined, established: boolean): SessionFailure {
  switch (cause?.kind) {
    case 'rejected':
      return { originator: cause.originator, code: cause.code, reason: cause.reason };
    case 'local-end':
      // RFC 3261 §9.1: the cancelled INVITE is answered 487.
      return { originator: 'local', code: 487, reason: 'Cancelled' };
    case 'remote-cancel':
      return { originator: 'remote', code: 487, reason: 'Cancelled by the caller' };
    case 'failed':
      return { originator: 'local', code: cause.code, reason: cause.reason };
    default:
      return { originator: 'local', code: 0, reason: established ? 'The session ended unexpectedly.' : 'The session could not be established.' };
  }
}
