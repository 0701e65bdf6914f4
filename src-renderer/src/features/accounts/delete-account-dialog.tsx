import { useEffect, useRef } from 'react';

interface DeleteAccountDialogProps {
  readonly title: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/**
 * A modal confirmation on the native <dialog>: it traps focus and turns Escape into a cancel event.
 * Focus starts on "Cancel" so a stray Enter does not delete.
 */
export function DeleteAccountDialog({ title, onConfirm, onCancel }: DeleteAccountDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      data-testid="delete-dialog"
      aria-labelledby="delete-dialog-title"
      aria-describedby="delete-dialog-text"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="delete-dialog-title">Delete {title}?</h2>
      <p id="delete-dialog-text">The account and its saved password are removed from this computer. This cannot be undone.</p>
      <div className="form-actions">
        <button type="button" className="danger" onClick={onConfirm} data-testid="confirm-delete">
          Delete account
        </button>
        <button type="button" ref={cancelRef} onClick={onCancel} data-testid="cancel-delete">
          Cancel
        </button>
      </div>
    </dialog>
  );
}
