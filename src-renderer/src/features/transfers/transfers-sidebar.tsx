import { useMemo } from 'react';
import { useTransfersMirror } from '../../bridge/bridge-context';
import { isActiveTransfer, pendingOffers } from '../../stores/transfers-store';
import { useUiStore } from '../../stores/ui-store';
import { offerAnnouncement } from './transfer-format';
import { TransferItem } from './transfer-item';

/**
 * The sidebar's transfers: incoming offers with Accept / Decline wherever the user is (an offer must not wait
 * unseen on another page), and the way to the transfers page with how many are moving.
 */
export function TransfersSidebar() {
  const transfers = useTransfersMirror((state) => state.transfers);
  const offers = useMemo(() => pendingOffers(transfers), [transfers]);
  const activeCount = useMemo(() => transfers.filter(isActiveTransfer).length - offers.length, [transfers, offers]);
  const view = useUiStore((state) => state.mainView);
  const showTransfers = useUiStore((state) => state.showTransfers);
  const newest = offers[offers.length - 1];
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-transfers-heading" data-testid="sidebar-transfers">
      <div className="sidebar-heading">
        <h2 id="sidebar-transfers-heading">Transfers</h2>
        <button type="button" className="link" onClick={showTransfers} aria-current={view.kind === 'transfers' ? 'page' : undefined} data-testid="show-transfers">
          {activeCount > 0 ? `All (${activeCount} in progress)` : 'All'}
        </button>
      </div>
      {/* Announced as it arrives; the offer's buttons below are in the tab order right after this heading. */}
      <p className="visually-hidden" role="status" data-testid="transfer-offer-announcement">
        {newest === undefined ? '' : offerAnnouncement(newest)}
      </p>
      {offers.length === 0 ? null : (
        <ul className="transfer-list" aria-label="Files offered to you" data-testid="transfer-offers">
          {offers.map((offer) => (
            <TransferItem key={offer.id} view={offer} />
          ))}
        </ul>
      )}
    </section>
  );
}
