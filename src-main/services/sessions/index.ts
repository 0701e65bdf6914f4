export { Session, type SessionOptions } from './session';
export { SessionManager, type SessionManagerEvents, type SessionManagerOptions } from './session-manager';
export { SessionState, assertSessionTransition, canMoveSession } from './session-state';
export type { SessionEvents } from './session-events';
export type { SessionAccount } from './session-account';
export { MsrpSessionDescriptionHandler, type MsrpSdhOptions, type NegotiationOutcome, type SdhDelegate } from './msrp-session-description-handler';
export { bindSessionDescriptionHandler, msrpSessionDescriptionHandlerFactory } from './sdh-factory';
export { requestPendingRetryDelay } from './reinvite-delay';
export { SessionTimers } from './session-timers';
