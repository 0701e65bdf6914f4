import { useState, type DragEvent, type ReactNode } from 'react';
import { readDrop } from './dropped-paths';
import type { FilePathReader } from '../../bridge/local-file-path';

interface FileDropZoneProps {
  /** Full paths taken from the drop, to add to the paths box. */
  readonly onPaths: (paths: readonly string[]) => void;
  /** Dropped files without a path the core can read (every file in web mode): their bytes are copied. */
  readonly onFiles: (files: readonly File[]) => void;
  /** Desktop: where dropped files lie (the preload's pathForFile); absent in web mode. */
  readonly pathOf?: FilePathReader | undefined;
  readonly children: ReactNode;
}

/**
 * A drop target around the paths box. Dropped paths, file:// links and files with a known place add paths
 * to the box; other dropped files are kept as files to copy and send.
 */
export function FileDropZone({ onPaths, onFiles, pathOf, children }: FileDropZoneProps) {
  const [over, setOver] = useState(false);

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
    if (unplaced.length > 0) onFiles(unplaced);
  }

  return (
    <div className="file-drop-zone" data-over={over} onDragOver={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop} data-testid="file-drop-zone">
      {children}
      <p className="field-hint">You can also drop files or paths here.</p>
    </div>
  );
}
