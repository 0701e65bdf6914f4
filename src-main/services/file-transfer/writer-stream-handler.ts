import type { IncomingStreamHandler, ReceivedMessage } from '../../msrp';
import type { IncomingFileWriter } from './incoming-file-writer';

/**
 * Feeds one incoming MSRP message (the file of a file-transfer stream: RFC 5547 sends it as a single
 * message) into an `IncomingFileWriter`. Pass `handler` as the session's `onIncomingStream` (its promises
 * are awaited, so disk speed paces the sender) and `onMessage` to the session's `message` event for files
 * small enough to arrive whole. The first message seen is the file; any other is ignored.
 */
export interface WriterStreamHandler {
  readonly handler: IncomingStreamHandler;
  readonly onMessage: (message: ReceivedMessage) => void;
}

export function writerStreamHandler(writer: IncomingFileWriter, options: { readonly keepPartialOnAbort?: boolean } = {}): WriterStreamHandler {
  let fileMessageId: string | undefined;
  const isFile = (messageId: string): boolean => {
    fileMessageId ??= messageId;
    return fileMessageId === messageId;
  };
  const keep = options.keepPartialOnAbort === undefined ? {} : { keepPartial: options.keepPartialOnAbort };
  return {
    handler: {
      data: (info, offset, data) => (isFile(info.messageId) ? writer.write(offset, data) : undefined),
      end: async (info, end) => {
        if (!isFile(info.messageId)) return;
        // Code 0: the sender's `#` or the connection closing (a resume may follow); else a refusal we made.
        if (end.aborted !== undefined) await writer.abort(end.aborted.reason, end.aborted.code === 0 ? keep : { keepPartial: false });
        else await writer.complete();
      },
    },
    onMessage: (message) => {
      if (!isFile(message.messageId)) return;
      // A failure is reported through `writer.done`; the session has already answered the chunk.
      writer.writeAll(message.body).catch(() => undefined);
    },
  };
}
