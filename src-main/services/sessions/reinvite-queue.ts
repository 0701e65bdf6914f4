import type { Session as SipSession } from 'sip.js';
import type { Disposable } from '../../common';
import { requestPendingRetryDelay } from './reinvite-delay';

/** How long we wait for the ACK of a 200 before sending a re-INVITE anyway (RFC 3261 §13.3.1.4: 64·T1). */
const ACK_WAIT_MS = 32_000;
/** Attempts of one re-INVITE that keeps meeting 491 Request Pending. */
const MAX_PROPOSAL_ATTEMPTS = 5;
/** The longest Retry-After we honour for a re-INVITE (RFC 3261 §14.2 asks for 0-10 s). */
const MAX_RETRY_AFTER_MS = 10_000;

export type ReinviteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: number; readonly reason: string; readonly retryAfterMs?: number | undefined };

/** One re-INVITE to send: the offer is planned afresh before every attempt. */
export interface ReinviteAttempt {
  /** We sent the initial INVITE, so we own the dialog's Call-ID (RFC 3261 §14.1 picks the retry delay by it). */
  readonly ownsCallId: boolean;
  /** Whether the proposal still stands once the previous ACK is in (false: the session ended meanwhile). */
  stillWanted(): boolean;
  /** Plans the offer of this attempt in the session description handler. */
  planOffer(): void;
  /** Drops the planned offer when sip.js refused to send it. */
  dropPlan(): void;
}

/**
 * The mechanics of a session's own re-INVITEs: one at a time (`run` serializes them), each sent only after
 * the ACK of the 200 we gave to the peer's last INVITE, and retried after 491 (RFC 3261 §14.1) or after
 * 500 with Retry-After (§14.2). `dispose()` clears every timer and releases whoever waits for an ACK.
 */
export class ReinviteQueue implements Disposable {
  #queue: Promise<void> = Promise.resolve();
  #awaitingAck = false;
  #ackWaiters: (() => void)[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Runs `task` after every task queued before it has settled. */
  run(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** We answered an INVITE with 2xx: its ACK must arrive before we send ours (else 491, see the sip.js notes). */
  expectAck(): void {
    this.#awaitingAck = true;
  }

  ackReceived(): void {
    this.#awaitingAck = false;
    this.releaseAckWaiters();
  }

  /** Lets every re-INVITE waiting for an ACK go on (the session is ending). */
  releaseAckWaiters(): void {
    const waiters = this.#ackWaiters;
    this.#ackWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Sends the re-INVITE, retrying it while the peer answers 491 or 500 with Retry-After; resolves with the last outcome. */
  async send(sip: SipSession, attempt: ReinviteAttempt): Promise<ReinviteResult> {
    for (let count = 1; ; count += 1) {
      await this.#waitForAck();
      if (!attempt.stillWanted()) return { ok: false, code: 0, reason: 'the session ended' };
      attempt.planOffer();
      const result = await new Promise<ReinviteResult>((resolve) => {
        sip
          .invite({
            requestDelegate: {
              onAccept: () => resolve({ ok: true }),
              onReject: (response) =>
                resolve({
                  ok: false,
                  code: response.message.statusCode ?? 0,
                  reason: response.message.reasonPhrase ?? '',
                  retryAfterMs: retryAfterMs(response.message.getHeader('Retry-After')),
                }),
            },
          })
          .catch((error: unknown) => {
            attempt.dropPlan();
            // sip.js refuses a re-INVITE while another transaction is pending: the same as our own 491.
            const pending = error instanceof Error && error.name === 'RequestPendingError';
            resolve({ ok: false, code: pending ? 491 : 0, reason: describe(error) });
          });
      });
      if (!result.ok && count < MAX_PROPOSAL_ATTEMPTS) {
        // RFC 3261 §14.1: 491 Request Pending → retry after a random delay.
        if (result.code === 491) {
          await this.#delay(requestPendingRetryDelay(attempt.ownsCallId));
          continue;
        }
        // RFC 3261 §14.2 / RFC 5407 §3.1.4: 500 with Retry-After while the peer still waits for an ACK.
        if (result.code === 500 && result.retryAfterMs !== undefined) {
          await this.#delay(result.retryAfterMs);
          continue;
        }
      }
      return result;
    }
  }

  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.releaseAckWaiters();
  }

  #waitForAck(): Promise<void> {
    if (!this.#awaitingAck) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#awaitingAck = false;
        resolve();
      }, ACK_WAIT_MS);
      this.#timers.add(timer);
      this.#ackWaiters.push(() => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        resolve();
      });
    });
  }

  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}

/** Retry-After: delta-seconds (RFC 3261 §20.33), capped; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined): number | undefined {
  const seconds = value === undefined ? Number.NaN : Number.parseInt(value.trim(), 10);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
