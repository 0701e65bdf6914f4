import type { ReactNode } from 'react';
import type { FilePathReader } from '../../bridge/local-file-path';
import { useFileDrop } from './use-file-drop';

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
 * A drop target around the paths box. Dropped paths (path text too), file:// links and files with a known
 * place add paths to the box; other dropped files are kept as files to copy and send.
 */
export function FileDropZone({ onPaths, onFiles, pathOf, children }: FileDropZoneProps) {
  const drop = useFileDrop({ onFiles, onPaths, pathOf, acceptText: true });
  return (
    <div className="file-drop-zone" data-over={drop.over} {...drop.handlers} data-testid="file-drop-zone">
      {children}
      <p className="field-hint">You can also drop files or paths here.</p>
    </div>
  );
}
