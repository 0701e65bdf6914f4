import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { MsrpError } from '../errors';
import { OutgoingMessage, type OutgoingBodySource, type OutgoingMessageOptions } from './outgoing-message';

/**
 * A file sent as one MSRP message (seed: msrplib `OutgoingFile`; RFC 5547 file transfer): one Message-ID,
 * chunks with Byte-Range `start-*|end/size`, read from disk slice by slice with positioned `FileHandle`
 * reads (never the whole file in memory), optionally from a byte position (resume, RFC 5547 §8 a=file-range
 * or Blink's FILE_OFFSET). Queue it with `MsrpSession.sendFile`; `cancel()` ends it with `#`.
 */
export interface OutgoingFileOptions extends Omit<OutgoingMessageOptions, 'start'> {
  /** 0-based byte offset to start from (resume). */
  readonly start?: number;
  /** Name announced in Content-Disposition (RFC 2183); default the file's base name. */
  readonly fileName?: string;
}

export class OutgoingFile extends OutgoingMessage {
  readonly path: string;
  readonly fileName: string;

  private constructor(path: string, source: FileSource, fileName: string, options: OutgoingFileOptions) {
    const disposition: [string, string] = ['Content-Disposition', `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`];
    super(source, { ...options, headers: [disposition, ...(options.headers ?? [])] });
    this.path = path;
    this.fileName = fileName;
  }

  /** Stats `path` (its size is the message total) and prepares it for sending; opened on the first read. */
  static async open(path: string, options: OutgoingFileOptions = {}): Promise<OutgoingFile> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (error) {
      throw new MsrpError('msrp-aborted', `cannot send ${basename(path)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return new OutgoingFile(path, new FileSource(path, size), options.fileName ?? basename(path), options);
  }
}

/** Bytes read from the file at a time: a few read-ahead blocks per file, reused for the whole transfer. */
export const FILE_READ_BLOCK_BYTES = 1024 * 1024;

/** At most this many bytes are handed out from memory between two turns of the event loop (one disk read's worth before). */
const YIELD_BYTES = 256 * 1024;

/** One read-ahead block: `buffer` is to hold the file's bytes `start`…`end`; `filled` says how far it does. */
interface Block {
  readonly buffer: Buffer;
  start: number;
  end: number;
  filled: number;
  /** The positioned read in flight into `buffer` (nothing may touch the buffer meanwhile); never rejects. */
  filling: Promise<void> | undefined;
}

/**
 * Positioned reads from one file handle, opened lazily and closed when the message ends. The file is read
 * in blocks of `FILE_READ_BLOCK_BYTES` into two buffers allocated once: `read` answers with views into
 * them, and while the caller writes one view out, the next block is already being read into the other
 * buffer (read-ahead overlaps the disk with the socket; no fresh buffer per slice, so no garbage to collect
 * and no new pages to fault in).
 *
 * Reuse rests on how the session's sender reads (SendQueue): it asks for the bytes at `position` only once
 * every byte before `position` has been handed to the socket and is no longer referenced (a slice the
 * transport did not take is kept and written before anything more is read; the end-line guard keeps a
 * copy). So when `read(position)` is called, no earlier view is in use, and a buffer may be refilled as
 * long as it does not hold the view being returned.
 */
class FileSource implements OutgoingBodySource {
  readonly size: number;
  readonly #path: string;
  #handle: Promise<FileHandle> | undefined;
  #closed = false;
  #blocks: [Block, Block] | undefined;
  /** Bytes handed out since the last wait for the event loop. */
  #sinceYield = 0;

  constructor(path: string, size: number) {
    this.#path = path;
    this.size = size;
  }

  async read(position: number, length: number): Promise<Buffer> {
    if (this.#closed) throw new MsrpError('msrp-aborted', 'file closed');
    this.#handle ??= open(this.#path, 'r');
    const handle = await this.#handle;
    if (this.#closed) throw new MsrpError('msrp-aborted', 'file closed');
    const end = position + length;
    if (length > FILE_READ_BLOCK_BYTES) return this.#readFresh(handle, position, length);
    this.#blocks ??= [newBlock(), newBlock()];
    const blocks = this.#blocks;
    let block = blocks.find((candidate) => candidate.start >= 0 && candidate.start <= position && end <= candidate.end);
    if (block?.filling !== undefined) {
      await block.filling;
      this.#sinceYield = 0;
    } else if (this.#sinceYield >= YIELD_BYTES) {
      // Bytes already read ahead still give the event loop a turn now and then, as a disk read would: a long
      // file never keeps the socket's reader, timers or other sessions waiting.
      await new Promise(setImmediate);
      this.#sinceYield = 0;
    }
    this.#sinceYield += length;
    if (block === undefined || block.filled < end) {
      // Not read ahead (first read, a resume, a read across a block boundary): read a block from `position`.
      await Promise.all(blocks.map((candidate) => candidate.filling));
      if (this.#closed) throw new MsrpError('msrp-aborted', 'file closed');
      block = blocks[0].start <= blocks[1].start ? blocks[0] : blocks[1];
      const filling = this.#fill(handle, block, position);
      block.filling = filling.then(noop, noop);
      await filling;
      if (block.filled < end) throw new MsrpError('msrp-aborted', `${basename(this.#path)} shrank while being sent`);
    }
    if (this.#closed) throw new MsrpError('msrp-aborted', 'file closed');
    const view = block.buffer.subarray(position - block.start, end - block.start);
    // Read ahead into the other buffer (free: only `view` is in use from here on).
    const other = block === blocks[0] ? blocks[1] : blocks[0];
    if (block.end < this.size && other.start !== block.end && other.filling === undefined) {
      other.filling = this.#fill(handle, other, block.end).then(noop, noop);
    }
    return view;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const handle = this.#handle;
    this.#handle = undefined;
    const blocks = this.#blocks ?? [];
    this.#blocks = undefined;
    await Promise.all(blocks.map((block) => block.filling));
    if (handle !== undefined) await (await handle).close();
  }

  /** Reads the block at `start` into `block`; a failed read leaves it empty (and rejects). */
  async #fill(handle: FileHandle, block: Block, start: number): Promise<void> {
    block.start = start;
    block.end = start + Math.min(FILE_READ_BLOCK_BYTES, this.size - start);
    block.filled = start;
    try {
      block.filled = start + (await readInto(handle, block.buffer, block.end - start, start));
    } catch (error) {
      block.start = block.end = block.filled = -1;
      throw error;
    } finally {
      block.filling = undefined;
    }
  }

  /** A read larger than a block: a buffer of its own. */
  async #readFresh(handle: FileHandle, position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    if ((await readInto(handle, buffer, length, position)) < length) throw new MsrpError('msrp-aborted', `${basename(this.#path)} shrank while being sent`);
    return buffer;
  }
}

const noop = (): void => undefined;

function newBlock(): Block {
  return { buffer: Buffer.allocUnsafe(FILE_READ_BLOCK_BYTES), start: -1, end: -1, filled: -1, filling: undefined };
}

/** Fills `buffer` with up to `length` bytes from `position`; fewer only at the end of the file. */
async function readInto(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
