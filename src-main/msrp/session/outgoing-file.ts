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

/** Positioned reads from one file handle, opened lazily and closed when the message ends. */
class FileSource implements OutgoingBodySource {
  readonly size: number;
  readonly #path: string;
  #handle: Promise<FileHandle> | undefined;
  #closed = false;

  constructor(path: string, size: number) {
    this.#path = path;
    this.size = size;
  }

  async read(position: number, length: number): Promise<Buffer> {
    if (this.#closed) throw new MsrpError('msrp-aborted', 'file closed');
    this.#handle ??= open(this.#path, 'r');
    const handle = await this.#handle;
    // A fresh buffer per slice: the socket may still hold the previous one.
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled < length) throw new MsrpError('msrp-aborted', `${basename(this.#path)} shrank while being sent`);
    return buffer;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle !== undefined) await (await handle).close();
  }
}
