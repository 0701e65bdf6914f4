import type { Logger } from '../../common';
import { MsrpConnectionError, MsrpError } from '../errors';
import { makeReport, makeResponse, needsReport, needsResponse } from '../protocol/make-response';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';
import type { IncomingPiece } from '../transport/incoming-queue';
import type { MsrpTransport } from '../transport/msrp-transport';
import type { ChunkContext, ChunkOutcome, IncomingMessageInfo, MessageReassembler } from './message-reassembler';

export interface SessionReceiverHooks {
  /** A REPORT for one of our messages (RFC 4975 §7.3.2: never answered). */
  onReport(report: MsrpChunk): void;
  /** The connection ended (cleanly without `error`). */
  onEnd(error: MsrpError | undefined): void;
}

/**
 * Within one long chunk (a streamed file is a single chunk), a Success-Report REPORT goes out after every
 * this many bytes (RFC 4975 §7.1.2 allows REPORTs for what arrived so far): the sender's progress and its
 * REPORT window keep moving without waiting for the chunk's end.
 */
export const PROGRESS_REPORT_BYTES = 1024 * 1024;

type Current =
  | { readonly kind: 'send'; readonly context: ChunkContext; reportedAt: number }
  | { readonly kind: 'other'; readonly head: MsrpChunk }
  | { readonly kind: 'ignore' };

/**
 * The receiving half of a session: reads the transport's pieces, feeds SEND chunks to the reassembler and
 * answers them — the transaction response (RFC 4975 §7.2) and the REPORTs asked for (§7.1.2) — hands
 * REPORTs to the sender and answers other methods with 501 (§7.3.1). Pieces already queued are taken
 * without waiting; only an empty queue (or a streaming consumer) costs a promise.
 */
export class SessionReceiver {
  readonly #transport: MsrpTransport;
  readonly #reassembler: MessageReassembler;
  readonly #hooks: SessionReceiverHooks;
  readonly #logger: Logger;

  constructor(transport: MsrpTransport, reassembler: MessageReassembler, hooks: SessionReceiverHooks, logger: Logger) {
    this.#transport = transport;
    this.#reassembler = reassembler;
    this.#hooks = hooks;
    this.#logger = logger;
  }

  async run(): Promise<void> {
    const transport = this.#transport;
    let current: Current = { kind: 'ignore' };
    for (;;) {
      let piece: IncomingPiece<MsrpChunk> | null | undefined = transport.pollPiece();
      if (piece === undefined) {
        try {
          piece = await transport.readPiece();
        } catch (error) {
          this.#hooks.onEnd(error instanceof MsrpError ? error : new MsrpConnectionError('msrp-connection-lost', String(error)));
          return;
        }
      }
      if (piece === null) {
        this.#hooks.onEnd(undefined);
        return;
      }
      try {
        if (piece.kind === 'start') {
          const head = piece.head;
          if (head.method === 'SEND') {
            const context = this.#reassembler.chunkStart(head);
            const started = context instanceof Promise ? await context : context;
            current = { kind: 'send', context: started, reportedAt: started.startOffset };
          } else if (head.method !== undefined) current = { kind: 'other', head };
          // A response nobody waits for (late, or to a transaction that timed out) is dropped.
          else current = { kind: 'ignore' };
        } else if (piece.kind === 'data') {
          if (current.kind === 'send') {
            const pending = this.#reassembler.chunkData(current.context, piece.data);
            if (pending !== undefined) await pending;
            // Strictly more: a chunk of exactly PROGRESS_REPORT_BYTES gets its one REPORT at its end, not two.
            if (current.context.position - current.reportedAt > PROGRESS_REPORT_BYTES) this.#reportProgress(current);
          }
        } else {
          const flag = piece.flag as ContinuationFlag;
          if (current.kind === 'send') {
            const outcome = this.#reassembler.chunkEnd(current.context, flag);
            this.#answer(current.context.head, outcome instanceof Promise ? await outcome : outcome);
          } else if (current.kind === 'other') {
            this.#onOtherRequest(current.head);
          }
          current = { kind: 'ignore' };
        }
      } catch (error) {
        // A failing stream consumer must not kill the session; the message it was reading is lost.
        this.#logger.warn('incoming message handling failed', { error: error instanceof Error ? error.message : String(error) });
        if (current.kind === 'send') current.context.status = 400;
      }
    }
  }

  /**
   * An incomplete message was dropped to stay within `maxIncompleteMessages`: RFC 4975 §7.1.2 failure
   * REPORT with 413 (the sender should stop sending it; its later chunks are answered 413 too).
   */
  reportDropped(info: IncomingMessageInfo, received: number): void {
    const head = info.head;
    if (!this.#transport.isOpen || !needsReport(head, 413)) return;
    try {
      // The failure concerns the whole message: its Byte-Range covers all of it when the size is known.
      const size = info.total ?? Math.max(1, received);
      const report = makeReport(head, 413, { size, start: 1, ...this.#localUri(), comment: 'too many incomplete messages' });
      this.#transport.writeChunk(report).catch(() => undefined);
    } catch (error) {
      this.#logger.debug('cannot build REPORT', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** A Success-Report REPORT for the bytes of a chunk received so far (RFC 4975 §7.1.2). */
  #reportProgress(current: { readonly context: ChunkContext; reportedAt: number }): void {
    const { context } = current;
    current.reportedAt = context.position;
    if (context.status !== 200 || context.keepAlive || context.head.successReport !== 'yes' || !this.#transport.isOpen) return;
    try {
      const size = context.position - context.startOffset;
      this.#transport.writeChunkNow(makeReport(context.head, 200, { size, ...this.#localUri() }));
    } catch (error) {
      this.#logger.debug('cannot send REPORT', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** RFC 4975 §7.2 response and §7.1.2 REPORTs for a received SEND chunk; written at once, not awaited. */
  #answer(head: MsrpChunk, outcome: ChunkOutcome): void {
    const transport = this.#transport;
    if (!transport.isOpen) return;
    try {
      if (needsResponse(head, outcome.status)) transport.writeChunkNow(makeResponse(head, outcome.status, outcome.reason, transport.localUri));
      if (outcome.keepAlive) return;
      if (outcome.status === 200) {
        // RFC 4975 §7.1.2: Success-Report yes asks for a REPORT; one per chunk gives the sender progress and pacing.
        if (head.successReport === 'yes' && outcome.size > 0) {
          transport.writeChunkNow(makeReport(head, 200, { size: outcome.size, ...this.#localUri() }));
        }
      } else if (needsReport(head, outcome.status)) {
        // A relay that answered the SEND itself drops our error response: the failure REPORT reaches the sender.
        transport.writeChunkNow(makeReport(head, outcome.status, { size: outcome.size, ...this.#localUri() }));
      }
    } catch (error) {
      this.#logger.debug('cannot answer', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  #localUri(): { localUri?: NonNullable<MsrpTransport['localUri']> } {
    const uri = this.#transport.localUri;
    return uri === undefined ? {} : { localUri: uri };
  }

  #onOtherRequest(head: MsrpChunk): void {
    if (head.method === 'REPORT') {
      // RFC 4975 §7.3.2: REPORTs are never answered.
      this.#hooks.onReport(head);
      return;
    }
    // RFC 4975 §7.3.1 / §10: a method this endpoint does not implement.
    if (this.#transport.isOpen) this.#transport.writeResponse(head, 501).catch(() => undefined);
  }
}
