import type { FileTransferDescription, MsrpMediaDescription, SetupRole } from './msrp-media-description';
import { endpointMediaValues, type LocalMsrpEndpoint } from './local-msrp-endpoint';
import {
  DEFAULT_ACCEPT_TYPES,
  DEFAULT_CHAT_WRAPPED_TYPES,
  roleDirection,
  roleMediaType,
  roleRfbSetup,
  type MsrpStreamRole,
} from './msrp-stream-role';
import { SdpInvariantError } from './sdp-error';
import type { SdpAttribute, SdpOrigin, SessionDescription } from './session-description';
import { writeMsrpMedia } from './write-msrp-media';

/** One stream we want: our role, where we are reached and what we accept. */
export interface LocalStreamSpec {
  readonly role: MsrpStreamRole;
  readonly endpoint: LocalMsrpEndpoint;
  /** Default per role (`DEFAULT_ACCEPT_TYPES`). */
  readonly acceptTypes?: readonly string[];
  /** Chat default `DEFAULT_CHAT_WRAPPED_TYPES`; other roles none. */
  readonly acceptWrappedTypes?: readonly string[];
  /** File roles only (required there). `xFileOffset` advertises FILE_OFFSET resume. */
  readonly file?: FileTransferDescription;
  readonly chatroom?: readonly string[];
  readonly nickname?: readonly string[];
  readonly otherAttributes?: readonly SdpAttribute[];
}

/** Our o= line inputs (RFC 8866 §5.2). */
export interface LocalOrigin {
  /** Default "-" (RFC 8866 §5.2: no user ids). */
  readonly username?: string;
  /** Digits, unique per session (RFC 8866 §5.2 suggests an NTP timestamp). */
  readonly sessionId: string;
  /** Digits; increase it with every new offer (RFC 3264 §8). */
  readonly sessionVersion: string;
  /** The address in o= and in the session-level c=. */
  readonly address: string;
}

export interface OfferInput {
  readonly origin: LocalOrigin;
  /** Default "-". */
  readonly sessionName?: string;
  readonly streams: readonly LocalStreamSpec[];
  /** Our a=setup in every stream; default actpass (RFC 6135 §4.1: an offerer SHOULD offer actpass). */
  readonly setup?: SetupRole;
}

/** Builds the typed media description of one stream we offer (or, with `setup` resolved, answer). */
export function localStreamDescription(spec: LocalStreamSpec, setup: SetupRole | undefined): MsrpMediaDescription {
  const values = endpointMediaValues(spec.endpoint);
  const isFile = spec.role === 'file-sender' || spec.role === 'file-receiver';
  if (isFile !== (spec.file !== undefined)) {
    throw new SdpInvariantError(`a ${spec.role} stream ${isFile ? 'needs' : 'takes no'} file attributes`);
  }
  return {
    media: roleMediaType(spec.role),
    port: values.port,
    proto: values.proto,
    formats: ['*'],
    connection: values.connection,
    path: [...spec.endpoint.path],
    acceptTypes: spec.acceptTypes ?? DEFAULT_ACCEPT_TYPES[spec.role],
    acceptWrappedTypes: spec.acceptWrappedTypes ?? (spec.role === 'chat' ? DEFAULT_CHAT_WRAPPED_TYPES : undefined),
    maxSize: spec.endpoint.maxSize,
    setup,
    tcpConnection: undefined,
    cema: spec.endpoint.cema ?? false,
    fingerprints: spec.endpoint.fingerprints ?? [],
    direction: roleDirection(spec.role),
    file: spec.file,
    rfbSetup: roleRfbSetup(spec.role),
    chatroom: spec.chatroom ?? [],
    nickname: spec.nickname ?? [],
    otherAttributes: spec.otherAttributes ?? [],
  };
}

/** The session-level frame shared by offers and answers. */
export function sessionFrame(origin: LocalOrigin, sessionName: string | undefined): Omit<SessionDescription, 'media'> {
  const addrType = origin.address.includes(':') ? 'IP6' : 'IP4';
  const sdpOrigin: SdpOrigin = {
    username: origin.username ?? '-',
    sessionId: origin.sessionId,
    sessionVersion: origin.sessionVersion,
    netType: 'IN',
    addrType,
    address: origin.address,
  };
  return {
    version: 0,
    origin: sdpOrigin,
    sessionName: sessionName ?? '-',
    information: undefined,
    uri: undefined,
    emails: [],
    phones: [],
    // A session-level c= covers m-lines we refuse with port 0 and write without one (RFC 8866 §5.7).
    connection: { netType: 'IN', addrType, address: origin.address },
    bandwidths: [],
    // RFC 8866 §5.9: "t=0 0" for an unbounded session, as SIP sessions are.
    timings: [{ start: '0', stop: '0', repeats: [] }],
    zone: undefined,
    key: undefined,
    attributes: [],
  };
}

/** Builds an offer with one MSRP media section per stream, in the given order. */
export function buildMsrpOffer(input: OfferInput): SessionDescription {
  if (input.streams.length === 0) throw new SdpInvariantError('an offer needs at least one stream');
  const setup = input.setup ?? 'actpass';
  return {
    ...sessionFrame(input.origin, input.sessionName),
    media: input.streams.map((spec) => writeMsrpMedia(localStreamDescription(spec, setup))),
  };
}

/** The origin of the next offer in the same session: same id, version + 1 (RFC 3264 §8). */
export function nextSessionVersion(origin: LocalOrigin): LocalOrigin {
  return { ...origin, sessionVersion: (BigInt(origin.sessionVersion) + 1n).toString() };
}
