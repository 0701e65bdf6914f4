import type { MediaDirection, MsrpMediaDescription, MsrpMediaType, RfbSetup } from './msrp-media-description';
import { acceptsMediaType } from './media-type-match';

/**
 * Our part in a stream. Offering `file-sender` is a file push, offering `file-receiver` a pull (RFC 5547 §5);
 * the desktop viewer is `rfbsetup:active`, the server `rfbsetup:passive`.
 */
export type MsrpStreamRole = 'chat' | 'file-sender' | 'file-receiver' | 'desktop-viewer' | 'desktop-server';

export const RFB_MEDIA_TYPE = 'application/x-rfb';

/** The accept-types the SIP SIMPLE client family sends per stream type (chat: CPIM and is-composing). */
export const DEFAULT_ACCEPT_TYPES: Readonly<Record<MsrpStreamRole, readonly string[]>> = {
  chat: ['message/cpim', 'text/*', 'image/*', 'application/im-iscomposing+xml'],
  'file-sender': ['*'],
  'file-receiver': ['*'],
  'desktop-viewer': [RFB_MEDIA_TYPE],
  'desktop-server': [RFB_MEDIA_TYPE],
};

export const DEFAULT_CHAT_WRAPPED_TYPES: readonly string[] = ['text/*', 'image/*', 'application/im-iscomposing+xml'];

export function roleMediaType(role: MsrpStreamRole): MsrpMediaType {
  return role === 'desktop-viewer' || role === 'desktop-server' ? 'application' : 'message';
}

/** The direction we write for a role: file transfer is one-way (RFC 5547 §6), the rest sendrecv. */
export function roleDirection(role: MsrpStreamRole): MediaDirection {
  return role === 'file-sender' ? 'sendonly' : role === 'file-receiver' ? 'recvonly' : 'sendrecv';
}

export function roleRfbSetup(role: MsrpStreamRole): RfbSetup | undefined {
  return role === 'desktop-viewer' ? 'active' : role === 'desktop-server' ? 'passive' : undefined;
}

/** Why a stream cannot be used as described. */
export type RoleProblem = 'file-direction' | 'chat-direction' | 'unknown-application';

/**
 * The role a description gives the side that wrote it: a file-selector makes a file transfer whose
 * direction says who sends (sendrecv and inactive are refused, RFC 5547 §6: a transfer goes one way);
 * `m=application` with application/x-rfb is desktop sharing; other `m=message` streams are chat.
 */
export function describedRole(description: MsrpMediaDescription): MsrpStreamRole | RoleProblem {
  if (description.file !== undefined) {
    if (description.direction === 'sendonly') return 'file-sender';
    if (description.direction === 'recvonly') return 'file-receiver';
    return 'file-direction';
  }
  if (description.media === 'application') {
    if (!acceptsMediaTypeLiteral(description.acceptTypes, RFB_MEDIA_TYPE)) return 'unknown-application';
    // The SIP SIMPLE client reads a missing rfbsetup as active (the offerer views).
    return (description.rfbSetup ?? 'active') === 'active' ? 'desktop-viewer' : 'desktop-server';
  }
  // The SIP SIMPLE client refuses chat that is not sendrecv; so do we (half a conversation is no chat).
  return description.direction === 'sendrecv' ? 'chat' : 'chat-direction';
}

/** Desktop sharing must be named explicitly: `*` in accept-types does not make a stream RFB. */
function acceptsMediaTypeLiteral(types: readonly string[], mediaType: string): boolean {
  return acceptsMediaType(types.filter((t) => t !== '*' && !t.endsWith('/*')), mediaType);
}

/** The role of the other side of a stream. */
export function peerRole(role: MsrpStreamRole): MsrpStreamRole {
  switch (role) {
    case 'file-sender':
      return 'file-receiver';
    case 'file-receiver':
      return 'file-sender';
    case 'desktop-viewer':
      return 'desktop-server';
    case 'desktop-server':
      return 'desktop-viewer';
    case 'chat':
      return 'chat';
  }
}
