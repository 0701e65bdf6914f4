import { useState, type DragEvent } from 'react';
import type { FilePathReader } from '../../bridge/local-file-path';
import { readDrop } from './dropped-paths';

export interface FileDropOptions<F extends File = File> {
  /** Dropped files without a path the core can read (every file in web mode): their bytes are copied. */
  readonly onFiles: (files: readonly F[]) => void;
  /** Full paths from the drop: file:// links, path text, and (desktop) files whose place `pathOf` knows. */
  readonly onPaths: (paths: readonly string[]) => void;
  /** Desktop: where dropped files lie (the preload's pathForFile); absent: every dropped file is bytes. */
  readonly pathOf?: FilePathReader | undefined;
  /** Also take plain-text drags (a path typed or dragged from a terminal); off where text drops mean text. */
  readonly acceptText?: boolean;
}

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
 * Makes an element a drop target for files (a whole conversation, the paths box of the send form): the drop is
 * sorted by `readDrop` into paths and files. Without `acceptText`, only drags that carry files or URI lists are
 * taken, so dragging plain text into a conversation's composer keeps working as usual.
 */
export function useFileDrop({ onFiles, onPaths, pathOf, acceptText = false }: FileDropOptions): FileDrop {
  const [over, setOver] = useState(false);

  function takes(event: DragEvent<HTMLElement>): boolean {
    const types = Array.from(event.dataTransfer.types);
    return types.includes('Files') || types.includes('text/uri-list') || (acceptText && types.includes('text/plain'));
  }

  function accept(event: DragEvent<HTMLElement>): void {
    if (!takes(event)) return;
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
        if (!takes(event)) return;
        event.preventDefault();
        setOver(false);
        const { paths, unplaced } = readDrop(event.dataTransfer, pathOf);
        if (paths.length > 0) onPaths(paths);
        if (unplaced.length > 0) onFiles(unplaced);
      },
    },
  };
}
