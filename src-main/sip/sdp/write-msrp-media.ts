import { formatFileSelector } from './file-selector';
import { formatFileDate, formatFileRange } from './file-transfer-attributes';
import { isMediaTypePattern } from './media-type-match';
import type { MsrpMediaDescription } from './msrp-media-description';
import { formatPathAttribute } from './msrp-path-attribute';
import { SdpInvariantError } from './sdp-error';
import { isToken } from './sdp-grammar';
import type { MediaSection, SdpAttribute } from './session-description';

function attr(name: string, value?: string): SdpAttribute {
  return { name, value };
}

function typeList(name: string, types: readonly string[]): SdpAttribute {
  if (types.length === 0 || !types.every(isMediaTypePattern)) throw new SdpInvariantError(`a=${name} needs well-formed entries`);
  return attr(name, types.join(' '));
}

/**
 * Writes a typed MSRP media description as a media section, attributes in a fixed order (path first, as
 * peers print it; RFC 4975 §8 attributes, then RFC 5547, then the SIP SIMPLE client's, then the rest in
 * their original order). The media-level c= is written when present: RFC 8866 §5.7 needs one per section
 * unless the session has one.
 */
export function writeMsrpMedia(description: MsrpMediaDescription): MediaSection {
  const attributes: SdpAttribute[] = [];
  // RFC 3264 §6: a refused stream needs no MSRP attributes, and has no path to offer.
  if (description.path.length > 0) attributes.push(attr('path', formatPathAttribute(description.path)));
  else if (description.port !== 0) throw new SdpInvariantError('an MSRP stream with a port needs a=path (RFC 4975 §8.2)');
  if (description.acceptTypes.length > 0) attributes.push(typeList('accept-types', description.acceptTypes));
  if (description.acceptWrappedTypes !== undefined) attributes.push(typeList('accept-wrapped-types', description.acceptWrappedTypes));
  if (description.maxSize !== undefined) {
    if (!Number.isSafeInteger(description.maxSize) || description.maxSize < 0) throw new SdpInvariantError('a=max-size must be a non-negative integer');
    attributes.push(attr('max-size', String(description.maxSize)));
  }
  if (description.setup !== undefined) attributes.push(attr('setup', description.setup));
  if (description.tcpConnection !== undefined) attributes.push(attr('connection', description.tcpConnection));
  if (description.cema) attributes.push(attr('msrp-cema'));
  for (const fingerprint of description.fingerprints) {
    if (!isToken(fingerprint.hashFunction) || !/^[0-9A-F]{2}(?::[0-9A-F]{2})*$/.test(fingerprint.value)) {
      throw new SdpInvariantError('a=fingerprint malformed (RFC 8122 §5)');
    }
    attributes.push(attr('fingerprint', `${fingerprint.hashFunction} ${fingerprint.value}`));
  }
  // RFC 3264 §5.1: sendrecv is the default; the others are always written (RFC 5547 needs them explicit).
  if (description.direction !== 'sendrecv') attributes.push(attr(description.direction));
  const file = description.file;
  if (file !== undefined) {
    attributes.push(attr('file-selector', formatFileSelector(file.selector)));
    if (file.transferId !== undefined) attributes.push(attr('file-transfer-id', requireToken('file-transfer-id', file.transferId)));
    if (file.disposition !== undefined) attributes.push(attr('file-disposition', requireToken('file-disposition', file.disposition)));
    if (file.date !== undefined) attributes.push(attr('file-date', formatFileDate(file.date)));
    if (file.icon !== undefined) attributes.push(attr('file-icon', file.icon));
    if (file.range !== undefined) attributes.push(attr('file-range', formatFileRange(file.range)));
    if (file.xFileOffset) attributes.push(attr('x-file-offset'));
  }
  if (description.rfbSetup !== undefined) attributes.push(attr('rfbsetup', description.rfbSetup));
  for (const value of description.chatroom) attributes.push(attr('chatroom', value));
  for (const value of description.nickname) attributes.push(attr('nickname', value));
  attributes.push(...description.otherAttributes);
  return {
    media: description.media,
    port: description.port,
    portCount: undefined,
    proto: description.proto,
    formats: description.formats.length === 0 ? ['*'] : description.formats,
    information: undefined,
    connections: description.connection === undefined ? [] : [description.connection],
    bandwidths: [],
    key: undefined,
    attributes,
  };
}

function requireToken(name: string, value: string): string {
  // RFC 5547 §9: file-tr-id-value and file-disp-value are tokens.
  if (!isToken(value)) throw new SdpInvariantError(`a=${name} must be a token`);
  return value;
}
