import { malformed } from './chat-format-error';
import { formatRfc3339, parseRfc3339, type CpimDateTime } from './rfc3339';
import { childElement, parseXml, type XmlLimits } from './xml-reader';
import { writeXml, type XmlNode } from './xml-writer';

/** RFC 3994 §8.1 media type and §8.2 namespace. */
export const ISCOMPOSING_CONTENT_TYPE = 'application/im-iscomposing+xml';
export const ISCOMPOSING_NAMESPACE = 'urn:ietf:params:xml:ns:im-iscomposing';

export type ComposingState = 'active' | 'idle';

/** An isComposing status message (RFC 3994 §3.4, schema §6). */
export interface IsComposing {
  readonly state: ComposingState;
  /** When the composer was last active (§3.4; sent with idle). */
  readonly lastActive?: CpimDateTime;
  /** What is being composed, e.g. `text/plain` or `audio` (§3.4). */
  readonly contentType?: string;
  /** Seconds until the receiver lets an active state expire (§3.2; sent with active). */
  readonly refreshSeconds?: number;
}

export function formatIsComposing(message: IsComposing): Buffer {
  const children: XmlNode[] = [{ name: 'state', children: [message.state] }];
  if (message.lastActive !== undefined) children.push({ name: 'lastactive', children: [formatRfc3339(message.lastActive)] });
  if (message.contentType !== undefined) children.push({ name: 'contenttype', children: [message.contentType] });
  if (message.refreshSeconds !== undefined) {
    if (!Number.isInteger(message.refreshSeconds) || message.refreshSeconds <= 0) throw malformed(`refresh must be a positive integer, not ${message.refreshSeconds}`);
    children.push({ name: 'refresh', children: [String(message.refreshSeconds)] });
  }
  return Buffer.from(writeXml({ name: 'isComposing', attributes: { xmlns: ISCOMPOSING_NAMESPACE }, children }), 'utf8');
}

/** Reads an isComposing document; unknown elements are ignored (the schema's `##other`), a bad state is refused. */
export function parseIsComposing(payload: Uint8Array | string, limits?: XmlLimits): IsComposing {
  const root = parseXml(payload, limits);
  if (root.ns !== ISCOMPOSING_NAMESPACE || root.name !== 'isComposing') throw malformed(`not an isComposing document: <${root.name}>`);
  const state = childElement(root, ISCOMPOSING_NAMESPACE, 'state')?.text.trim();
  if (state !== 'active' && state !== 'idle') throw malformed(`isComposing state ${JSON.stringify(state)} is neither active nor idle`);
  const lastActive = childElement(root, ISCOMPOSING_NAMESPACE, 'lastactive')?.text.trim();
  const contentType = childElement(root, ISCOMPOSING_NAMESPACE, 'contenttype')?.text.trim();
  const refresh = childElement(root, ISCOMPOSING_NAMESPACE, 'refresh')?.text.trim();
  if (refresh !== undefined && !/^[0-9]{1,9}$/.test(refresh)) throw malformed(`isComposing refresh ${JSON.stringify(refresh)} is not a positive integer`);
  const refreshSeconds = refresh === undefined ? undefined : Number(refresh);
  if (refreshSeconds === 0) throw malformed('isComposing refresh of 0');
  return {
    state,
    // xs:dateTime may omit the offset (read as UTC).
    ...(lastActive === undefined || lastActive === '' ? {} : { lastActive: parseRfc3339(lastActive, { assumeUtc: true }) }),
    ...(contentType === undefined || contentType === '' ? {} : { contentType }),
    ...(refreshSeconds === undefined ? {} : { refreshSeconds }),
  };
}
