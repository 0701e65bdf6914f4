import { createTimeOrderedId } from '../../common';
import { cpimHeaderValues, type CpimExtensionHeader, type CpimMessage } from './cpim-message';

/** RFC 5438 §6.1: the CPIM header namespace of IMDN (written with the prefix `imdn`). */
export const IMDN_NAMESPACE = 'urn:ietf:params:imdn';

/** RFC 5438 §6.2 disposition types a sender may ask for. */
export const DISPOSITION_NOTIFICATIONS = ['positive-delivery', 'negative-delivery', 'display', 'processing'] as const;
export type DispositionNotification = (typeof DISPOSITION_NOTIFICATIONS)[number];

/** What a sender asks of the recipient: notifications about the message `messageId`. */
export interface ImdnRequest {
  readonly messageId: string;
  readonly notifications: readonly DispositionNotification[];
}

/**
 * RFC 5438 §6.3: a Message-ID unique to the sender with at least 32 bits of randomness; 64 random bits after
 * a time-ordered prefix here, 32 hex characters in all, which is also a valid MSRP Message-ID (RFC 4975 §9
 * `ident`, at most 32 characters), so one id names a chat message on both layers and in the history, where
 * it also orders messages stored in the same millisecond.
 */
export function createImdnMessageId(): string {
  return createTimeOrderedId();
}

/**
 * The CPIM headers asking for notifications (RFC 5438 §6.3, §6.2). RFC 5438 §6.3 also requires a DateTime
 * header on such a message: the caller sets `dateTime` on the CPIM message.
 */
export function imdnRequestHeaders(request: ImdnRequest): CpimExtensionHeader[] {
  const headers: CpimExtensionHeader[] = [{ namespace: IMDN_NAMESPACE, prefix: 'imdn', name: 'Message-ID', value: request.messageId }];
  if (request.notifications.length > 0) {
    headers.push({ namespace: IMDN_NAMESPACE, prefix: 'imdn', name: 'Disposition-Notification', value: [...new Set(request.notifications)].join(', ') });
  }
  return headers;
}

/** Reads the IMDN request headers of a received message; unknown disposition types are ignored (RFC 5438 §6.2). */
export function readImdnRequest(message: Pick<CpimMessage, 'headers'>): { messageId: string | undefined; notifications: DispositionNotification[] } {
  const messageId = cpimHeaderValues(message, IMDN_NAMESPACE, 'Message-ID')[0]?.trim();
  const notifications = new Set<DispositionNotification>();
  for (const value of cpimHeaderValues(message, IMDN_NAMESPACE, 'Disposition-Notification')) {
    for (const part of value.split(',')) {
      const type = part.trim().toLowerCase();
      if ((DISPOSITION_NOTIFICATIONS as readonly string[]).includes(type)) notifications.add(type as DispositionNotification);
    }
  }
  return { messageId: messageId === '' ? undefined : messageId, notifications: [...notifications] };
}
