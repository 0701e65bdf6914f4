import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AccountId, TransferId, TransferRevealResult, TransferView } from '../../../src-shared';
import { TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import type { AcceptableOfferedStream } from '../../sip/sdp';
import { ConflictError, InvalidArgumentError, NotFoundError, UnavailableError } from '../errors';
import { buildFileOffer, FileTransferError, mediaTypeForName, PartialTransfers } from '../file-transfer';
import { SessionState, type Session, type SessionManager } from '../sessions';
import { FileTransferStream, fileTransferStreamFactory, transferFailureCode, type FileReceiveSpec, type MediaStreamRegistry, type ResumeAdvertisement } from '../streams';
import { offeredPathKey, readIncomingFileOffer, type IncomingFileOffer } from './incoming-file-offer';
import { LiveTransfer } from './live-transfer';
import { checkReceivedFile, identifyReceivedFile, type ReceivedFileIdentity } from './received-file-check';
import { TransferRecord } from './transfer-record';
import { TransferStore } from './transfer-store';

export interface TransferServiceOptions {
  readonly sessions: SessionManager;
  /** The file-transfer stream type is registered here (the registry the SessionManager uses). */
  readonly registry: MediaStreamRegistry;
  readonly profileDir: string;
  /** Where received files go (the OS downloads folder in the app, `<profile>/Downloads` headless). */
  readonly downloadsFolder: string;
  /** Offers above this many bytes are declined by themselves (reason too-large). Default unlimited. */
  readonly maxFileSize?: number;
  /** How we offer to resume as a receiver; default both RFC 5547 a=file-range and Blink's x-file-offset. */
  readonly resume?: ResumeAdvertisement;
  /** How long a receiver with a complete file waits for the sender's BYE before ending; default 5000 ms. */
  readonly endGraceMs?: number;
  /** Default 100 ms (about 10 progress events per second per transfer). */
  readonly progressIntervalMs?: number;
  readonly logger: Logger;
  readonly onProblem?: (message: string) => void;
  /** Desktop: shows a file in the OS file manager (the shell passes shell.showItemInFolder). */
  readonly reveal?: (path: string) => void | Promise<void>;
  /** Desktop: opens a file with its default application (shell.openPath); absent: `transfers.open` is unavailable. */
  readonly openFile?: (path: string) => void | Promise<void>;
}

export interface TransferServiceEvents {
  [name: string]: unknown;
  changed: TransferView;
}

const DEFAULT_END_GRACE_MS = 5_000;

/**
 * File transfers as the user sees them (the seed's file-transfer handling in Blink): each transfer is a SIP
 * session of its own with one file-transfer stream (RFC 5547 practice; see the sip.js notes: no re-INVITE
 * prompts), so sending to a peer who is also in a chat with us is a second, independent session. Incoming
 * offers wait for `accept`/`decline`; every transfer is listed (and persisted in `<profile>/transfers.json`)
 * with its state, bytes, speed and ETA; a receiver keeps the partial file of a cut transfer and resumes it
 * when the same file is offered again.
 */
export class TransferService implements Disposable {
  readonly #options: TransferServiceOptions;
  readonly #store: TransferStore;
  readonly #partials: PartialTransfers;
  readonly #events = new TypedEmitter<TransferServiceEvents>();
  /** Newest first. */
  #records: TransferRecord[];
  readonly #live = new Map<TransferId, LiveTransfer>();
  /** Incoming offers by the peer's MSRP path, so the stream made when the session answers finds its transfer. */
  readonly #byPath = new Map<string, LiveTransfer>();
  readonly #subscriptions: Disposable[] = [];
  /** Received files as Parley wrote them (taken at completion; after a restart the SHA-1 is checked instead). */
  readonly #received = new Map<TransferId, ReceivedFileIdentity>();

  private constructor(options: TransferServiceOptions, store: TransferStore, partials: PartialTransfers, restored: TransferView[]) {
    this.#options = options;
    this.#store = store;
    this.#partials = partials;
    this.#records = restored.map((view) => new TransferRecord(view));
    options.registry.register(
      fileTransferStreamFactory({
        receiveSpecFor: (offered) => this.#receiveSpecFor(offered),
        onAnswerStream: (stream, offered) => this.#byPath.get(offeredPathKey(offered))?.attachStream(stream),
      }),
    );
    this.#subscriptions.push(options.sessions.on('incoming', (session) => this.#onIncoming(session)));
  }

  static async open(options: TransferServiceOptions): Promise<TransferService> {
    const logger = options.logger;
    const partials = await PartialTransfers.open({ profileDir: options.profileDir, logger });
    const { store, transfers } = await TransferStore.open({ profileDir: options.profileDir, logger, ...(options.onProblem !== undefined ? { onProblem: options.onProblem } : {}) });
    const service = new TransferService(options, store, partials, transfers);
    // Live ones from the last run were marked interrupted: write that down.
    if (transfers.length > 0) await store.save(service.list());
    return service;
  }

  on<K extends keyof TransferServiceEvents>(name: K, listener: Listener<TransferServiceEvents[K]>): Disposable {
    return this.#events.on(name, listener);
  }

  list(): TransferView[] {
    return this.#records.map((record) => record.view());
  }

  /**
   * Offers `path` to `target`: hashes it (progress in `bytes`), then places a session with one sendonly
   * file-transfer stream. Resolves at once with the transfer in `preparing`.
   */
  async send(accountId: AccountId, target: string, path: string): Promise<TransferView> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new InvalidArgumentError('Only regular files can be sent.', 'path');
      size = info.size;
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      throw new NotFoundError(`${basename(path)} cannot be read.`);
    }
    const name = basename(path);
    const record = TransferRecord.create({
      id: randomUUID() as TransferId,
      accountId,
      direction: 'outgoing',
      peer: /^sips?:/i.test(target) ? target : `sip:${target}`,
      peerDisplayName: null,
      name,
      size,
      mediaType: mediaTypeForName(name),
      hash: null,
      state: 'preparing',
      path,
    });
    const live = this.#track(record);
    void this.#prepareAndOffer(live, accountId, target, path);
    return record.view();
  }

  /** Accepts an offered incoming file; the session is answered and the file goes to the downloads folder. */
  accept(id: TransferId): TransferView {
    const live = this.#offeredIncoming(id);
    const session = live.session;
    live.settle('accepted');
    void session?.accept(['file-transfer']).catch((error: unknown) => live.fail('session-failed', describe(error)));
    return live.record.view();
  }

  async decline(id: TransferId): Promise<TransferView> {
    const live = this.#offeredIncoming(id);
    live.settle('declined');
    await live.session?.reject('decline').catch(() => undefined);
    return live.record.view();
  }

  /** Stops a live transfer: hashing is aborted, an offer withdrawn (CANCEL), a running transfer ends with `#` and BYE. */
  async cancel(id: TransferId): Promise<TransferView> {
    const record = this.#record(id);
    const live = this.#live.get(id);
    if (live === undefined || record.isFinal) throw new ConflictError(`The transfer is already ${record.state}.`);
    if (record.state === 'offered' && record.view().direction === 'incoming') return this.decline(id);
    live.hashing.abort();
    live.stream?.cancel();
    live.settle('cancelled');
    live.endSession();
    return record.view();
  }

  /**
   * A completed incoming file in the file manager (desktop), or its path (web mode), once it is checked to be
   * still in the downloads folder and still the file we wrote.
   */
  async reveal(id: TransferId): Promise<TransferRevealResult> {
    const { path } = await this.#checkReceived(id, false);
    if (this.#options.reveal === undefined) return { path, shown: false };
    try {
      await this.#options.reveal(path);
    } catch (error) {
      throw new UnavailableError(`The file could not be shown (${describe(error)}).`);
    }
    return { path, shown: true };
  }

  /**
   * Opens a completed incoming file with its default application (desktop only; the UI asks the user first).
   * The same checks as `reveal`, and never a program or script: a file from the network that runs code when
   * opened is refused by its extension, its execute bits and its first bytes.
   */
  async open(id: TransferId): Promise<null> {
    const openFile = this.#options.openFile;
    if (openFile === undefined) throw new UnavailableError('Received files can be opened only in the desktop app.');
    const { path, executable } = await this.#checkReceived(id, true);
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

  /** Waits for the transfers list to be written; drops listeners and timers (sessions end with the SessionManager). */
  async dispose(): Promise<void> {
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    for (const live of this.#live.values()) live.dispose();
    this.#live.clear();
    this.#byPath.clear();
    await this.#store.save(this.list()).catch(() => undefined);
    await this.#store.idle();
    await this.#partials.idle();
    this.#events.dispose();
  }

  // ---- outgoing ----

  async #prepareAndOffer(live: LiveTransfer, accountId: AccountId, target: string, path: string): Promise<void> {
    const meter = live.meter(live.record.view().size ?? undefined);
    try {
      const offer = await buildFileOffer(path, { onHashProgress: (processed) => meter.update(processed), signal: live.hashing.signal });
      if (live.record.isFinal) return;
      live.record.update({ hash: offer.hash, size: offer.size, total: offer.size, mediaType: offer.mediaType, bytes: 0, bytesPerSecond: 0, etaSeconds: null });
      meter.dispose();
      const stream = FileTransferStream.sending({ offer, transferId: randomUUID() });
      live.attachStream(stream);
      const view = this.#options.sessions.connect(accountId, target, ['file-transfer'], undefined, [stream]);
      live.settle('offered');
      live.attachSession(this.#options.sessions.get(view.id));
    } catch (error) {
      if (live.record.isFinal) return;
      if (live.hashing.signal.aborted) live.settle('cancelled');
      else live.fail(error instanceof FileTransferError ? transferFailureCode(error.reason) : 'session-failed', describe(error));
    }
  }

  // ---- incoming ----

  #onIncoming(session: Session): void {
    const view = session.view();
    // Only sessions that carry nothing but a file are transfers; a mixed offer is the sessions UI's business.
    if (view.offeredStreamTypes.length === 0 || !view.offeredStreamTypes.every((type) => type === 'file-transfer')) return;
    const offer = readIncomingFileOffer(session.remoteOffer);
    if (offer === undefined) {
      // A pull (RFC 5547 §5: the peer offers recvonly): Parley shares no files to pull from.
      this.#options.logger.info('Declining a file pull request');
      void session.reject('decline').catch(() => undefined);
      return;
    }
    const record = TransferRecord.create({
      id: randomUUID() as TransferId,
      accountId: view.accountId,
      direction: 'incoming',
      peer: view.remoteUri,
      peerDisplayName: view.remoteDisplayName,
      name: offer.name,
      size: offer.size ?? null,
      mediaType: offer.mediaType,
      hash: offer.sha1 ?? null,
      state: 'offered',
      path: null,
    });
    const live = this.#track(record, offer);
    this.#byPath.set(offer.pathKey, live);
    live.attachSession(session);
    const max = this.#options.maxFileSize;
    if (max !== undefined && offer.size !== undefined && offer.size > max) {
      live.settle('declined', { code: 'too-large', message: `The file is ${offer.size} bytes; the limit is ${max}.` });
      void session.reject('decline').catch(() => undefined);
    }
  }

  #receiveSpecFor(offered: AcceptableOfferedStream): FileReceiveSpec | undefined {
    const live = this.#byPath.get(offeredPathKey(offered));
    const file = offered.remote.file;
    // Answered through sessions.accept without transfers.accept: the user accepted the session, so the file too.
    if (live === undefined || file === undefined || live.record.isFinal) return undefined;
    if (live.record.state === 'offered') live.settle('accepted');
    return {
      selector: file.selector,
      transferId: file.transferId,
      downloadsFolder: this.#options.downloadsFolder,
      partials: this.#partials,
      peer: live.record.view().peer,
      ...(this.#options.maxFileSize !== undefined ? { maxSize: this.#options.maxFileSize } : {}),
      ...(this.#options.resume !== undefined ? { resume: this.#options.resume } : {}),
    };
  }

  // ---- received files ----

  async #checkReceived(id: TransferId, inspectExecutable: boolean): Promise<{ path: string; executable: string | null }> {
    const view = this.#record(id).view();
    const checked = await checkReceivedFile(view, this.#options.downloadsFolder, { known: this.#received.get(id), inspectExecutable });
    this.#received.set(id, checked.identity);
    return checked;
  }

  /** Remembers which file a completed incoming transfer wrote, so later checks need no rehash. */
  #rememberReceived(record: TransferRecord): void {
    const view = record.view();
    if (view.direction !== 'incoming' || view.state !== 'completed' || view.path === null) return;
    void identifyReceivedFile(view.path).then((identity) => {
      if (identity !== undefined && String(view.size ?? view.bytes) === identity.size) this.#received.set(record.id, identity);
    });
  }

  // ---- records ----

  #track(record: TransferRecord, offer?: IncomingFileOffer): LiveTransfer {
    const live = new LiveTransfer(
      record,
      {
        changed: (changed, persist) => this.#changed(changed, persist),
        logger: this.#options.logger,
        endGraceMs: this.#options.endGraceMs ?? DEFAULT_END_GRACE_MS,
        progressIntervalMs: this.#options.progressIntervalMs,
      },
      offer,
    );
    this.#records.unshift(record);
    this.#live.set(record.id, live);
    this.#changed(record, true);
    return live;
  }

  #changed(record: TransferRecord, persist: boolean): void {
    this.#events.emit('changed', record.view());
    if (!persist) return;
    if (record.isFinal) {
      this.#release(record.id);
      this.#rememberReceived(record);
    }
    this.#store.save(this.list()).catch((error: unknown) => this.#options.logger.warn('Could not save the transfers list', { error: describe(error) }));
  }

  /** A final transfer keeps its record; its live parts go once the session has ended. */
  #release(id: TransferId): void {
    const live = this.#live.get(id);
    if (live === undefined) return;
    this.#live.delete(id);
    if (live.offer !== undefined) this.#byPath.delete(live.offer.pathKey);
    // The sender's grace timer still has to end the session: dispose after it.
    const finish = () => live.dispose();
    if (live.session === undefined || live.session.state === SessionState.Terminated) finish();
    else {
      const subscription = live.session.on('changed', (view) => {
        if (view.state !== 'terminated') return;
        subscription.dispose();
        finish();
      });
    }
  }

  #record(id: TransferId): TransferRecord {
    const record = this.#records.find((item) => item.id === id);
    if (record === undefined) throw new NotFoundError('That transfer does not exist.');
    return record;
  }

  #offeredIncoming(id: TransferId): LiveTransfer {
    const record = this.#record(id);
    const live = this.#live.get(id);
    if (live === undefined || record.view().direction !== 'incoming' || record.state !== 'offered') {
      throw new ConflictError(`The transfer is ${record.state}, not an offered incoming file.`);
    }
    return live;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
