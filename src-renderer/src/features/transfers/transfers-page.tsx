import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useTransfersMirror } from '../../bridge/bridge-context';
import { isActiveTransfer } from '../../stores/transfers-store';
import { SendFilesForm } from './send-files-form';
import { PendingFileItem } from './pending-file-item';
import { TransferItem } from './transfer-item';
import { usePageUploads } from './use-page-uploads';

/** The transfers page: send files, and every transfer main remembers (`transfers.list`), live ones first. */
export function TransfersPage() {
  const transfers = useTransfersMirror((state) => state.transfers);
  const loaded = useTransfersMirror((state) => state.loaded);
  const heading = useRef<HTMLHeadingElement>(null);
  const active = useMemo(() => transfers.filter(isActiveTransfer), [transfers]);
  const pending = useStore(usePageUploads().store, (state) => state.items);
  const finished = useMemo(() => transfers.filter((transfer) => !isActiveTransfer(transfer)), [transfers]);

  // Opened from the sidebar: keyboard and screen reader users land on the page's heading.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="pane-section transfers-page" aria-labelledby="transfers-heading" data-testid="transfers-page">
      <h1 id="transfers-heading" ref={heading} tabIndex={-1}>
        File transfers
      </h1>
      <section aria-labelledby="send-files-heading">
        <h2 id="send-files-heading">Send files</h2>
        <SendFilesForm />
      </section>
      <section aria-labelledby="active-transfers-heading">
        <h2 id="active-transfers-heading">In progress</h2>
        {active.length + pending.length === 0 ? <p className="muted">Nothing is being sent or received.</p> : null}
        <ul className="transfer-list" data-testid="active-transfers">
          {active.map((view) => (
            <TransferItem key={view.id} view={view} />
          ))}
          {pending.map((item) => (
            <PendingFileItem key={item.key} item={item} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="finished-transfers-heading">
        <h2 id="finished-transfers-heading">Finished</h2>
        {!loaded ? <p className="muted">Loading the list…</p> : finished.length === 0 ? <p className="muted">No finished transfers yet.</p> : null}
        <ul className="transfer-list" data-testid="finished-transfers">
          {finished.map((view) => (
            <TransferItem key={view.id} view={view} />
          ))}
        </ul>
      </section>
    </section>
  );
}
