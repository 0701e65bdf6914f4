import { describe, expect, it } from 'vitest';
import { EndLineGuard } from './end-line-guard';

const TID = 'Abc123xyZ0';
const PATTERN = `-------${TID}`;

/** Feeds `body` in the given pieces and returns how many bytes the guard let through. */
function accepted(body: string, cuts: readonly number[]): number {
  const guard = new EndLineGuard(TID);
  const bytes = Buffer.from(body, 'latin1');
  let done = 0;
  for (const end of [...cuts, bytes.length]) {
    const piece = bytes.subarray(done, end);
    const ok = guard.accept(piece);
    done += ok;
    if (ok < piece.length) return done;
  }
  return done;
}

describe('EndLineGuard (RFC 4975 §7.1: the end-line must not occur in the body)', () => {
  it('lets an ordinary body through whole, however it is split', () => {
    const body = `hello ------- ${TID.slice(0, 5)} -------${TID.slice(0, -1)}X and more`;
    for (let cut = 0; cut <= body.length; cut++) expect(accepted(body, [cut])).toBe(body.length);
  });

  it('stops before the byte that would complete -------<tid>, wherever the writes split it', () => {
    const prefix = 'data before it\r\n';
    const body = `${prefix}${PATTERN}$\r\nafter`;
    const stop = prefix.length + PATTERN.length - 1;
    for (let first = 0; first <= body.length; first++) {
      for (let second = first; second <= body.length; second += 3) {
        expect(accepted(body, [first, second])).toBe(stop);
      }
    }
  });

  it('stops at a pattern that spans three writes and at the very first byte of a write', () => {
    const body = `xx${PATTERN}`;
    expect(accepted(body, [4, 9])).toBe(body.length - 1);
    // Everything but the last byte came in earlier writes: the next write is refused entirely.
    const guard = new EndLineGuard(TID);
    expect(guard.accept(Buffer.from(PATTERN.slice(0, -1), 'latin1'))).toBe(PATTERN.length - 1);
    expect(guard.accept(Buffer.from(`${PATTERN.slice(-1)}tail`, 'latin1'))).toBe(0);
  });
});
