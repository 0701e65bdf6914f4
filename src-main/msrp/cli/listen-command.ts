import { readFileSync } from 'node:fs';
import { rm, type FileHandle } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { acceptBinding } from '../connect/bind-session';
import { listen, listeningPort } from '../connect/listen';
import { ContentDispositionHeader } from '../protocol/headers/content-disposition';
import { formatPath, parsePath } from '../protocol/msrp-path';
import { generateSessionId, MsrpUri } from '../protocol/msrp-uri';
import type { IncomingMessageInfo } from '../session/message-reassembler';
import { MsrpSession } from '../session/msrp-session';
import { MsrpTransport } from '../transport/msrp-transport';
import { acceptAnyBinding } from './accept-any-binding';
import { CliUsageError, integerOption, type ParsedArguments } from './cli-arguments';
import { createUniqueFile, safeFileName } from './safe-file-name';

const BIND_TIMEOUT_MS = 30_000;

/**
 * `msrp listen`: prints `PATH <uri>` (our full local path, RFC 4975 §8 a=path), then serves every
 * connection whose binding SEND comes from `--remote-path` (or any), echoing or saving what arrives.
 * Runs until SIGINT/SIGTERM, or until the first session ends with `--once`.
 */
export async function listenCommand(args: ParsedArguments, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const tls = args.flags.has('tls');
  const echo = args.flags.has('echo');
  const saveDir = args.values.get('save');
  if (echo && saveDir !== undefined) throw new CliUsageError('--echo and --save exclude each other');
  const certFile = args.values.get('cert');
  const keyFile = args.values.get('key');
  if (tls && (certFile === undefined || keyFile === undefined)) throw new CliUsageError('--tls needs --cert and --key');
  const remote = args.values.get('remote-path') ?? 'any';
  const remotePath = remote === 'any' ? undefined : parsePath(remote);
  const host = args.values.get('host') ?? '127.0.0.1';
  let uri = new MsrpUri({ scheme: tls ? 'msrps' : 'msrp', host, port: integerOption(args, 'port', 0), sessionId: generateSessionId() });

  const sessions = new Set<MsrpSession>();
  let served = 0;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const onSocket = (socket: Socket | TLSSocket): void => {
    void serve(socket).catch((error: unknown) => err.write(`connection refused: ${error instanceof Error ? error.message : String(error)}\n`));
  };
  const serve = async (socket: Socket | TLSSocket): Promise<void> => {
    const transport = new MsrpTransport(socket, { localUri: uri });
    try {
      if (remotePath === undefined) await acceptAnyBinding(transport, BIND_TIMEOUT_MS);
      else await acceptBinding(transport, remotePath, BIND_TIMEOUT_MS);
    } catch (error) {
      void transport.close();
      throw error;
    }
    const peer = formatPath(transport.fullRemotePath);
    err.write(`session from ${peer}\n`);
    const session = new MsrpSession(transport, {
      // Saving streams everything to disk; echoing sends whole messages back.
      streamingThreshold: saveDir !== undefined ? 0 : 64 * 1024 * 1024,
      ...(saveDir !== undefined ? { onIncomingStream: saver(saveDir, out, err) } : {}),
    });
    sessions.add(session);
    session.on('message', (message) => {
      err.write(`message ${message.messageId} ${message.contentType ?? '-'} ${message.body.length} bytes\n`);
      if (echo && session.state === 'active') session.sendMessage(message.body, { contentType: message.contentType ?? 'application/octet-stream' });
    });
    session.on('messageAborted', (event) => err.write(`message ${event.info.messageId} aborted: ${event.code} ${event.reason}\n`));
    await session.closed;
    sessions.delete(session);
    served++;
    err.write(`session from ${peer} closed\n`);
    if (args.flags.has('once') && served >= 1) finish(0);
  };

  const server = await listen(
    uri,
    tls ? { cert: readFileSync(certFile as string), key: readFileSync(keyFile as string) } : undefined,
    onSocket,
  );
  if (!uri.port) uri = uri.with({ port: listeningPort(server) });
  out.write(`PATH ${uri.toString()}\n`);

  const stop = (): void => finish(0);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await finished;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  server.close();
  await Promise.all([...sessions].map((session) => session.shutdown().catch(() => session.dispose())));
  return code;
}

/** Streams each incoming message into its own file in `dir` (positioned writes: chunks may come out of order). */
function saver(dir: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream) {
  const open = new Map<string, Promise<{ path: string; handle: FileHandle }>>();
  let counter = 0;
  const fileFor = (info: IncomingMessageInfo): Promise<{ path: string; handle: FileHandle }> => {
    let file = open.get(info.messageId);
    if (file === undefined) {
      let announced: string | undefined;
      try {
        announced = info.head.headers.getDecoded(ContentDispositionHeader)?.params.get('filename');
      } catch {
        announced = undefined;
      }
      const isText = info.contentType?.toLowerCase().startsWith('text/') ?? false;
      const fallback = `message-${Date.now()}-${++counter}${isText ? '.txt' : '.bin'}`;
      file = createUniqueFile(dir, safeFileName(announced, fallback));
      open.set(info.messageId, file);
    }
    return file;
  };
  return {
    start: async (info: IncomingMessageInfo): Promise<void> => void (await fileFor(info)),
    data: async (info: IncomingMessageInfo, offset: number, data: Buffer): Promise<void> => {
      const { handle } = await fileFor(info);
      for (let written = 0; written < data.length; ) {
        written += (await handle.write(data, written, data.length - written, offset + written)).bytesWritten;
      }
    },
    end: async (info: IncomingMessageInfo, end: { size: number; aborted?: { code: number; reason: string } }): Promise<void> => {
      const { path, handle } = await fileFor(info);
      open.delete(info.messageId);
      await handle.close();
      if (end.aborted !== undefined) {
        err.write(`message ${info.messageId} aborted (${end.aborted.code} ${end.aborted.reason}); partial file ${path} removed\n`);
        await rm(path, { force: true });
        return;
      }
      out.write(`SAVED ${path} ${end.size}\n`);
    },
  };
}
