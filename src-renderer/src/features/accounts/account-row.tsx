import { useRef, useState } from 'react';
import type { AccountView } from '../../../../src-shared';
import { LanNameEditor } from './lan-name-editor';
import { RegistrationBadge } from './registration-badge';

interface AccountRowProps {
  readonly account: AccountView;
  readonly isDefault: boolean;
  readonly onSetEnabled: (enabled: boolean) => void;
  readonly onMakeDefault: () => void;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
}

export function accountTitle(account: AccountView): string {
  if (account.kind === 'lan') return account.displayName;
  return account.settings.displayName === '' ? account.settings.address : account.settings.displayName;
}

/** One account: who it is, whether it is registered, and what can be done with it. */
export function AccountRow({ account, isDefault, onSetEnabled, onMakeDefault, onEdit, onDelete }: AccountRowProps) {
  const title = accountTitle(account);
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const closeRename = () => {
    setRenaming(false);
    renameButton.current?.focus();
  };
  return (
    <li className="account-row" data-testid="account-row" data-account-id={account.id} data-account-kind={account.kind} data-account-address={account.kind === 'sip' ? account.settings.address : ''}>
      <div className="account-identity">
        <span className="account-title" data-testid="account-title">
          {title}
        </span>
        {account.kind === 'sip' ? (
          <span className="account-address" data-testid="account-address">
            {account.settings.address}
          </span>
        ) : (
          <span className="account-address">
            <span className="tag" data-testid="lan-label">
              LAN
            </span>{' '}
            People on this local network, no server needed
          </span>
        )}
      </div>
      <div className="account-status">
        {account.kind === 'sip' ? <RegistrationBadge registration={account.registration} enabled={account.enabled} withAdvice /> : null}
        {isDefault ? (
          <span className="tag tag-default" data-testid="default-marker">
            Default
          </span>
        ) : (
          <button type="button" className="link" onClick={onMakeDefault} aria-label={`Make ${title} the default account`}>
            Make default
          </button>
        )}
      </div>
      <div className="account-actions">
        <label className="switch">
          <input type="checkbox" role="switch" checked={account.enabled} onChange={(event) => onSetEnabled(event.target.checked)} data-testid="account-enabled" aria-label={`Enabled: ${title}`} />
          <span aria-hidden="true">Enabled</span>
        </label>
        {account.kind === 'sip' ? (
          <>
            <button type="button" onClick={onEdit} data-testid="edit-account" aria-label={`Edit ${title}`}>
              Edit
            </button>
            <button type="button" className="danger" onClick={onDelete} data-testid="delete-account" aria-label={`Delete ${title}`}>
              Delete
            </button>
          </>
        ) : (
          <button type="button" ref={renameButton} onClick={() => setRenaming(true)} data-testid="rename-lan" aria-label={`Rename ${title}`} aria-expanded={renaming}>
            Rename
          </button>
        )}
      </div>
      {account.kind === 'lan' && renaming ? <LanNameEditor displayName={account.displayName} onClose={closeRename} /> : null}
    </li>
  );
}
