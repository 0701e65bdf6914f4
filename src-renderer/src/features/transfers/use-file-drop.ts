import { useState, type DragEvent } from 'react';
import { pathsFromDropText } from './dropped-paths';
import type { PageBlob } from './upload-page-file';

export interface FileDrop {
  /** Files are being dragged over the target. */
  readonly over: boolean;
  readonly handlers: {
    readonly onDragEnter: (event: DragEvent<HTMLElement>) => void;
    readonly onDragOver: (event: DragEvent<HTMLElement>) => void;
    readonly onDragLeave: (event: DragEvent<HTMLElement>) => void;
    readonly onDrop: (event: DragEvent<HTMLElement>) => void;
  };
}

/**
 * Makes an element (a whole conversation) a drop target for files: dropped files go to `onFiles` (several at
 * once, in the order given), dropped file:// links (a file manager's "copy location") to `onPaths`. Only drags
 * that carry files or URI lists are taken: dragging plain text into the composer keeps working as usual.
 */
export function useFileDrop(onFiles: (files: readonly PageBlob[]) => void, onPaths: (paths: readonly string[]) => void): FileDrop {
  const [over, setOver] = useState(false);

  function carriesFiles(event: DragEvent<HTMLElement>): boolean {
    const types = Array.from(event.dataTransfer.types);
    return types.includes('Files') || types.includes('text/uri-list');
  }

  function accept(event: DragEvent<HTMLElement>): void {
    if (!carriesFiles(event)) return;
    // Without preventDefault the browser opens a dropped file in place of Parley's page.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  }

  return {
    over,
    handlers: {
      onDragEnter: accept,
      onDragOver: accept,
      onDragLeave: (event) => {
        // Moving between the target's own children fires dragleave too: only leaving the target counts.
        if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
        setOver(false);
      },
      onDrop: (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setOver(false);
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) onFiles(files);
        else onPaths(pathsFromDropText(event.dataTransfer.getData('text/uri-list'), ''));
      },
    },
  };
}
