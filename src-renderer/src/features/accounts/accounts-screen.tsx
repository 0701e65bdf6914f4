import { useRef } from 'react';
import { useAccountsMirror } from '../../bridge/bridge-context';
import { useUiStore } from '../../stores/ui-store';
import { AccountForm } from './account-form';
import { AccountsList } from './accounts-list';

/** The accounts page: the list, and beside it the add/edit form when one is open. */
export function AccountsScreen() {
  const editor = useUiStore((state) => state.editor);
  const openAddAccount = useUiStore((state) => state.openAddAccount);
  const closeEditor = useUiStore((state) => state.closeEditor);
  const addButton = useRef<HTMLButtonElement>(null);
  const editing = useAccountsMirror((state) =>
    editor.mode === 'edit' ? state.accounts.find((account) => account.id === editor.id) : undefined,
  );

  // Give focus back to what opened the form, so keyboard users continue where they were.
  function close(): void {
    const opener =
      editor.mode === 'edit'
        ? document.querySelector<HTMLElement>(`[data-account-id="${CSS.escape(editor.id)}"] [data-testid="edit-account"]`)
        : addButton.current;
    closeEditor();
    requestAnimationFrame(() => opener?.focus());
  }

  return (
    <div className="accounts-screen" data-testid="accounts-screen">
      <section className="accounts-panel" aria-labelledby="accounts-heading">
        <div className="panel-header">
          <h1 id="accounts-heading">Accounts</h1>
          <button type="button" ref={addButton} className="primary" onClick={openAddAccount} data-testid="add-account" disabled={editor.mode === 'add'}>
            Add account
          </button>
        </div>
        <AccountsList />
      </section>
      {editor.mode === 'add' ? (
        <section className="editor-panel" aria-labelledby="editor-heading">
          <h2 id="editor-heading">Add a SIP account</h2>
          <AccountForm key="add" onDone={close} onCancel={close} />
        </section>
      ) : null}
      {editing?.kind === 'sip' ? (
        <section className="editor-panel" aria-labelledby="editor-heading">
          <h2 id="editor-heading">Edit {editing.settings.address}</h2>
          {/* Keyed by id: switching accounts starts a fresh draft instead of carrying edits over. */}
          <AccountForm key={editing.id} account={editing} onDone={close} onCancel={close} />
        </section>
      ) : null}
    </div>
  );
}
