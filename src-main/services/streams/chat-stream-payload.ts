import {
  CPIM_CONTENT_TYPE,
  ChatFormatError,
  IMDN_CONTENT_TYPE,
  IMDN_NAMESPACE,
  ISCOMPOSING_CONTENT_TYPE,
  formatCpim,
  imdnRequestHeaders,
  isTextMediaType,
  localDateTime,
  parseCpim,
  parseImdnNotification,
  parseIsComposing,
  parseMediaType,
  readImdnRequest,
  unsupportedRequired,
  type CpimAddress,
  type DispositionNotification,
  type ImdnNotification,
  type IsComposing,
} from '../chat-formats';
import { acceptsMediaType, type ChatTypeNegotiation } from '../../sip/sdp';
import type { ImdnRequestInfo } from './chat-stream-types';

/** How a payload of some media type goes to the peer. */
export type ChatSendMode = 'cpim' | 'bare' | 'refused';

/**
 * RFC 4975 §8.6 and the SIP SIMPLE client's rule: CPIM whenever both sides list message/cpim and the peer takes
 * the type inside it (accept-wrapped-types); bare when the peer lists the type itself; otherwise the peer would
 * answer 415, so we do not send it at all.
 */
export function chatSendMode(negotiation: ChatTypeNegotiation | undefined, mediaType: string): ChatSendMode {
  if (negotiation === undefined) return 'bare';
  if (negotiation.cpim && acceptsMediaType(negotiation.sendWrapped, mediaType)) return 'cpim';
  if (acceptsMediaType(negotiation.sendBare, mediaType)) return 'bare';
  return 'refused';
}

export interface CpimWrapInit {
  readonly from: CpimAddress;
  readonly to: CpimAddress;
  readonly time: number;
  readonly contentType: string;
  readonly body: Uint8Array | string;
  readonly subject?: string;
  /** imdn.Message-ID and the notifications asked for (RFC 5438 §6.3); omitted for is-composing. */
  readonly imdn?: { readonly messageId: string; readonly notifications: readonly DispositionNotification[] };
}

/** RFC 3862 §3 message/cpim with From, To, DateTime (required with IMDN, RFC 5438 §6.3), Subject and the IMDN NS. */
export function wrapCpim(init: CpimWrapInit): Buffer {
  return formatCpim({
    from: init.from,
    to: [init.to],
    dateTime: localDateTime(init.time),
    ...(init.subject === undefined ? {} : { subjects: [{ value: init.subject }] }),
    ...(init.imdn === undefined ? {} : { headers: imdnRequestHeaders(init.imdn) }),
    contentType: init.contentType,
    body: init.body,
  });
}

export type DecodedChatPayload =
  | {
      readonly kind: 'text';
      readonly text: string;
      /** Essence of the (inner) type, e.g. `text/plain`. */
      readonly contentType: string;
      /** The sender's DateTime, else the receive time. */
      readonly time: number;
      readonly from: CpimAddress | undefined;
      readonly imdn: ImdnRequestInfo | undefined;
    }
  | { readonly kind: 'composing'; readonly composing: IsComposing }
  | { readonly kind: 'notification'; readonly notification: ImdnNotification }
  /** Nothing to show: an unsupported or unaccepted type, a malformed payload, a Require we do not understand. */
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Reads one chat payload, bare or inside CPIM, the same way for MSRP SEND bodies and SIP MESSAGE bodies.
 * `acceptWrapped` is what we take inside CPIM (our accept-wrapped-types); anything else is ignored with a reason.
 */
export function decodeChatPayload(contentType: string, body: Uint8Array, acceptWrapped: readonly string[], now: number): DecodedChatPayload {
  try {
    const outer = parseMediaType(contentType);
    if (outer.essence !== CPIM_CONTENT_TYPE) return decodeInner(outer.essence, isTextMediaType(outer), body, now, undefined, undefined);
    const cpim = parseCpim(body);
    // RFC 3862 §4.7: headers listed in Require that we do not understand forbid processing the message.
    const understood = cpim.headers.filter((h) => h.namespace === IMDN_NAMESPACE).map((h) => (h.prefix ? `${h.prefix}.${h.name}` : h.name));
    const unknown = unsupportedRequired(cpim, understood);
    if (unknown.length > 0) return { kind: 'ignored', reason: `CPIM Require lists ${unknown.join(', ')}` };
    const inner = parseMediaType(cpim.contentType);
    if (!acceptsMediaType(acceptWrapped, inner.essence)) return { kind: 'ignored', reason: `${inner.essence} is not accepted inside CPIM` };
    const request = readImdnRequest(cpim);
    const time = cpim.dateTime?.epochMs ?? now;
    const imdn =
      request.messageId !== undefined && cpim.dateTime !== undefined
        ? { messageId: request.messageId, dateTime: cpim.dateTime, notifications: request.notifications }
        : undefined;
    return decodeInner(inner.essence, isTextMediaType(inner), cpim.body, time, cpim.from, imdn);
  } catch (error) {
    if (error instanceof ChatFormatError) return { kind: 'ignored', reason: `${error.code}: ${error.message}` };
    throw error;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeInner(
  essence: string,
  text: boolean,
  body: Uint8Array,
  time: number,
  from: CpimAddress | undefined,
  imdn: ImdnRequestInfo | undefined,
): DecodedChatPayload {
  if (essence === ISCOMPOSING_CONTENT_TYPE) return { kind: 'composing', composing: parseIsComposing(body) };
  if (essence === IMDN_CONTENT_TYPE) return { kind: 'notification', notification: parseImdnNotification(body) };
  if (!essence.startsWith('text/')) return { kind: 'ignored', reason: `${essence} cannot be shown yet` };
  if (!text) return { kind: 'ignored', reason: `${essence} in a character set other than UTF-8` };
  let decoded: string;
  try {
    decoded = utf8.decode(body);
  } catch {
    return { kind: 'ignored', reason: `${essence} body is not UTF-8` };
  }
  return { kind: 'text', text: decoded, contentType: essence, time, from, imdn };
}
