import { SdpInvariantError } from './sdp-error';
import { isByteString, isNonWsString, isToken } from './sdp-grammar';
import type { MediaSection, SdpAttribute, SdpConnection, SessionDescription } from './session-description';

/**
 * Writes an SDP body with CRLF line ends in RFC 8866 §5 order (session: v o s i u e p c b t r z k a; media:
 * m i c b k a). Values that would break the line structure are a caller bug: `SdpInvariantError`.
 */
export function serializeSessionDescription(description: SessionDescription): string {
  const lines: string[] = [];
  const push = (type: string, value: string): void => {
    // RFC 8866 §5: a value never contains NUL, CR or LF; one would inject lines.
    if (!isByteString(value)) throw new SdpInvariantError(`${type}= value contains NUL, CR or LF`);
    lines.push(`${type}=${value}`);
  };
  const { origin } = description;
  push('v', '0');
  for (const field of [origin.username, origin.sessionId, origin.sessionVersion, origin.netType, origin.addrType, origin.address]) {
    if (!isNonWsString(field)) throw new SdpInvariantError(`o= field ${JSON.stringify(field)} is empty or has spaces`);
  }
  push('o', [origin.username, origin.sessionId, origin.sessionVersion, origin.netType, origin.addrType, origin.address].join(' '));
  if (description.sessionName.length === 0) throw new SdpInvariantError('s= must not be empty (RFC 8866 §5.3)');
  push('s', description.sessionName);
  if (description.information !== undefined) push('i', description.information);
  if (description.uri !== undefined) push('u', description.uri);
  for (const email of description.emails) push('e', email);
  for (const phone of description.phones) push('p', phone);
  if (description.connection !== undefined) push('c', formatConnection(description.connection));
  for (const bandwidth of description.bandwidths) push('b', bandwidth);
  if (description.timings.length === 0) throw new SdpInvariantError('at least one t= is required (RFC 8866 §5.9)');
  for (const timing of description.timings) {
    push('t', `${timing.start} ${timing.stop}`);
    for (const repeat of timing.repeats) push('r', repeat);
  }
  if (description.zone !== undefined) push('z', description.zone);
  if (description.key !== undefined) push('k', description.key);
  for (const attribute of description.attributes) push('a', formatAttribute(attribute));
  for (const section of description.media) serializeMedia(section, push);
  return lines.map((line) => `${line}\r\n`).join('');
}

function serializeMedia(section: MediaSection, push: (type: string, value: string) => void): void {
  if (!(Number.isInteger(section.port) && section.port >= 0 && section.port <= 65_535)) {
    throw new SdpInvariantError(`m= port ${section.port} out of range`);
  }
  if (!isToken(section.media) || !section.proto.split('/').every(isToken)) {
    throw new SdpInvariantError(`m= media ${JSON.stringify(section.media)} or proto ${JSON.stringify(section.proto)} malformed`);
  }
  if (section.formats.length === 0 || !section.formats.every(isToken)) {
    throw new SdpInvariantError('m= needs at least one token format (RFC 8866 §5.14)');
  }
  const port = section.portCount === undefined ? `${section.port}` : `${section.port}/${section.portCount}`;
  push('m', [section.media, port, section.proto, ...section.formats].join(' '));
  if (section.information !== undefined) push('i', section.information);
  for (const connection of section.connections) push('c', formatConnection(connection));
  for (const bandwidth of section.bandwidths) push('b', bandwidth);
  if (section.key !== undefined) push('k', section.key);
  for (const attribute of section.attributes) push('a', formatAttribute(attribute));
}

function formatConnection(connection: SdpConnection): string {
  for (const field of [connection.netType, connection.addrType, connection.address]) {
    if (!isNonWsString(field)) throw new SdpInvariantError(`c= field ${JSON.stringify(field)} is empty or has spaces`);
  }
  return `${connection.netType} ${connection.addrType} ${connection.address}`;
}

function formatAttribute(attribute: SdpAttribute): string {
  if (!isToken(attribute.name)) throw new SdpInvariantError(`a= name ${JSON.stringify(attribute.name)} is not a token`);
  return attribute.value === undefined ? attribute.name : `${attribute.name}:${attribute.value}`;
}
