import type { SessionView, TransferFailure, TransferFailureCode, TransferState } from '../../../src-shared';
import type { Disposable, Logger } from '../../common';
import { TransferProgress } from '../file-transfer';
import type { Session } from '../sessions';
import type { FileSendSpec, FileTransferOutcome, FileTransferStream } from '../streams';
import type { IncomingFileOffer } from './incoming-file-offer';
import type { TransferRecord } from './transfer-record';

export interface LiveTransferHooks {
  /** The record changed; `persist` for state changes (progress is not written to disk). */
  changed(record: TransferRecord, persist: boolean): void;
  readonly logger: Logger;
  /** How long a receiver whose file is complete waits for the sender to end the session. */
  readonly endGraceMs: number;
  readonly progressIntervalMs: number | undefined;
}

/** RFC 3261 §21.4.7 486 Busy Here and §21.6.2 603 Decline: the receiver said no. */
const DECLINE_CODES = new Set([486, 603]);
/** RFC 3261 §21.4.25 487 Request Terminated: the INVITE was cancelled. */
const CANCELLED_CODE = 487;

/** Which part a transfer plays beyond its record: a push offered to us, a pull we serve, or a pull we asked for. */
export interface LiveTransferRole {
  /** Incoming: the pushed file the user decides about. */
  readonly offer?: IncomingFileOffer;
  /** A pull we serve (RFC 5547 §5, the peer offered recvonly): the peer's a=path and the file that answers it. */
  readonly serving?: { readonly pathKey: string; readonly spec: FileSendSpec };
  /** A pull we asked for: the record waits in `preparing` until the sender answers. */
  readonly pulling?: boolean;
}

/**
 * One transfer while it runs: its record, the SIP session carrying it, the stream, the progress meter. It
 * turns session notifications (declined, cancelled, failed before any data) and stream outcomes (completed,
 * failed, cancelled once data flowed) into the record's state, and ends the session when the transfer is
 * over: the sender once the receiver confirmed every byte, the receiver after a grace period if the
 * sender did not (a failure ends it at once on either side).
 */
export class LiveTransfer implements Disposable {
  readonly record: TransferRecord;
  readonly #hooks: LiveTransferHooks;
  readonly #subscriptions: Disposable[] = [];
  /** Incoming: the offer the user decides about. */
  readonly offer: IncomingFileOffer | undefined;
  /** A served pull: the file-transfer stream that answers the peer's offer sends this. */
  readonly serving: LiveTransferRole['serving'];
  /** A pull we offered (incoming direction, but our session: never accepted or declined by the user). */
  readonly pulling: boolean;
  session: Session | undefined;
  stream: FileTransferStream | undefined;
  /** Outgoing while hashing. */
  readonly hashing = new AbortController();
  #progress: TransferProgress | undefined;
  #endTimer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(record: TransferRecord, hooks: LiveTransferHooks, role: LiveTransferRole = {}) {
    this.record = record;
    this.#hooks = hooks;
    this.offer = role.offer;
    this.serving = role.serving;
    this.pulling = role.pulling ?? false;
  }

  /** The peer's a=path of the stream this transfer answers (a push offered to us, a pull we serve). */
  get pathKey(): string | undefined {
    return this.offer?.pathKey ?? this.serving?.pathKey;
  }

  /** Progress snapshots (~10 per second) for bytes hashed, sent or received. */
  meter(total: number | undefined): TransferProgress {
    this.#progress?.dispose();
    const progress = new TransferProgress({
      transferId: this.record.id,
      total,
      emit: (snapshot) => {
        if (this.record.isFinal) return;
        this.record.update({ bytes: snapshot.bytes, bytesPerSecond: snapshot.bytesPerSecond, etaSeconds: snapshot.etaSeconds ?? null });
        this.#hooks.changed(this.record, false);
      },
      ...(this.#hooks.progressIntervalMs !== undefined ? { intervalMs: this.#hooks.progressIntervalMs } : {}),
    });
    this.#progress = progress;
    return progress;
  }

  attachSession(session: Session): void {
    this.session = session;
    this.record.update({ sessionId: session.id });
    this.#subscriptions.push(session.on('changed', (view) => this.#onSession(view)));
    this.#onSession(session.view());
  }

  attachStream(stream: FileTransferStream): void {
    this.stream = stream;
    this.#subscriptions.push(
      stream.onTransfer('transferStarted', ({ startOffset }) => {
        this.record.update({ startOffset, bytes: startOffset });
        this.meter(this.record.view().size ?? undefined).update(startOffset);
        this.settle('transferring');
      }),
      stream.onTransfer('transferProgress', ({ bytes }) => this.#progress?.update(bytes)),
      stream.onTransfer('transferOutcome', (outcome) => this.#onOutcome(outcome)),
    );
    // The stream may have ended before we listened (an offer refused in initialize).
    if (stream.outcome !== undefined) this.#onOutcome(stream.outcome);
  }

  /** Moves the record unless it is already final; the last progress goes out first. */
  settle(state: TransferState, failure: TransferFailure | null = null): void {
    if (this.record.isFinal || this.record.state === state) return;
    this.#progress?.finish();
    this.record.move(state, failure);
    this.#hooks.changed(this.record, true);
    if (this.record.isFinal) this.#progress?.dispose();
  }

  fail(code: TransferFailureCode, message: string): void {
    this.settle('failed', { code, message });
  }

  /** Ends the session (CANCEL, BYE or decline, as its state calls for). */
  endSession(): void {
    clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
    void this.session?.end().catch((error: unknown) => this.#hooks.logger.info('Ending a transfer session failed', { error: String(error) }));
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#endTimer);
    this.#progress?.dispose();
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
  }

  #onOutcome(outcome: FileTransferOutcome): void {
    if (outcome.ok) {
      this.record.update({ bytes: outcome.bytes, ...(outcome.path !== undefined ? { path: outcome.path } : {}), ...(outcome.sha1 !== undefined ? { hash: outcome.sha1 } : {}) });
      this.settle('completed');
    } else if (outcome.code === 'cancelled') {
      this.record.update({ bytes: outcome.bytes });
      this.settle('cancelled');
    } else {
      this.record.update({ bytes: outcome.bytes });
      this.fail(outcome.code, outcome.message);
    }
    // The sender's success means REPORTs covered every byte, which our receiver sends only once the file is
    // checked and in place: the sender ends. A receiver gives the sender time to do so (its BYE would cut the
    // sender's last REPORTs short) and ends itself only if the sender does not.
    if (this.record.view().direction === 'outgoing' || !outcome.ok) {
      this.endSession();
    } else {
      this.#endTimer = setTimeout(() => this.endSession(), this.#hooks.endGraceMs);
    }
  }

  #onSession(view: SessionView): void {
    // A push we offered waits in `offered`, a pull we offered in `preparing`: the 200 accepts either.
    if (view.state === 'established' && (this.record.state === 'offered' || (this.pulling && this.record.state === 'preparing'))) this.settle('accepted');
    if (view.state !== 'terminated') return;
    clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
    // Once data flowed the stream reports the outcome (a cut connection keeps the receiver's partial).
    if (this.record.isFinal || this.stream?.dataStarted === true) return;
    const failure = view.failure;
    if (failure !== null && DECLINE_CODES.has(failure.code)) {
      this.settle('declined');
    } else if (failure !== null && failure.code === CANCELLED_CODE) {
      this.settle('cancelled');
    } else if (failure !== null) {
      this.fail('session-failed', `${failure.code === 0 ? '' : `${failure.code} `}${failure.reason}`);
    } else {
      this.fail('session-failed', 'The session ended before the file was transferred.');
    }
  }
}
