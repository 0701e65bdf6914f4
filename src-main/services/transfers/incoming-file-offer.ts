import { classifyOffer, parseSessionDescription, type AcceptableOfferedStream, type OfferedStream } from '../../sip/sdp';
import { DEFAULT_FILE_TYPE, safeDownloadName, selectorSha1 } from '../file-transfer';

/** What the user is asked about: the first file pushed to us in an offer (RFC 5547 §5 file-selector). */
export interface IncomingFileOffer {
  readonly offered: AcceptableOfferedStream;
  /** The peer's a=path as written: it identifies this stream when the session answers it. */
  readonly pathKey: string;
  /** The offered name made safe to show and to store (never a path). */
  readonly name: string;
  readonly size: number | undefined;
  readonly mediaType: string;
  readonly sha1: string | undefined;
  readonly transferId: string | undefined;
}

/** The streams of an INVITE's SDP as Parley classifies them; undefined for no body or one that does not parse. */
export function offeredStreamsOf(body: string | undefined): readonly OfferedStream[] | undefined {
  if (body === undefined || body.length === 0) return undefined;
  try {
    return classifyOffer(parseSessionDescription(body));
  } catch {
    return undefined;
  }
}

/** The key that ties an offered stream to its transfer: the peer's MSRP path (unique per stream, RFC 4975 §8.1). */
export function offeredPathKey(offered: AcceptableOfferedStream): string {
  return offered.remote.path.join(' ');
}

/**
 * Reads the file pushed in an INVITE's SDP: the first usable stream whose role for us is file-receiver (the
 * peer offers sendonly). Undefined when the body is unreadable or pushes no file (a pull, RFC 5547 §5, or
 * no file stream at all). Never throws on what the network sent.
 */
export function readIncomingFileOffer(body: string | undefined): IncomingFileOffer | undefined {
  const streams = offeredStreamsOf(body);
  if (streams === undefined) return undefined;
  for (const stream of streams) {
    if (!stream.usable || stream.role !== 'file-receiver' || stream.remote.file === undefined) continue;
    const { selector, transferId } = stream.remote.file;
    return {
      offered: stream,
      pathKey: offeredPathKey(stream),
      name: safeDownloadName(selector.name),
      size: selector.size,
      mediaType: selector.type?.mediaType ?? DEFAULT_FILE_TYPE,
      sha1: selectorSha1(selector),
      transferId,
    };
  }
  return undefined;
}
