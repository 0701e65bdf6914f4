import type { Disposable, Listener } from '../../common';
import { TypedEmitter } from '../../common';
import { OutgoingFile, OutgoingState, type MsrpSession, type MsrpSessionOptions, type MsrpTransport, type ReceivedMessage } from '../../msrp';
import type { AcceptedStream, FileTransferDescription, LocalStreamSpec } from '../../sip/sdp';
import {
  answerFileOffsetRequests,
  FileTransferError,
  fileDateOf,
  fileRangeFromOffset,
  fileSelectorOf,
  IncomingFileWriter,
  offsetFromFileRange,
  requestFileOffset,
  selectorSha1,
  writerStreamHandler,
  type PartialTransferEntry,
  type PartialTransferKey,
  type WriterOutcome,
} from '../file-transfer';
import { UnavailableError } from '../errors';
import type { StreamIntent } from './msrp-stream-base';
import { MsrpStreamBase } from './msrp-stream-base';
import type { MsrpStreamContext } from './msrp-stream-context';
import {
  RELAY_FILE_WINDOW_BYTES,
  transferFailureCode,
  type FileReceiveSpec,
  type FileSendSpec,
  type FileTransferOutcome,
  type FileTransferStreamEvents,
} from './file-transfer-stream-types';

type Side =
  | { readonly kind: 'send'; readonly spec: FileSendSpec }
  | { readonly kind: 'receive'; readonly spec: FileReceiveSpec }
  | { readonly kind: 'unavailable'; readonly role: 'file-sender' | 'file-receiver'; readonly reason: string };

/**
 * The seed's FileTransferStream (msrplib/sipsimple MSRPFileTransfer): one file, one way, as one MSRP message
 * (RFC 5547). The sending side offers `sendonly` with the file-selector (name, type, size, SHA-1), file-date and
 * file-transfer-id and streams the file from disk; the receiving side answers `recvonly`, writes through an
 * IncomingFileWriter into the downloads folder and checks size and SHA-1 before the file gets its name.
 * Either side may be the offerer (push: the sender offers; pull: the receiver does, RFC 5547 §5). A cut
 * transfer resumes from what the receiver holds: a=file-range in its SDP (RFC 5547 §8) and, for Blink, a
 * FILE_OFFSET request answered with `Offset: <n>`. The stream reports its end once through `transferOutcome`.
 */
export class FileTransferStream extends MsrpStreamBase {
  readonly type = 'file-transfer' as const;
  readonly #side: Side;
  readonly #transfer = new TypedEmitter<FileTransferStreamEvents>();
  #writer: IncomingFileWriter | undefined;
  #partialEntry: PartialTransferEntry | undefined;
  #outgoing: OutgoingFile | undefined;
  #outcome: FileTransferOutcome | undefined;
  #onWholeMessage: ((message: ReceivedMessage) => void) | undefined;
  #cancelled = false;
  /** Data started flowing: from then on the stream, not the session, says how the transfer ended. */
  #started = false;
  #bytes = 0;
  /** Bytes already at the receiver when the data started (0 until known). */
  startOffset = 0;

  private constructor(side: Side) {
    super(side.kind === 'send' ? 'file-sender' : side.kind === 'receive' ? 'file-receiver' : side.role);
    this.#side = side;
  }

  /** The stream that sends `spec.offer` (offering a push, or answering a pull). */
  static sending(spec: FileSendSpec): FileTransferStream {
    return new FileTransferStream({ kind: 'send', spec });
  }

  /** The stream that receives the file `spec.selector` names (answering a push, or offering a pull). */
  static receiving(spec: FileReceiveSpec): FileTransferStream {
    return new FileTransferStream({ kind: 'receive', spec });
  }

  /**
   * A stream with nothing to send or no receiver decided for it (an offer made through `sessions.*` rather
   * than the transfer service, a pull nobody serves): it fails in `initialize`, so the m-line is refused.
   */
  static unavailable(role: 'file-sender' | 'file-receiver', reason: string): FileTransferStream {
    return new FileTransferStream({ kind: 'unavailable', role, reason });
  }

  get outcome(): FileTransferOutcome | undefined {
    return this.#outcome;
  }

  /** True once data started flowing (or an empty file was settled). */
  get dataStarted(): boolean {
    return this.#started;
  }

  onTransfer<K extends keyof FileTransferStreamEvents>(name: K, listener: Listener<FileTransferStreamEvents[K]>): Disposable {
    return this.#transfer.on(name, listener);
  }

  /**
   * The receiver opens its writer first (a size above the limit is refused before any port or relay is
   * reserved, and a remembered partial decides the a=file-range of the answer).
   */
  override async initialize(context: MsrpStreamContext, intent: StreamIntent): Promise<void> {
    if (this.#side.kind === 'unavailable') {
      this.refuse(this.#side.reason);
      throw new UnavailableError(this.#side.reason);
    }
    if (this.#side.kind === 'receive') {
      try {
        await this.#openWriter(this.#side.spec);
      } catch (error) {
        const failure = asTransferError(error);
        this.refuse(failure.message);
        this.#finish({ ok: false, code: transferFailureCode(failure.reason), message: failure.message, bytes: 0, partialKept: false });
        throw failure;
      }
    }
    try {
      await super.initialize(context, intent);
    } catch (error) {
      await this.#writer?.abort('the MSRP endpoint could not be reserved', { keepPartial: this.#partialEntry !== undefined });
      this.#finish({ ok: false, code: 'session-failed', message: describe(error), bytes: this.#bytes, partialKept: false });
      throw error;
    }
  }

  /** RFC 5547 §6: the file attributes of our media description (the answer builder copies the offered selector). */
  override localSpec(): LocalStreamSpec {
    return { ...super.localSpec(), file: this.#fileDescription() };
  }

  /** Stops the transfer: the sender ends its message with `#` (RFC 4975 §7.1.1); the receiver drops its partial. */
  cancel(): void {
    if (this.#outcome !== undefined) return;
    this.#cancelled = true;
    this.#outgoing?.cancel();
    const bytes = this.#bytes;
    void this.#writer?.abort('cancelled', { keepPartial: false });
    this.#finish({ ok: false, code: 'cancelled', message: 'The transfer was cancelled.', bytes, partialKept: false });
  }

  protected override sessionOptions(accepted: AcceptedStream): MsrpSessionOptions {
    const base = super.sessionOptions(accepted);
    const writer = this.#writer;
    if (this.#side.kind === 'send' || writer === undefined) {
      return { ...base, ...(this.throughRelay(accepted) ? { maxBytesInFlight: RELAY_FILE_WINDOW_BYTES } : {}) };
    }
    // Every byte streams to the writer (a resumed message never completes in the reassembler); the handler is a
    // constructor option because chunks queued during the FILE_OFFSET exchange are read while constructing.
    const { handler, onMessage } = writerStreamHandler(writer, { keepPartialOnAbort: this.#side.kind === 'receive' && this.#side.spec.partials !== undefined });
    this.#onWholeMessage = onMessage;
    return {
      ...base,
      streamingThreshold: 0,
      onIncomingStream: handler,
      ...(writer.size !== undefined ? { maxMessageSize: writer.size } : {}),
    };
  }

  /** Blink's receiver side: FILE_OFFSET is answered before the MsrpSession exists (it would answer 501). */
  protected override async prepareTransport(transport: MsrpTransport, _accepted: AcceptedStream): Promise<void> {
    if (this.#side.kind !== 'receive' || this.#writer === undefined) return;
    const resume = this.#side.spec.resume ?? 'both';
    if (resume === 'file-range' || this.#writer.size === 0) return;
    const writer = this.#writer;
    try {
      await answerFileOffsetRequests(transport, () => writer.offset);
    } catch (error) {
      this.logger?.info('FILE_OFFSET exchange failed', { error: describe(error) });
    }
  }

  protected override onStarted(msrp: MsrpSession, accepted: AcceptedStream): void {
    const side = this.#side;
    // After the base class has moved to Started: an empty file settles at once, and what that triggers
    // (ending the session) must find the stream started.
    queueMicrotask(() => {
      if (side.kind === 'send') void this.#send(msrp, accepted, side.spec);
      else if (side.kind === 'receive') this.#receive(msrp);
    });
  }

  protected override onReleased(): void {
    // The MSRP session is gone: a receiver still waiting for bytes keeps what it has (unless cancelled).
    const writer = this.#writer;
    if (writer !== undefined && this.#outcome === undefined) {
      void writer.abort('the MSRP connection closed before the last byte', { keepPartial: !this.#cancelled && this.#side.kind === 'receive' && this.#side.spec.partials !== undefined });
    }
    // Before any data the session's own end (declined, cancelled, failed) tells what happened.
    if (this.#side.kind === 'send' && this.#started && this.#outcome === undefined) {
      this.#outgoing?.cancel();
      this.#finish({ ok: false, code: 'connection-lost', message: this.failure ?? 'the stream ended before the file was delivered', bytes: this.#bytes, partialKept: false });
    }
  }

  override dispose(): void {
    if (this.#outcome === undefined) {
      this.#outgoing?.cancel();
      void this.#writer?.dispose();
    }
    super.dispose();
    this.#transfer.dispose();
  }

  // ---- sending ----

  async #send(msrp: MsrpSession, accepted: AcceptedStream, spec: FileSendSpec): Promise<void> {
    const size = spec.offer.size;
    try {
      // RFC 5547 §8: the receiver's a=file-range says where to start; else Blink's FILE_OFFSET when advertised.
      let start = offsetFromFileRange(accepted.remote.file?.range, size);
      if (start === 0 && accepted.peerSupportsFileOffset && size > 0) start = await requestFileOffset(msrp, size);
      this.startOffset = start;
      this.#bytes = start;
      if (this.#outcome !== undefined) return;
      this.#started = true;
      this.#transfer.emit('transferStarted', { startOffset: start });
      if (size === 0 || start >= size) {
        // Nothing to send: an empty MSRP message may never settle on the sending side.
        this.#finish({ ok: true, bytes: size, path: spec.offer.path, sha1: spec.offer.hash });
        return;
      }
      const file = await OutgoingFile.open(spec.offer.path, { start, contentType: spec.offer.mediaType, fileName: spec.offer.name });
      if (file.size !== size) throw new FileTransferError('bad-offer', `${spec.offer.name} changed size since it was offered`);
      if (this.#outcome !== undefined) return;
      this.#outgoing = file;
      file.on('progress', (progress) => {
        // Progress from REPORT Byte-Ranges (RFC 4975 §7.1.2): what the receiver confirmed.
        this.#bytes = progress.acknowledged;
        this.#transfer.emit('transferProgress', { bytes: progress.acknowledged, total: size });
      });
      msrp.sendFile(file);
      const outcome = await file.done;
      if (outcome.state === OutgoingState.Delivered || outcome.state === OutgoingState.Sent) {
        this.#bytes = size;
        this.#transfer.emit('transferProgress', { bytes: size, total: size });
        this.#finish({ ok: true, bytes: size, path: spec.offer.path, sha1: spec.offer.hash });
      } else if (outcome.state === OutgoingState.Cancelled) {
        this.#finish({ ok: false, code: 'cancelled', message: 'The transfer was cancelled.', bytes: this.#bytes, partialKept: false });
      } else {
        // 413: too large for the receiver; 0: the connection went; anything else: the receiver refused.
        const code = outcome.code === 413 ? 'too-large' : outcome.code === 0 ? 'connection-lost' : 'rejected';
        this.#finish({ ok: false, code, message: `${outcome.code} ${outcome.reason ?? ''}`.trim(), bytes: this.#bytes, partialKept: false });
      }
    } catch (error) {
      const failure = error instanceof FileTransferError ? error : undefined;
      this.#finish({ ok: false, code: failure === undefined ? 'connection-lost' : transferFailureCode(failure.reason), message: describe(error), bytes: this.#bytes, partialKept: false });
    }
  }

  // ---- receiving ----

  async #openWriter(spec: FileReceiveSpec): Promise<void> {
    const sha1 = selectorSha1(spec.selector);
    const key: PartialTransferKey = { peer: spec.peer, transferId: spec.transferId, name: spec.selector.name, size: spec.selector.size, sha1 };
    const resume = await spec.partials?.resumeFor(key);
    this.#partialEntry = resume?.entry;
    const writer = await IncomingFileWriter.open({
      downloadsFolder: spec.downloadsFolder,
      offeredName: spec.selector.name,
      size: spec.selector.size,
      sha1,
      ...(spec.maxSize !== undefined ? { maxSize: spec.maxSize } : {}),
      keepPartialOnAbort: spec.partials !== undefined,
      ...(resume !== undefined ? { resume: { partialPath: resume.entry.partialPath, bytes: resume.offset } } : {}),
      onProgress: (received, total) => {
        this.#bytes = received;
        this.#transfer.emit('transferProgress', { bytes: received, total });
      },
    });
    this.#writer = writer;
    this.#bytes = writer.offset;
    this.startOffset = writer.offset;
    if (resume !== undefined && writer.resumeRefused !== undefined) {
      this.logger?.info('A remembered partial file could not be resumed', { reason: writer.resumeRefused });
    }
    void writer.done.then((outcome) => this.#writerDone(spec, key, outcome));
    // An empty file carries no MSRP data at all (its sender may end the session as soon as it connects): it
    // is complete the moment it is accepted, checked against the offered size and SHA-1 like any other.
    if (writer.size === 0) {
      this.#started = true;
      await writer.complete().catch(() => undefined);
    }
  }

  #receive(msrp: MsrpSession): void {
    const writer = this.#writer;
    if (writer === undefined) return;
    const onMessage = this.#onWholeMessage;
    if (onMessage !== undefined) msrp.on('message', onMessage);
    if (writer.size === 0) return;
    this.#started = true;
    this.#transfer.emit('transferStarted', { startOffset: writer.offset });
    // RFC 5547 sends no data for an empty file; one resumed to its full size needs none either.
    if (writer.size !== undefined && writer.offset >= writer.size) writer.complete().catch(() => undefined);
  }

  async #writerDone(spec: FileReceiveSpec, key: PartialTransferKey, outcome: WriterOutcome): Promise<void> {
    const partials = spec.partials;
    if (outcome.ok) {
      if (this.#partialEntry !== undefined) await partials?.forget(this.#partialEntry.id, { deleteFile: false }).catch(() => undefined);
      this.#finish({ ok: true, bytes: outcome.file.size, path: outcome.file.path, sha1: outcome.file.sha1 });
      return;
    }
    let partialKept = false;
    if (outcome.partial !== undefined && partials !== undefined && !this.#cancelled) {
      try {
        await partials.remember(key, outcome.partial);
        partialKept = true;
      } catch (error) {
        this.logger?.warn('Could not remember a partial transfer', { error: describe(error) });
      }
    } else if (this.#partialEntry !== undefined) {
      // The resumed partial was removed by the writer (wrong bytes, or cancelled): forget it too.
      await partials?.forget(this.#partialEntry.id, { deleteFile: false }).catch(() => undefined);
    }
    const reason = outcome.error.reason;
    const code = reason === 'aborted' && !this.#cancelled ? 'connection-lost' : transferFailureCode(reason);
    this.#finish({ ok: false, code, message: outcome.error.message, bytes: outcome.partial?.bytes ?? 0, partialKept });
  }

  // ---- common ----

  #fileDescription(): FileTransferDescription {
    if (this.#side.kind === 'unavailable') throw new UnavailableError(this.#side.reason);
    if (this.#side.kind === 'send') {
      const { offer, transferId } = this.#side.spec;
      // RFC 5547 §6: a=file-icon is never sent (and never fetched when received).
      return { selector: fileSelectorOf(offer), transferId, disposition: undefined, date: fileDateOf(offer), icon: undefined, range: undefined, xFileOffset: true };
    }
    const spec = this.#side.spec;
    const resume = spec.resume ?? 'both';
    const offset = this.#writer?.offset ?? 0;
    return {
      selector: spec.selector,
      transferId: spec.transferId,
      disposition: undefined,
      date: undefined,
      icon: undefined,
      range: offset > 0 && resume !== 'x-file-offset' ? fileRangeFromOffset(offset, spec.selector.size) : undefined,
      xFileOffset: resume !== 'file-range',
    };
  }

  #finish(outcome: FileTransferOutcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#transfer.emit('transferOutcome', outcome);
  }
}

function asTransferError(error: unknown): FileTransferError {
  return error instanceof FileTransferError ? error : new FileTransferError('disk-failed', describe(error), { cause: error });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
