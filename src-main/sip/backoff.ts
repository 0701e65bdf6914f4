/** Retry timing for registrations and reconnects. */
export interface BackoffOptions {
  /** First wait, in ms (RFC 5626 §4.5 base-time). */
  readonly initialDelayMs: number;
  /** Cap, in ms (RFC 5626 §4.5 max-time). */
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 2_000, maxDelayMs: 60_000 };

/**
 * RFC 5626 §4.5: wait-time = min(max-time, base-time · 2^consecutive-failures), then a random value between
 * 50% and 100% of it, so that many clients cut off together do not come back in lockstep.
 */
export function backoffDelay(consecutiveFailures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, consecutiveFailures));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
