import type { AccountId, SessionId, TransferFailure, TransferId, TransferState, TransferView } from '../../../src-shared';
import { InvariantError } from '../errors';

/**
 * A push we send is `preparing` while hashed, then `offered`. A pull we ask for (RFC 5547 §5) stays
 * `preparing` until the sender answers (an incoming `offered` is one the user decides about): it goes on to
 * `accepted`, or `declined` when the sender refuses, or straight to `transferring` should the data event
 * overtake the session's.
 */
const TRANSITIONS: Readonly<Record<TransferState, readonly TransferState[]>> = {
  preparing: ['offered', 'accepted', 'transferring', 'failed', 'declined', 'cancelled'],
  offered: ['accepted', 'transferring', 'completed', 'failed', 'declined', 'cancelled'],
  accepted: ['transferring', 'completed', 'failed', 'cancelled'],
  transferring: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  declined: [],
  cancelled: [],
};

export function isFinalTransferState(state: TransferState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function canMoveTransfer(from: TransferState, to: TransferState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** One transfer's truth in the main process; `view()` is what crosses IPC and what is persisted. */
export class TransferRecord {
  #view: TransferView;

  constructor(view: TransferView) {
    this.#view = view;
  }

  static create(init: {
    readonly id: TransferId;
    readonly accountId: AccountId;
    readonly direction: 'incoming' | 'outgoing';
    readonly peer: string;
    readonly peerDisplayName: string | null;
    readonly name: string;
    readonly size: number | null;
    readonly mediaType: string;
    readonly hash: string | null;
    readonly state: TransferState;
    readonly path: string | null;
  }): TransferRecord {
    return new TransferRecord({
      ...init,
      sessionId: null,
      bytes: 0,
      total: init.size,
      bytesPerSecond: 0,
      etaSeconds: null,
      startOffset: 0,
      failure: null,
      createdAt: Date.now(),
      endedAt: null,
    });
  }

  get id(): TransferId {
    return this.#view.id;
  }

  get state(): TransferState {
    return this.#view.state;
  }

  get isFinal(): boolean {
    return isFinalTransferState(this.#view.state);
  }

  view(): TransferView {
    return this.#view;
  }

  update(changes: Partial<Pick<TransferView, 'sessionId' | 'size' | 'total' | 'hash' | 'mediaType' | 'bytes' | 'bytesPerSecond' | 'etaSeconds' | 'startOffset' | 'path' | 'name'>>): void {
    this.#view = { ...this.#view, ...changes };
  }

  /** Moves the state on (guarded); a final state stops the meter and stamps the end. */
  move(state: TransferState, failure: TransferFailure | null = null): void {
    const from = this.#view.state;
    if (from === state) return;
    if (!canMoveTransfer(from, state)) throw new InvariantError(`transfer ${this.id}: ${from} → ${state} is not a valid transition`);
    const final = isFinalTransferState(state);
    this.#view = {
      ...this.#view,
      state,
      failure: failure ?? this.#view.failure,
      ...(final ? { endedAt: Date.now(), bytesPerSecond: 0, etaSeconds: state === 'completed' ? 0 : null } : {}),
    };
  }
}
