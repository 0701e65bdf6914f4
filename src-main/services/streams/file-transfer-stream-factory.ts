import type { AcceptableOfferedStream } from '../../sip/sdp';
import { FileTransferStream } from './file-transfer-stream';
import type { FileReceiveSpec, FileSendSpec } from './file-transfer-stream-types';
import type { MediaStreamFactory } from './media-stream-registry';

/** Who decides about offered files: the transfer service answers for the offers its user accepted. */
export interface FileTransferStreamFactoryOptions {
  /** Where an offered push goes (the user accepted it), or undefined to refuse the stream (port 0). */
  receiveSpecFor(offered: AcceptableOfferedStream): FileReceiveSpec | undefined;
  /** Which local file answers an offered pull (RFC 5547 §5, the peer offers recvonly); default: none. */
  sendSpecFor?(offered: AcceptableOfferedStream): FileSendSpec | undefined;
  /** Every stream made to answer an offer, for its owner to follow. */
  onAnswerStream?(stream: FileTransferStream, offered: AcceptableOfferedStream): void;
}

/**
 * The file-transfer entry of the media-stream registry. Outgoing transfers are built with their file by
 * the transfer service and handed to the session directly, so `createForOffer` (a bare `sessions.connect`
 * or `addStream` of type file-transfer) makes a stream that is refused at once.
 */
export function fileTransferStreamFactory(options: FileTransferStreamFactoryOptions): MediaStreamFactory {
  return {
    type: 'file-transfer',
    createForOffer: () => FileTransferStream.unavailable('file-sender', 'Send files with transfers.send: a file transfer needs its file.'),
    // Our role if we accept: the peer pushing makes us the receiver, the peer pulling makes us the sender.
    handlesOffered: (offered) => offered.role === 'file-receiver' || offered.role === 'file-sender',
    createForAnswer: (offered) => {
      let stream: FileTransferStream;
      if (offered.role === 'file-receiver') {
        const spec = options.receiveSpecFor(offered);
        stream = spec === undefined ? FileTransferStream.unavailable('file-receiver', 'No transfer was accepted for this file.') : FileTransferStream.receiving(spec);
      } else {
        const spec = options.sendSpecFor?.(offered);
        stream = spec === undefined ? FileTransferStream.unavailable('file-sender', 'Parley does not serve file pulls.') : FileTransferStream.sending(spec);
      }
      options.onAnswerStream?.(stream, offered);
      return stream;
    },
  };
}
