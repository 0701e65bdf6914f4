import { randomInt } from 'node:crypto';

/**
 * RFC 3261 §14.1: after a 491 to a re-INVITE, retry after a random time T in units of 10 ms — between
 * 2.1 and 4 s when we own the dialog's Call-ID (we sent the initial INVITE), between 0 and 2 s otherwise —
 * so the two sides' retries do not collide again.
 */
export function requestPendingRetryDelay(ownsCallId: boolean, random: (min: number, max: number) => number = randomInt): number {
  return ownsCallId ? random(210, 401) * 10 : random(0, 201) * 10;
}
