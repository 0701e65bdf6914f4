import { useId, useState, type ChangeEvent } from 'react';
import { placeFiles, unplacedNote } from './dropped-paths';
import type { FilePathReader } from '../../bridge/local-file-path';

interface FilePickerProps {
  /** Where picked files lie (the preload's pathForFile). */
  readonly pathOf: FilePathReader;
  readonly onPaths: (paths: readonly string[]) => void;
}

/**
 * Desktop only: the system's file chooser (`<input type=file multiple>`). The page gets File objects; their
 * paths come from the preload and go into the paths box, so what is sent stays visible and editable.
 */
export function FilePicker({ pathOf, onPaths }: FilePickerProps) {
  const id = useId();
  const [note, setNote] = useState<string | null>(null);

  function onChange(event: ChangeEvent<HTMLInputElement>): void {
    const input = event.currentTarget;
    const { paths, unplaced } = placeFiles(Array.from(input.files ?? []), pathOf);
    if (paths.length > 0) onPaths(paths);
    setNote(unplacedNote(unplaced, true));
    // Choosing the same file again must fire change again.
    input.value = '';
  }

  return (
    <div className="field file-picker">
      <label htmlFor={id}>Choose files to send</label>
      <input id={id} type="file" multiple onChange={onChange} data-testid="transfer-file-picker" />
      <p className="field-hint" role="status" data-testid="file-picker-note">
        {note ?? ''}
      </p>
    </div>
  );
}
