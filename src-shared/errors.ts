/**
 * Stable error codes the UI branches on (never on message text). Add codes here, never reuse one for a
 * different meaning.
 */
export const ERROR_CODES = {
  /** The renderer sent a value of the wrong shape; `field` names it. */
  'invalid-argument': true,
  /** A command name that is not in the contract. */
  'unknown-command': true,
  /** The thing named (an account id …) does not exist. */
  'not-found': true,
  /** The request conflicts with current state (duplicate address …). */
  conflict: true,
  /** Settings or secrets could not be read or written. */
  'storage-failed': true,
  /** The main process is shutting down (or the part that would answer is not running). */
  unavailable: true,
  /** The caller may not use this command at all (an IPC call from a frame that is not Parley's own page). */
  forbidden: true,
  /** The renderer's channel to the main process is down: the command never reached it. */
  disconnected: true,
  /** A bug on the main side; the message is safe to show but not actionable. */
  internal: true,
} as const satisfies Record<string, true>;

export type ErrorCode = keyof typeof ERROR_CODES;
