import type { DeliveryState } from './history-types';

/**
 * Allowed moves of the delivery state. Reports and notifications arrive late and out of order (an IMDN
 * displayed before the Success-Report, a REPORT after a transaction timeout), so the guard lets the state only
 * move forward, except that a failure may be corrected by a later proof of delivery and may be retried.
 */
const NEXT: Readonly<Record<DeliveryState, readonly DeliveryState[]>> = {
  sending: ['sent', 'delivered', 'displayed', 'failed'],
  sent: ['delivered', 'displayed', 'failed'],
  delivered: ['displayed'],
  displayed: [],
  failed: ['sending', 'delivered', 'displayed'],
  received: [],
};

export function canTransition(from: DeliveryState, to: DeliveryState): boolean {
  return NEXT[from].includes(to);
}
