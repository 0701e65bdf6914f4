import { parseFileSelector } from './file-selector';
import { parseFileDate, parseFileRange, parseFileToken } from './file-transfer-attributes';
import { isMediaTypePattern } from './media-type-match';
import {
  isMsrpProto,
  type FileTransferDescription,
  type Fingerprint,
  type MediaDirection,
  type MsrpMediaDescription,
  type RfbSetup,
  type SetupRole,
  type TcpConnectionAttribute,
} from './msrp-media-description';
import { parsePathAttribute } from './msrp-path-attribute';
import { SdpError } from './sdp-error';
import { DIGITS_RE } from './sdp-grammar';
import type { MediaSection, SdpAttribute, SessionDescription } from './session-description';

const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
const SETUP_ROLES: readonly string[] = ['active', 'passive', 'actpass', 'holdconn'];

/** Attributes modelled by `MsrpMediaDescription`; everything else lands in `otherAttributes`. */
const MODELLED = new Set([
  'path',
  'accept-types',
  'accept-wrapped-types',
  'max-size',
  'setup',
  'connection',
  'msrp-cema',
  'fingerprint',
  ...DIRECTIONS,
  'rfbsetup',
  'chatroom',
  'nickname',
]);

/** Modelled only when a file-selector makes the stream a file transfer; kept as other attributes otherwise. */
const FILE_ATTRIBUTES = new Set(['file-selector', 'file-transfer-id', 'file-disposition', 'file-date', 'file-icon', 'file-range', 'x-file-offset']);

/** True when the section is `m=message|application <port> TCP/MSRP|TCP/TLS/MSRP` (RFC 4975 §8.1). */
export function isMsrpMediaSection(section: MediaSection): boolean {
  return (section.media === 'message' || section.media === 'application') && isMsrpProto(section.proto);
}

function bad(message: string): SdpError {
  return new SdpError('sdp/bad-attribute', 400, message);
}

/** The value of the only `name` attribute, undefined when absent; a repeated one is malformed. */
function single(attributes: readonly SdpAttribute[], name: string): SdpAttribute | undefined {
  const found = attributes.filter((attribute) => attribute.name === name);
  if (found.length > 1) throw bad(`a=${name} appears ${found.length} times`);
  return found[0];
}

function valueOf(attributes: readonly SdpAttribute[], name: string): string | undefined {
  const attribute = single(attributes, name);
  if (attribute !== undefined && (attribute.value === undefined || attribute.value.length === 0)) throw bad(`a=${name} without value`);
  return attribute?.value;
}

function direction(attributes: readonly SdpAttribute[]): MediaDirection | undefined {
  const found = attributes.filter((attribute) => DIRECTIONS.includes(attribute.name));
  // RFC 3264 §5.1: one direction per stream.
  if (found.length > 1) throw new SdpError('sdp/bad-direction', 400, 'more than one direction attribute');
  return found[0]?.name as MediaDirection | undefined;
}

/** RFC 4975 §8.6: format-list = format-entry *(SP format-entry), split on spaces. */
function mediaTypeList(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const entries = value.split(/[ \t]+/).filter((entry) => entry.length > 0);
  if (entries.length === 0 || !entries.every(isMediaTypePattern)) throw bad(`a=${name} malformed`);
  return entries;
}

/** RFC 8122 §5: hash-func SP fingerprint, fingerprint = 2UHEX *(":" 2UHEX). */
function fingerprint(attribute: SdpAttribute): Fingerprint {
  const match = /^([!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+) ([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*)$/.exec(attribute.value ?? '');
  if (match === null) throw bad('a=fingerprint malformed');
  return { hashFunction: (match[1] as string).toLowerCase(), value: (match[2] as string).toUpperCase() };
}

function fileTransfer(attributes: readonly SdpAttribute[]): FileTransferDescription | undefined {
  const selector = valueOf(attributes, 'file-selector');
  if (selector === undefined) return undefined;
  const transferId = valueOf(attributes, 'file-transfer-id');
  const disposition = valueOf(attributes, 'file-disposition');
  const date = valueOf(attributes, 'file-date');
  const range = valueOf(attributes, 'file-range');
  const offset = single(attributes, 'x-file-offset');
  return {
    selector: parseFileSelector(selector),
    transferId: transferId === undefined ? undefined : parseFileToken('file-transfer-id', transferId),
    disposition: disposition === undefined ? undefined : parseFileToken('file-disposition', disposition),
    date: date === undefined ? undefined : parseFileDate(date),
    icon: valueOf(attributes, 'file-icon'),
    range: range === undefined ? undefined : parseFileRange(range),
    xFileOffset: offset !== undefined,
  };
}

/**
 * Reads an MSRP media section into its typed form. `session` supplies the inherited c= and direction
 * (RFC 8866 §5.7, §6.7). Throws `SdpError`: 'sdp/not-msrp' (488) for other media, 400 codes for a malformed
 * MSRP attribute. A port-0 section needs no path or accept-types (RFC 3264 §6: attributes are moot there).
 */
export function readMsrpMedia(section: MediaSection, session?: Pick<SessionDescription, 'connection' | 'attributes'>): MsrpMediaDescription {
  if (!isMsrpMediaSection(section) || !isMsrpProto(section.proto)) {
    throw new SdpError('sdp/not-msrp', 488, `m=${section.media} ${section.proto} is not an MSRP stream`);
  }
  const attributes = section.attributes;
  const active = section.port !== 0;
  const pathValue = valueOf(attributes, 'path');
  // RFC 4975 §8.2: a=path is mandatory in every MSRP media section that is not refused.
  if (pathValue === undefined && active) throw new SdpError('sdp/bad-path', 400, 'MSRP media without a=path');
  const acceptTypes = mediaTypeList('accept-types', valueOf(attributes, 'accept-types'));
  // RFC 4975 §8.6: accept-types MUST be present.
  if (acceptTypes === undefined && active) throw bad('MSRP media without a=accept-types');
  const maxSize = valueOf(attributes, 'max-size');
  if (maxSize !== undefined && (!DIGITS_RE.test(maxSize) || !Number.isSafeInteger(Number(maxSize)))) throw bad('a=max-size malformed');
  const setup = valueOf(attributes, 'setup');
  if (setup !== undefined && !SETUP_ROLES.includes(setup)) throw bad(`a=setup:${setup} unknown (RFC 4145 §4)`);
  const tcpConnection = valueOf(attributes, 'connection');
  if (tcpConnection !== undefined && tcpConnection !== 'new' && tcpConnection !== 'existing') throw bad('a=connection unknown (RFC 4145 §5)');
  const cema = single(attributes, 'msrp-cema');
  if (cema !== undefined && cema.value !== undefined) throw bad('a=msrp-cema takes no value (RFC 6714 §4)');
  const rfbSetup = valueOf(attributes, 'rfbsetup');
  if (rfbSetup !== undefined && rfbSetup !== 'active' && rfbSetup !== 'passive') throw bad('a=rfbsetup unknown');
  const verbatim = (name: string): string[] => attributes.filter((a) => a.name === name).map((a) => a.value ?? '');
  for (const attribute of attributes) {
    if (DIRECTIONS.includes(attribute.name) && attribute.value !== undefined) throw new SdpError('sdp/bad-direction', 400, `a=${attribute.name} takes no value`);
  }
  const file = fileTransfer(attributes);
  return {
    media: section.media as 'message' | 'application',
    port: section.port,
    proto: section.proto,
    formats: section.formats,
    connection: section.connections[0] ?? session?.connection,
    path: pathValue === undefined ? [] : parsePathAttribute(pathValue),
    acceptTypes: acceptTypes ?? [],
    acceptWrappedTypes: mediaTypeList('accept-wrapped-types', valueOf(attributes, 'accept-wrapped-types')),
    maxSize: maxSize === undefined ? undefined : Number(maxSize),
    setup: setup as SetupRole | undefined,
    tcpConnection: tcpConnection as TcpConnectionAttribute | undefined,
    cema: cema !== undefined,
    fingerprints: attributes.filter((a) => a.name === 'fingerprint').map(fingerprint),
    direction: direction(attributes) ?? (session === undefined ? undefined : direction(session.attributes)) ?? 'sendrecv',
    file,
    rfbSetup: rfbSetup as RfbSetup | undefined,
    chatroom: verbatim('chatroom'),
    nickname: verbatim('nickname'),
    otherAttributes: attributes.filter(
      (attribute) => !MODELLED.has(attribute.name) && !(file !== undefined && FILE_ATTRIBUTES.has(attribute.name)),
    ),
  };
}
