// File transfers as a service: one SIP session per file, incoming offers decided by the user, the list kept.
export { TransferService, type TransferServiceEvents, type TransferServiceOptions } from './transfer-service';
export { TransferStore, TRANSFERS_FILE, DEFAULT_MAX_TRANSFERS, type PullOrigins, type TransferStoreOptions } from './transfer-store';
export { TransferRecord, canMoveTransfer, isFinalTransferState } from './transfer-record';
export { readIncomingFileOffer, offeredPathKey, type IncomingFileOffer } from './incoming-file-offer';
export { defaultDownloadsFolder, type TransferCoreOptions } from './transfer-core-options';
export { checkReceivedFile, identifyReceivedFile, type CheckedReceivedFile, type ReceivedFileIdentity } from './received-file-check';
export { EXECUTABLE_EXTENSIONS, executableReason, hasExecutableExtension, hasExecuteBit, looksExecutable } from './executable-file';
export { readFilePull, decidePull, type FilePull, type PullContext, type PullDecision } from './file-pull';
export { checkServableFile, findServableTransfer, samePeer, ServableFiles, MAX_PULL_CHECKS, PULL_WINDOW_DAYS, type PullRequest } from './servable-file';
export { planRetry, pullSelector, resendableSize, type RetryPlan } from './transfer-retry';
export { ReceivedFiles, type ReceivedFilesOptions } from './received-files';
