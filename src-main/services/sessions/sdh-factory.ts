import type { Session as SipSession, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';
import type { MsrpSessionDescriptionHandler } from './msrp-session-description-handler';

// sip.js asks the UserAgent's factory for a handler per session; each Parley Session registers its own first.
const handlers = new WeakMap<SipSession, MsrpSessionDescriptionHandler>();

export function bindSessionDescriptionHandler(session: SipSession, handler: MsrpSessionDescriptionHandler): void {
  handlers.set(session, handler);
}

/** Set as `userAgent.configuration.sessionDescriptionHandlerFactory` of every account's UserAgent. */
export const msrpSessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory = (session: SipSession): SessionDescriptionHandler => {
  const handler = handlers.get(session);
  // A session Parley did not set up has no MSRP handler: sip.js turns the throw into a 488/failed offer.
  if (handler === undefined) throw new Error('no MSRP session description handler for this session');
  return handler;
};
