import { useState } from 'react';
import type { AccountId, AccountView } from '../../../../src-shared';
import { useAccountsMirror, useCommands } from '../../bridge/bridge-context';
import type { ClientResult } from '../../bridge/client-result';
import { useUiStore } from '../../stores/ui-store';
import { AccountRow, accountTitle } from './account-row';
import { DeleteAccountDialog } from './delete-account-dialog';
import { summaryFor } from './field-errors';

/** Every account with its status and actions; failures of those actions are announced below the list. */
export function AccountsList() {
  const accounts = useAccountsMirror((state) => state.accounts);
  const defaultAccountId = useAccountsMirror((state) => state.defaultAccountId);
  const commands = useCommands();
  const openEditAccount = useUiStore((state) => state.openEditAccount);
  const askDelete = useUiStore((state) => state.askDelete);
  const cancelDelete = useUiStore((state) => state.cancelDelete);
  const confirmDeleteId = useUiStore((state) => state.confirmDeleteId);
  const closeEditor = useUiStore((state) => state.closeEditor);
  const editor = useUiStore((state) => state.editor);
  const [actionError, setActionError] = useState<string | null>(null);

  async function run(action: Promise<ClientResult<unknown>>): Promise<void> {
    const result = await action;
    setActionError(result.ok ? null : summaryFor(result.error).replace(/^Not saved/, 'That did not work'));
  }

  async function remove(id: AccountId): Promise<void> {
    cancelDelete();
    if (editor.mode === 'edit' && editor.id === id) closeEditor();
    await run(commands.invoke('accounts.remove', id));
  }

  const toDelete: AccountView | undefined = accounts.find((account) => account.id === confirmDeleteId);
  return (
    <>
      <ul className="accounts-list" data-testid="accounts-list" aria-label="Accounts">
        {accounts.map((account) => (
          <AccountRow
            key={account.id}
            account={account}
            isDefault={account.id === defaultAccountId}
            onSetEnabled={(enabled) => void run(commands.invoke('accounts.setEnabled', account.id, enabled))}
            onMakeDefault={() => void run(commands.invoke('accounts.setDefault', account.id))}
            onEdit={() => openEditAccount(account.id)}
            onDelete={() => askDelete(account.id)}
          />
        ))}
      </ul>
      <p className="action-error" role="alert" data-testid="list-error">
        {actionError ?? ''}
      </p>
      {toDelete === undefined ? null : (
        <DeleteAccountDialog title={accountTitle(toDelete)} onConfirm={() => void remove(toDelete.id)} onCancel={cancelDelete} />
      )}
    </>
  );
}
