import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useCommands } from '../../bridge/bridge-context';
import { TextField } from '../../components/form-fields';
import { summaryFor } from './field-errors';

interface LanNameEditorProps {
  readonly displayName: string;
  readonly onClose: () => void;
}

/** The LAN account's one editable setting: the name others on the network see. */
export function LanNameEditor({ displayName, onClose }: LanNameEditorProps) {
  const commands = useCommands();
  const [value, setValue] = useState(displayName);
  const [error, setError] = useState<string | undefined>(undefined);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const result = await commands.invoke('accounts.renameLan', value.trim());
    if (result.ok) return onClose();
    setError(result.error.code === 'invalid-argument' ? result.error.message : summaryFor(result.error));
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose();
  }

  return (
    <form className="lan-name-editor" data-testid="lan-name-form" aria-label="Rename the LAN account" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} noValidate>
      <TextField field="lanDisplayName" label="Name shown on the local network" value={value} onChange={setValue} error={error} autoFocus />
      <div className="form-actions">
        <button type="submit" className="primary">
          Save name
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
