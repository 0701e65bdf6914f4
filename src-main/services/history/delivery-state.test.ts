import { describe, expect, it } from 'vitest';
import { canTransition } from './delivery-state';
import { DELIVERY_STATES } from './history-types';

describe('delivery state guard', () => {
  it('moves forward only, lets a failure be corrected or retried, and never touches received messages', () => {
    const allowed = DELIVERY_STATES.flatMap((from) => DELIVERY_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      [
        'sending→sent',
        'sending→delivered',
        'sending→displayed',
        'sending→failed',
        'sent→delivered',
        'sent→displayed',
        'sent→failed',
        'delivered→displayed',
        'failed→sending',
        'failed→delivered',
        'failed→displayed',
      ].sort(),
    );
  });
});
