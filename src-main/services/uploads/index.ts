// Web mode's file uploads: bytes from the page staged in the profile, then sent as any other file.
export { UploadStaging } from './upload-staging';
export {
  DEFAULT_MAX_OPEN_UPLOADS,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_UPLOAD_IDLE_MS,
  type UploadLimits,
  type UploadStagingOptions,
  type UploadTransfers,
} from './upload-staging-options';
export { UPLOADS_FOLDER, uploadsFolderOf } from './staging-folder';
