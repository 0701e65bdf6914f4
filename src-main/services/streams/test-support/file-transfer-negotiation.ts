import { randomUUID } from 'node:crypto';
import { createNullLogger } from '../../../common';
import type { MsrpRelaySettings, MsrpTracer } from '../../../msrp';
import {
  acceptanceOf,
  applyMsrpAnswer,
  buildMsrpAnswer,
  buildMsrpOffer,
  classifyOffer,
  parseSessionDescription,
  serializeSessionDescription,
  type AcceptableOfferedStream,
  type AcceptedStream,
  type NegotiatedStream,
} from '../../../sip/sdp';
import type { FileOffer } from '../../file-transfer';
import { FileTransferStream } from '../file-transfer-stream';
import type { FileReceiveSpec, FileTransferOutcome } from '../file-transfer-stream-types';
import type { MsrpStreamContext } from '../msrp-stream-context';

/**
 * One RFC 5547 push between two FileTransferStreams without SIP (tests and `bench:files`): the same SDP
 * offer/answer the session-description handler does (RFC 3264, RFC 4975 §8, RFC 6135 setup roles), as
 * text, so the two ends may live in different processes. The streams then run exactly as in the app:
 * connection or relay AUTH, binding, Blink's FILE_OFFSET, the MSRP session with the app's chunk settings,
 * IncomingFileWriter, SHA-1 check and rename.
 */

/** A stream context on 127.0.0.1 over plain TCP: direct, or through `relay` (RFC 4976). */
export function loopbackContext(
  options: { readonly relay?: MsrpRelaySettings; readonly directChunkSize?: number; readonly tracer?: MsrpTracer } = {},
): MsrpStreamContext {
  return {
    connectionModel: options.relay === undefined ? 'direct' : 'relay',
    scheme: 'msrp',
    relay: options.relay,
    localHost: '127.0.0.1',
    tls: undefined,
    localIdentity: 'sip:alice@parley.test',
    remoteIdentity: 'sip:bob@parley.test',
    logger: createNullLogger(),
    ...(options.directChunkSize !== undefined ? { directChunkSize: options.directChunkSize } : {}),
    ...(options.tracer !== undefined ? { tracer: options.tracer } : {}),
  };
}

const ORIGIN = { sessionId: '1', sessionVersion: '1', address: '127.0.0.1' };

export interface OfferedFile {
  readonly stream: FileTransferStream;
  /** The SDP offer (RFC 5547 §5: sendonly, file-selector, file-transfer-id, x-file-offset). */
  readonly offer: string;
  /** Applies the answer and starts the stream (it connects or waits per the negotiated roles). */
  start(answer: string): Promise<void>;
}

/** The sending side: initializes the stream for `offer` (a reserved port or relay AUTH) and writes the SDP offer. */
export async function offerFile(context: MsrpStreamContext, offer: FileOffer): Promise<OfferedFile> {
  const stream = FileTransferStream.sending({ offer, transferId: randomUUID() });
  await stream.initialize(context, { kind: 'offer' });
  const description = buildMsrpOffer({ origin: ORIGIN, streams: [stream.localSpec()], setup: stream.setup });
  return {
    stream,
    offer: serializeSessionDescription(description),
    async start(answer) {
      await stream.start(acceptedStream(applyMsrpAnswer(description, parseSessionDescription(answer))));
    },
  };
}

/**
 * The receiving side: accepts the offered file into `downloadsFolder` (as the transfer service does when its
 * user accepts), answers, and starts the stream right after the answer is out (as the session does).
 */
export async function answerFileOffer(
  context: MsrpStreamContext,
  offer: string,
  spec: (offered: AcceptableOfferedStream) => Omit<FileReceiveSpec, 'selector' | 'transferId'>,
): Promise<{ readonly stream: FileTransferStream; readonly answer: string }> {
  const description = parseSessionDescription(offer);
  const offered = classifyOffer(description).find((candidate): candidate is AcceptableOfferedStream => candidate.usable && candidate.role === 'file-receiver');
  const file = offered?.remote.file;
  if (offered === undefined || file === undefined) throw new Error('no file offered');
  // The stream exists (holding its port or relay reservation) before the answer names its path.
  const stream = FileTransferStream.receiving({ selector: file.selector, transferId: file.transferId, ...spec(offered) });
  await stream.initialize(context, { kind: 'answer', offeredSetup: offered.remote.setup });
  const decision = acceptanceOf(stream.localSpec(), { connectionModel: context.connectionModel });
  const result = buildMsrpAnswer({ offer: description, origin: ORIGIN, decide: (candidate) => (candidate.index === offered.index ? decision : 'refuse') });
  const accepted = acceptedStream(result.streams);
  setImmediate(() => void stream.start(accepted));
  return { stream, answer: serializeSessionDescription(result.answer) };
}

/** The stream's transfer outcome (it reports exactly one). */
export function transferOutcome(stream: FileTransferStream): Promise<FileTransferOutcome> {
  if (stream.outcome !== undefined) return Promise.resolve(stream.outcome);
  return new Promise((resolve) => {
    const subscription = stream.onTransfer('transferOutcome', (outcome) => {
      subscription.dispose();
      resolve(outcome);
    });
  });
}

function acceptedStream(streams: readonly NegotiatedStream[]): AcceptedStream {
  const accepted = streams.find((stream): stream is AcceptedStream => stream.accepted);
  if (accepted === undefined) throw new Error(`the file stream was refused: ${streams.map((stream) => (stream.accepted ? '' : stream.reason)).join(', ')}`);
  return accepted;
}
