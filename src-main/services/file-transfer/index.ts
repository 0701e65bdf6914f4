// File transfer (RFC 5547) building blocks used by the FileTransferStream: safe receiving, hashing and
// offers, the resume registry and Blink's FILE_OFFSET handshake, progress snapshots.
export { FILE_TRANSFER_FAILURES, FileTransferError, type FileTransferFailure } from './file-transfer-error';
export { DEFAULT_MAX_NAME_BYTES, safeDownloadName, type SafeDownloadNameOptions } from './safe-download-name';
export { assertInsideDownloads, numberedName, resolveDownloadsFolder, uniqueDownloadPath } from './downloads-folder';
export { FILE_HASH_ALGORITHM, feedFile, hashFile, sha1Value, type HashFileOptions, type HashProgress } from './hash-file';
export { DEFAULT_FILE_TYPE, mediaTypeForName } from './mime-type';
export {
  buildFileOffer,
  fileDateOf,
  fileSelectorOf,
  rfc5322Date,
  selectorSha1,
  type BuildFileOfferOptions,
  type FileOffer,
} from './file-offer';
export {
  IncomingFileWriter,
  WriterState,
  type IncomingFileWriterOptions,
  type KeptPartial,
  type ReceivedFile,
  type WriterOutcome,
} from './incoming-file-writer';
export { writerStreamHandler, type WriterStreamHandler } from './writer-stream-handler';
export {
  DEFAULT_PARTIAL_MAX_AGE_DAYS,
  PARTIAL_TRANSFERS_FILE,
  isPartialOf,
  PartialTransfers,
  type PartialTransferEntry,
  type PartialTransferKey,
  type PartialTransfersOptions,
} from './partial-transfers';
export { fileRangeFromOffset, offsetFromFileRange } from './resume-offset';
export {
  answerFileOffsetRequests,
  FILE_OFFSET_METHOD,
  OFFSET_HEADER,
  parseOffsetHeader,
  requestFileOffset,
} from './file-offset';
export { TransferProgress, type TransferProgressOptions, type TransferProgressSnapshot } from './transfer-progress';
