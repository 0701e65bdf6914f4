import type { Logger } from '../../common';
import type { MsrpParseError } from '../errors';
import { ChunkReceiver, type ChunkReceiverOptions } from '../protocol/chunk-receiver';
import { makeResponse, needsResponse } from '../protocol/make-response';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import type { MsrpTracer } from '../trace/msrp-tracer';
import type { IncomingQueue } from './incoming-queue';
import type { PendingTransactions } from './pending-transactions';
import { checkToPath, responseWithoutPaths } from './request-check';
import type { SessionMatching } from './transport-types';

/** What the router needs from its transport. */
export interface IncomingRouterContext {
  readonly queue: IncomingQueue<MsrpChunk>;
  readonly pending: PendingTransactions;
  readonly logger: Logger;
  readonly sessionMatching: SessionMatching;
  localUri(): MsrpUri | undefined;
  /** The first hop of our requests, where a response to an unreadable request goes. */
  nextHop(): MsrpUri | undefined;
  /** Writes a response of the transport's own (refusals); failures are ignored. */
  respond(response: MsrpChunk): void;
  rejected(event: { readonly transactionId: string | undefined; readonly status: number; readonly reason: string }): void;
  /** Heads of incoming chunks, for the transport's `trace` event. */
  traceIn(head: MsrpChunk): void;
  tracer(): MsrpTracer | undefined;
  label(): string;
  /** The input cannot be resynchronised: the connection has to go. */
  fatal(error: MsrpParseError): void;
}

type ReceiveMode = 'idle' | 'queue' | 'drop';

/**
 * The read side of a transport: bytes from the socket go through the chunk parser and each chunk is routed
 * — a response to the request waiting for it, a request to the read queue, a request for another session
 * (RFC 4975 §7.3.1: 481) or a malformed one (400) answered here and dropped. Every frame is traced.
 */
export class IncomingRouter {
  readonly #context: IncomingRouterContext;
  readonly #receiver: ChunkReceiver;
  #mode: ReceiveMode = 'idle';

  constructor(context: IncomingRouterContext, options: Omit<ChunkReceiverOptions, 'mode'> | undefined) {
    this.#context = context;
    this.#receiver = new ChunkReceiver(
      {
        onChunkStart: (head) => this.#onChunkStart(head),
        onChunkData: (head, data) => this.#onChunkData(head, data),
        onChunkEnd: (head, flag) => this.#onChunkEnd(head, flag),
        // Responses arrive whole (they have no body to stream).
        onChunk: (chunk) => {
          this.#onChunkStart(chunk);
          if (chunk.body.length > 0) this.#onChunkData(chunk, chunk.body);
          this.#onChunkEnd(chunk, chunk.continuation);
        },
        onError: (error) => this.#onParseError(error),
      },
      { ...options, mode: 'stream' },
    );
  }

  /** A chunk is partly queued (its end has not arrived). */
  get midChunk(): boolean {
    return this.#mode === 'queue';
  }

  push(data: Buffer): void {
    this.#receiver.push(data);
  }

  dispose(): void {
    this.#receiver.dispose();
    this.#mode = 'idle';
  }

  #onChunkStart(head: MsrpChunk): void {
    const context = this.#context;
    const tracer = context.tracer();
    if (tracer?.enabled) tracer.receivedNewChunk(context.label(), head);
    context.traceIn(head);
    if (head.code !== undefined) {
      if (context.pending.resolve(head)) {
        this.#mode = 'drop';
        return;
      }
      if (context.pending.finished(head.transactionId)) {
        context.logger.debug('dropping a second response to a finished transaction', { transactionId: head.transactionId });
        this.#mode = 'drop';
        return;
      }
      this.#mode = 'queue';
      context.queue.push({ kind: 'start', head });
      return;
    }
    const refusal = checkToPath(head, context.localUri(), context.sessionMatching);
    if (refusal !== undefined) {
      this.#mode = 'drop';
      this.#refuse(head, refusal.status, refusal.reason);
      return;
    }
    this.#mode = 'queue';
    context.queue.push({ kind: 'start', head });
  }

  #onChunkData(head: MsrpChunk, data: Buffer): void {
    const tracer = this.#context.tracer();
    if (tracer?.enabled) tracer.receivedChunkData(this.#context.label(), head.transactionId, data);
    if (this.#mode === 'queue') this.#context.queue.push({ kind: 'data', data });
  }

  #onChunkEnd(head: MsrpChunk, flag: ContinuationFlag): void {
    const tracer = this.#context.tracer();
    if (tracer?.enabled) tracer.receivedChunkEnd(this.#context.label(), head.transactionId, flag);
    if (this.#mode === 'queue') this.#context.queue.push({ kind: 'end', flag });
    this.#mode = 'idle';
  }

  #refuse(head: MsrpChunk, status: number, reason: string): void {
    const context = this.#context;
    context.logger.info('refusing request', { transactionId: head.transactionId, method: head.method, status, reason });
    context.rejected({ transactionId: head.transactionId, status, reason });
    let response: MsrpChunk | undefined;
    try {
      if (needsResponse(head, status)) response = makeResponse(head, status, undefined, context.localUri());
    } catch {
      response = this.#bareResponse(head.transactionId, status);
    }
    if (response !== undefined) context.respond(response);
  }

  /** A response when the request's paths are unreadable: towards the peer as far as we know it. */
  #bareResponse(transactionId: string, status: number): MsrpChunk | undefined {
    return responseWithoutPaths(transactionId, status, this.#context.nextHop(), this.#context.localUri());
  }

  /** Malformed input: 400 (or the error's status) when a request can be answered; close when unreadable. */
  #onParseError(error: MsrpParseError): void {
    const context = this.#context;
    context.logger.info('malformed MSRP input', { message: error.message, transactionId: error.transactionId, fatal: error.fatal });
    if (this.#mode === 'queue') context.queue.push({ kind: 'end', flag: '#' });
    this.#mode = 'idle';
    if (error.answerable && error.transactionId !== undefined) {
      const status = typeof error.status === 'number' ? error.status : 400;
      context.rejected({ transactionId: error.transactionId, status, reason: error.message });
      const response = this.#bareResponse(error.transactionId, status);
      if (response !== undefined) context.respond(response);
    }
    if (error.fatal) context.fatal(error);
    else if (!error.answerable) context.rejected({ transactionId: error.transactionId, status: 400, reason: error.message });
  }
}
