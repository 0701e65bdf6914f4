import { useState, type DragEvent, type ReactNode } from 'react';
import { readDrop, unplacedNote } from './dropped-paths';
import type { FilePathReader } from '../../bridge/local-file-path';

interface FileDropZoneProps {
  /** Full paths taken from the drop, to add to the paths box. */
  readonly onPaths: (paths: readonly string[]) => void;
  /** Desktop: where dropped files lie (the preload's pathForFile); absent in web mode. */
  readonly pathOf?: FilePathReader | undefined;
  readonly children: ReactNode;
}

/**
 * A drop target around the paths box. Dropped paths and file:// links are added to the box; dropped files
 * whose place on disk the page cannot learn are named back with what to do instead, rather than ignored.
 */
export function FileDropZone({ onPaths, pathOf, children }: FileDropZoneProps) {
  const [over, setOver] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  function onDragOver(event: DragEvent<HTMLDivElement>): void {
    // Without preventDefault the browser would open a dropped file in place of Parley's page.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  }

  function onDrop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setOver(false);
    const { paths, unplaced } = readDrop(event.dataTransfer, pathOf);
    if (paths.length > 0) onPaths(paths);
    setNote(unplacedNote(unplaced, pathOf !== undefined));
  }

  return (
    <div className="file-drop-zone" data-over={over} onDragOver={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop} data-testid="file-drop-zone">
      {children}
      <p className="field-hint">You can also drop files or paths here.</p>
      <p className="field-hint" role="status" data-testid="file-drop-note">
        {note ?? ''}
      </p>
    </div>
  );
}
