import { ChatFormatError, malformed } from './chat-format-error';
import type { CpimAddress } from './cpim-address';
import type { CpimMessageInit } from './cpim-message';
import { IMDN_NAMESPACE } from './imdn-headers';
import { formatRfc3339, parseRfc3339, type CpimDateTime } from './rfc3339';
import { childElement, parseXml, type XmlElement, type XmlLimits } from './xml-reader';
import { writeXml, type XmlNode } from './xml-writer';

/** RFC 5438 §10.1 media type and §10.2 XML namespace of the notification document. */
export const IMDN_CONTENT_TYPE = 'message/imdn+xml';
export const IMDN_XML_NAMESPACE = 'urn:ietf:params:xml:ns:imdn';

/** RFC 5438 §7.2.1: the statuses each notification kind may carry. */
export const IMDN_STATUSES = {
  delivery: ['delivered', 'failed', 'forbidden', 'error'],
  display: ['displayed', 'forbidden', 'error'],
  processing: ['processed', 'stored', 'forbidden', 'error'],
} as const;

export type ImdnKind = keyof typeof IMDN_STATUSES;
type StatusOf<K extends ImdnKind> = (typeof IMDN_STATUSES)[K][number];

interface ImdnCommon {
  /** The imdn.Message-ID of the message this notification is about. */
  readonly messageId: string;
  /** The DateTime of that message (RFC 5438 §7.2.1.2), copied so the sender can match it. */
  readonly dateTime: CpimDateTime;
  readonly recipientUri?: string;
  readonly originalRecipientUri?: string;
  readonly subject?: string;
}

export type ImdnNotification =
  | (ImdnCommon & { readonly kind: 'delivery'; readonly status: StatusOf<'delivery'> })
  | (ImdnCommon & { readonly kind: 'display'; readonly status: StatusOf<'display'> })
  | (ImdnCommon & { readonly kind: 'processing'; readonly status: StatusOf<'processing'> });

/** Writes the `message/imdn+xml` document (RFC 5438 §7.2.1, elements in the schema's order). */
export function formatImdnNotification(notification: ImdnNotification): Buffer {
  if (!(IMDN_STATUSES[notification.kind] as readonly string[]).includes(notification.status)) {
    throw new ChatFormatError('chat-format-unencodable', `status ${notification.status} is not a ${notification.kind} status`);
  }
  const children: XmlNode[] = [
    { name: 'message-id', children: [notification.messageId] },
    { name: 'datetime', children: [formatRfc3339(notification.dateTime)] },
  ];
  if (notification.recipientUri !== undefined) children.push({ name: 'recipient-uri', children: [notification.recipientUri] });
  if (notification.originalRecipientUri !== undefined) children.push({ name: 'original-recipient-uri', children: [notification.originalRecipientUri] });
  if (notification.subject !== undefined) children.push({ name: 'subject', children: [notification.subject] });
  children.push({ name: `${notification.kind}-notification`, children: [{ name: 'status', children: [{ name: notification.status }] }] });
  return Buffer.from(writeXml({ name: 'imdn', attributes: { xmlns: IMDN_XML_NAMESPACE }, children }), 'utf8');
}

/**
 * Reads a `message/imdn+xml` document. Strict about what the schema requires (message-id, datetime, exactly one
 * notification with one known status); elements it does not know are ignored (the schema allows extensions).
 */
export function parseImdnNotification(payload: Uint8Array | string, limits?: XmlLimits): ImdnNotification {
  const root = parseXml(payload, limits);
  if (root.ns !== IMDN_XML_NAMESPACE || root.name !== 'imdn') throw malformed(`not an IMDN document: <${root.name}> in ${JSON.stringify(root.ns)}`);
  const messageId = requiredText(root, 'message-id');
  const dateTime = parseRfc3339(requiredText(root, 'datetime'), { assumeUtc: true });
  const common: ImdnCommon = {
    messageId,
    dateTime,
    ...optionalText(root, 'recipient-uri', 'recipientUri'),
    ...optionalText(root, 'original-recipient-uri', 'originalRecipientUri'),
    ...optionalText(root, 'subject', 'subject'),
  };
  const found = (Object.keys(IMDN_STATUSES) as ImdnKind[])
    .map((kind) => [kind, childElement(root, IMDN_XML_NAMESPACE, `${kind}-notification`)] as const)
    .filter((entry): entry is readonly [ImdnKind, XmlElement] => entry[1] !== undefined);
  if (found.length !== 1) throw malformed(`IMDN document with ${found.length} notification elements`);
  const [kind, element] = found[0] as readonly [ImdnKind, XmlElement];
  const status = childElement(element, IMDN_XML_NAMESPACE, 'status');
  const values = (status?.children ?? []).filter((c) => c.ns === IMDN_XML_NAMESPACE && (IMDN_STATUSES[kind] as readonly string[]).includes(c.name));
  if (values.length !== 1) throw malformed(`IMDN ${kind}-notification without exactly one known status`);
  return { ...common, kind, status: (values[0] as XmlElement).name } as ImdnNotification;
}

/**
 * The CPIM message carrying a notification back to the sender (RFC 5438 §7.1.1.1): its own imdn.Message-ID and
 * DateTime, `Content-Disposition: notification`, and no notification request of its own.
 */
export function imdnNotificationMessage(options: {
  readonly from: CpimAddress;
  readonly to: CpimAddress;
  readonly messageId: string;
  readonly dateTime: CpimDateTime;
  readonly notification: ImdnNotification;
}): CpimMessageInit {
  return {
    from: options.from,
    to: [options.to],
    dateTime: options.dateTime,
    headers: [{ namespace: IMDN_NAMESPACE, prefix: 'imdn', name: 'Message-ID', value: options.messageId }],
    contentType: `${IMDN_CONTENT_TYPE}`,
    contentHeaders: [{ name: 'Content-Disposition', value: 'notification' }],
    body: formatImdnNotification(options.notification),
  };
}

function requiredText(root: XmlElement, name: string): string {
  const text = childElement(root, IMDN_XML_NAMESPACE, name)?.text.trim();
  if (text === undefined || text === '') throw malformed(`IMDN document without <${name}>`);
  return text;
}

function optionalText<K extends string>(root: XmlElement, name: string, key: K): Partial<Record<K, string>> {
  const text = childElement(root, IMDN_XML_NAMESPACE, name)?.text.trim();
  return text === undefined ? {} : ({ [key]: text } as Partial<Record<K, string>>);
}
