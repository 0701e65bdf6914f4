import type { TransferId, TransferRevealResult, TransferView } from '../../../src-shared';
import { ConflictError, UnavailableError } from '../errors';
import { checkReceivedFile, identifyReceivedFile, type ReceivedFileIdentity } from './received-file-check';

export interface ReceivedFilesOptions {
  readonly downloadsFolder: string;
  /** Desktop: shows a file in the OS file manager (shell.showItemInFolder). */
  readonly reveal?: ((path: string) => void | Promise<void>) | undefined;
  /** Desktop: opens a file with its default application (shell.openPath); absent: `open` is unavailable. */
  readonly openFile?: ((path: string) => void | Promise<void>) | undefined;
}

/**
 * What the user may do with a completed incoming file: show it or open it, each time after checking that it
 * is still in the downloads folder and still the file Parley wrote (`checkReceivedFile`). The identity taken at
 * completion is kept, so those checks need no rehash (after a restart the SHA-1 is checked instead).
 */
export class ReceivedFiles {
  readonly #options: ReceivedFilesOptions;
  readonly #identities = new Map<TransferId, ReceivedFileIdentity>();

  constructor(options: ReceivedFilesOptions) {
    this.#options = options;
  }

  /** The file in the file manager (desktop), or its path (web mode). */
  async reveal(view: TransferView): Promise<TransferRevealResult> {
    const { path } = await this.#check(view, false);
    if (this.#options.reveal === undefined) return { path, shown: false };
    try {
      await this.#options.reveal(path);
    } catch (error) {
      throw new UnavailableError(`The file could not be shown (${describe(error)}).`);
    }
    return { path, shown: true };
  }

  /**
   * Opens the file with its default application (desktop only; the UI asks the user first). The same checks
   * as `reveal`, and never a program or script: a file from the network that runs code when opened is refused
   * by its extension, its execute bits and its first bytes.
   */
  async open(view: TransferView): Promise<null> {
    const openFile = this.#options.openFile;
    if (openFile === undefined) throw new UnavailableError('Received files can be opened only in the desktop app.');
    const { path, executable } = await this.#check(view, true);
    if (executable !== null) {
      throw new ConflictError(`Parley does not open programs or scripts received from the network: ${executable}.`, 'executable');
    }
    try {
      await openFile(path);
    } catch (error) {
      throw new UnavailableError(`The file could not be opened (${describe(error)}).`);
    }
    return null;
  }

  /** Remembers which file a completed incoming transfer wrote (anything else is ignored). */
  remember(view: TransferView): void {
    if (view.direction !== 'incoming' || view.state !== 'completed' || view.path === null) return;
    void identifyReceivedFile(view.path).then((identity) => {
      if (identity !== undefined && String(view.size ?? view.bytes) === identity.size) this.#identities.set(view.id, identity);
    });
  }

  async #check(view: TransferView, inspectExecutable: boolean): Promise<{ path: string; executable: string | null }> {
    const checked = await checkReceivedFile(view, this.#options.downloadsFolder, { known: this.#identities.get(view.id), inspectExecutable });
    this.#identities.set(view.id, checked.identity);
    return checked;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
