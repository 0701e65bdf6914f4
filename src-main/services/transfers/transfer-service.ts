import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AccountId, TransferId, TransferRevealResult, TransferView } from '../../../src-shared';
import { TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import type { AcceptableOfferedStream } from '../../sip/sdp';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors';
import { buildFileOffer, FileTransferError, mediaTypeForName, PartialTransfers } from '../file-transfer';
import { SessionState, type Session, type SessionManager } from '../sessions';
import {
  FileTransferStream,
  fileTransferStreamFactory,
  transferFailureCode,
  type FileReceiveSpec,
  type FileSendSpec,
  type MediaStreamRegistry,
  type ResumeAdvertisement,
} from '../streams';
import { decidePull } from './file-pull';
import { offeredPathKey, readIncomingFileOffer } from './incoming-file-offer';
import { LiveTransfer, type LiveTransferRole } from './live-transfer';
import { ReceivedFiles } from './received-files';
import { ServableFiles } from './servable-file';
import { TransferRecord } from './transfer-record';
import { planRetry, pullSelector, resendableSize, type RetryPlan } from './transfer-retry';
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
  /** The clock pulls are judged by (tests); default Date.now. */
  readonly now?: () => number;
}

export interface TransferServiceEvents {
  [name: string]: unknown;
  changed: TransferView;
}

const DEFAULT_END_GRACE_MS = 5_000;
/** Marks a retry between its checks and its new transfer (a second click must not start a second one). */
const RETRY_STARTING = '' as TransferId;

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
  /**
   * Offers we answer (pushed to us, or pulls we serve) by the peer's MSRP path, so the stream made when the
   * session answers finds its transfer (added by `#track`, removed by `#release`).
   */
  readonly #byPath = new Map<string, LiveTransfer>();
  /** Retried transfer → the transfer that retries it (one retry at a time: a new one only once that one is not live). */
  readonly #retries = new Map<TransferId, TransferId>();
  readonly #servable = new ServableFiles();
  /** Served pulls → when their file was first sent (persisted with the list). */
  readonly #pullOrigins: Map<TransferId, number>;
  #disposed = false;
  readonly #subscriptions: Disposable[] = [];
  readonly #receivedFiles: ReceivedFiles;

  private constructor(options: TransferServiceOptions, store: TransferStore, partials: PartialTransfers, restored: TransferView[], pullOrigins: Map<TransferId, number>) {
    this.#options = options;
    this.#pullOrigins = pullOrigins;
    this.#receivedFiles = new ReceivedFiles({ downloadsFolder: options.downloadsFolder, reveal: options.reveal, openFile: options.openFile });
    this.#store = store;
    this.#partials = partials;
    this.#records = restored.map((view) => new TransferRecord(view));
    options.registry.register(
      fileTransferStreamFactory({
        receiveSpecFor: (offered) => this.#receiveSpecFor(offered),
        sendSpecFor: (offered) => this.#sendSpecFor(offered),
        onAnswerStream: (stream, offered) => this.#byPath.get(offeredPathKey(offered))?.attachStream(stream),
      }),
    );
    this.#subscriptions.push(options.sessions.on('incoming', (session) => this.#onIncoming(session)));
  }

  static async open(options: TransferServiceOptions): Promise<TransferService> {
    const logger = options.logger;
    const partials = await PartialTransfers.open({ profileDir: options.profileDir, logger });
    const { store, transfers, pullOrigins } = await TransferStore.open({ profileDir: options.profileDir, logger, ...(options.onProblem !== undefined ? { onProblem: options.onProblem } : {}) });
    const service = new TransferService(options, store, partials, transfers, pullOrigins);
    // Live ones from the last run were marked interrupted: write that down.
    if (transfers.length > 0) await store.save(service.list(), pullOrigins);
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
    return this.#offer(accountId, target, path, size);
  }

  /** `send` once the file at `path` is known to be a regular file of `size` bytes. */
  #offer(accountId: AccountId, target: string, path: string, size: number): TransferView {
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
   * A failed or cancelled transfer once more, as a new transfer (see `planRetry` for what cannot go again).
   * Outgoing: the file is offered anew from its path (the receiver resumes from the partial it kept).
   * Incoming: the sender is asked for the file as a pull (RFC 5547 §5: a session of ours with a recvonly
   * stream whose file-selector names it by SHA-1), resuming from our partial file (a=file-range, §8, and
   * Blink's x-file-offset): the new transfer waits in `preparing` until the sender answers.
   */
  async retry(id: TransferId): Promise<TransferView> {
    const view = this.#record(id).view();
    const plan = planRetry(view);
    // An entry whose retry is no longer live is stale: it may be replaced.
    const retrying = this.#retries.get(id);
    if (retrying !== undefined && (retrying === RETRY_STARTING || this.#live.has(retrying))) throw new ConflictError('This transfer is already being tried again.');
    this.#retries.set(id, RETRY_STARTING);
    try {
      const retried =
        plan.kind === 'send'
          ? this.#offer(plan.accountId, plan.target, plan.path, await resendableSize(plan.path, view.name))
          : this.#pull(plan, view);
      this.#retries.set(id, retried.id);
      return retried;
    } catch (error) {
      this.#retries.delete(id);
      throw error;
    }
  }

  /** A completed incoming file in the file manager (desktop), or its path (web mode): see `ReceivedFiles`. */
  reveal(id: TransferId): Promise<TransferRevealResult> {
    return this.#receivedFiles.reveal(this.#record(id).view());
  }

  /** Opens a completed incoming file with its default application (desktop only): see `ReceivedFiles`. */
  open(id: TransferId): Promise<null> {
    return this.#receivedFiles.open(this.#record(id).view());
  }

  /** Waits for the transfers list to be written; drops listeners and timers (sessions end with the SessionManager). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    this.#servable.dispose();
    for (const live of this.#live.values()) live.dispose();
    this.#live.clear();
    this.#byPath.clear();
    await this.#store.save(this.list(), this.#pullOrigins).catch(() => undefined);
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
      // A pull (RFC 5547 §5: the peer offers recvonly), or nothing we can read.
      this.#onPull(session).catch((error: unknown) => {
        this.#options.logger.warn('A file pull request could not be handled', { error: describe(error) });
        void session.reject('decline').catch(() => undefined);
      });
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
    const live = this.#track(record, { offer });
    live.attachSession(session);
    const max = this.#options.maxFileSize;
    if (max !== undefined && offer.size !== undefined && offer.size > max) {
      live.settle('declined', { code: 'too-large', message: `The file is ${offer.size} bytes; the limit is ${max}.` });
      void session.reject('decline').catch(() => undefined);
    }
  }

  /**
   * A peer asks for a file (RFC 5547 §5). It is served, without asking the user, only when it is a file this
   * account sent or offered to this same peer in the last week and the file on disk is still that file
   * (size and SHA-1, hashed before answering); anything else is declined (603) as if nothing were shared.
   * A served pull is a new outgoing transfer in the list, starting where the puller's a=file-range says.
   */
  async #onPull(session: Session): Promise<void> {
    const view = session.view();
    const now = (this.#options.now ?? Date.now)();
    const decision = await decidePull({
      remoteOffer: session.remoteOffer,
      accountId: view.accountId,
      peer: view.remoteUri,
      transfers: this.list(),
      now,
      sentAt: (sent) => this.#sentAt(sent),
      files: this.#servable,
    });
    if (!decision.serve) {
      this.#options.logger.info('Declining a file pull request', { reason: decision.reason });
      void session.reject(decision.busy ? 'busy' : 'decline').catch(() => undefined);
      return;
    }
    // The peer may have given up (CANCEL) while we hashed, or Parley may be stopping.
    if (session.state !== SessionState.Incoming || this.#disposed) return;
    const { pull, sent, file } = decision;
    const record = TransferRecord.create({
      id: randomUUID() as TransferId,
      accountId: view.accountId,
      direction: 'outgoing',
      peer: sent.peer,
      peerDisplayName: view.remoteDisplayName ?? sent.peerDisplayName,
      name: file.name,
      size: file.size,
      mediaType: file.mediaType,
      hash: file.hash,
      state: 'accepted',
      path: file.path,
    });
    const spec: FileSendSpec = { offer: file, transferId: pull.offered.remote.file?.transferId ?? randomUUID() };
    this.#pullOrigins.set(record.id, this.#sentAt(sent));
    const live = this.#track(record, { serving: { pathKey: pull.pathKey, spec } });
    live.attachSession(session);
    this.#options.logger.info('Serving a file pull request', { transfer: record.id, from: sent.id });
    session.accept(['file-transfer']).catch((error: unknown) => live.fail('session-failed', describe(error)));
  }

  /** When a sent file was first sent: a served pull counts from the send it was served from. */
  #sentAt(view: TransferView): number {
    return this.#pullOrigins.get(view.id) ?? view.createdAt;
  }

  #sendSpecFor(offered: AcceptableOfferedStream): FileSendSpec | undefined {
    const live = this.#byPath.get(offeredPathKey(offered));
    return live === undefined || live.record.isFinal ? undefined : live.serving?.spec;
  }

  /** Asks the sender for the file again (see `retry`). */
  #pull(plan: Extract<RetryPlan, { kind: 'pull' }>, view: TransferView): TransferView {
    const { selector, transferId } = pullSelector(plan, view, this.#partials.entries, randomUUID());
    const stream = FileTransferStream.receiving({ ...this.#receiving(plan.peer), selector, transferId });
    let placed;
    try {
      placed = this.#options.sessions.connect(plan.accountId, plan.peer, ['file-transfer'], undefined, [stream]);
    } catch (error) {
      stream.dispose();
      throw error;
    }
    const record = TransferRecord.create({
      id: randomUUID() as TransferId,
      accountId: plan.accountId,
      direction: 'incoming',
      peer: plan.peer,
      peerDisplayName: view.peerDisplayName,
      name: view.name,
      size: plan.size,
      mediaType: view.mediaType,
      hash: plan.sha1,
      state: 'preparing',
      path: null,
    });
    const live = this.#track(record, { pulling: true });
    live.attachStream(stream);
    live.attachSession(this.#options.sessions.get(placed.id));
    return record.view();
  }

  #receiveSpecFor(offered: AcceptableOfferedStream): FileReceiveSpec | undefined {
    const live = this.#byPath.get(offeredPathKey(offered));
    const file = offered.remote.file;
    // Answered through sessions.accept without transfers.accept: the user accepted the session, so the file too.
    if (live === undefined || file === undefined || live.record.isFinal) return undefined;
    if (live.record.state === 'offered') live.settle('accepted');
    return { ...this.#receiving(live.record.view().peer), selector: file.selector, transferId: file.transferId };
  }

  /** Where a received file goes and how it resumes (partials are remembered per peer). */
  #receiving(peer: string): Omit<FileReceiveSpec, 'selector' | 'transferId'> {
    return {
      downloadsFolder: this.#options.downloadsFolder,
      partials: this.#partials,
      peer,
      ...(this.#options.maxFileSize !== undefined ? { maxSize: this.#options.maxFileSize } : {}),
      ...(this.#options.resume !== undefined ? { resume: this.#options.resume } : {}),
    };
  }

  // ---- records ----

  #track(record: TransferRecord, role: LiveTransferRole = {}): LiveTransfer {
    const live = new LiveTransfer(
      record,
      {
        changed: (changed, persist) => this.#changed(changed, persist),
        logger: this.#options.logger,
        endGraceMs: this.#options.endGraceMs ?? DEFAULT_END_GRACE_MS,
        progressIntervalMs: this.#options.progressIntervalMs,
      },
      role,
    );
    this.#records.unshift(record);
    this.#live.set(record.id, live);
    if (live.pathKey !== undefined) this.#byPath.set(live.pathKey, live);
    this.#changed(record, true);
    return live;
  }

  #changed(record: TransferRecord, persist: boolean): void {
    this.#events.emit('changed', record.view());
    if (!persist) return;
    if (record.isFinal) {
      this.#release(record.id);
      this.#receivedFiles.remember(record.view());
    }
    this.#store.save(this.list(), this.#pullOrigins).catch((error: unknown) => this.#options.logger.warn('Could not save the transfers list', { error: describe(error) }));
  }

  /** A final transfer keeps its record; its live parts go once the session has ended. */
  #release(id: TransferId): void {
    const live = this.#live.get(id);
    if (live === undefined) return;
    this.#live.delete(id);
    const pathKey = live.pathKey;
    if (pathKey !== undefined && this.#byPath.get(pathKey) === live) this.#byPath.delete(pathKey);
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
    if (live === undefined || live.offer === undefined || record.view().direction !== 'incoming' || record.state !== 'offered') {
      throw new ConflictError(`The transfer is ${record.state}, not an offered incoming file.`);
    }
    return live;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
