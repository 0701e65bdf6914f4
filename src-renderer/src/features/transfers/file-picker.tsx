import { useId, type ChangeEvent } from 'react';
import { placeFiles } from './dropped-paths';
import type { FilePathReader } from '../../bridge/local-file-path';

interface FilePickerProps {
  /** Desktop: where picked files lie (the preload's pathForFile); absent in web mode. */
  readonly pathOf?: FilePathReader | undefined;
  /** Full paths of picked files (desktop), for the paths box. */
  readonly onPaths: (paths: readonly string[]) => void;
  /** Picked files without a path the core can read (every file in web mode): their bytes are copied. */
  readonly onFiles: (files: readonly File[]) => void;
}

/**
 * The system's file chooser (`<input type=file multiple>`). In the desktop app the chosen files' paths go into
 * the paths box, so what is sent stays visible and editable; a browser window never learns them, so there
 * the files themselves are kept and their bytes copied into Parley when sent.
 */
export function FilePicker({ pathOf, onPaths, onFiles }: FilePickerProps) {
  const id = useId();

  function onChange(event: ChangeEvent<HTMLInputElement>): void {
    const input = event.currentTarget;
    const picked = Array.from(input.files ?? []);
    const { paths, unplaced } = pathOf === undefined ? { paths: [], unplaced: picked } : placeFiles(picked, pathOf);
    if (paths.length > 0) onPaths(paths);
    if (unplaced.length > 0) onFiles(unplaced);
    // Choosing the same file again must fire change again.
    input.value = '';
  }

  return (
    <div className="field file-picker">
      <label htmlFor={id}>Choose files to send</label>
      <input id={id} type="file" multiple onChange={onChange} data-testid="transfer-file-picker" />
    </div>
  );
}
