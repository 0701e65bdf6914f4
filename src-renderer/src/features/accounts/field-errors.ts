import type { ClientError } from '../../bridge/client-result';

/** Messages keyed by the draft's dotted field path (`outboundProxy.port`); '' is the form as a whole. */
export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrorsFrom(problems: readonly { field: string; message: string }[]): FieldErrors {
  const errors: Record<string, string> = {};
  for (const problem of problems) errors[problem.field] ??= problem.message;
  return errors;
}

/** Where a failed save's message goes: beside its field when main named one the form shows, else the summary. */
export function placeSaveError(error: ClientError, shownFields: ReadonlySet<string>): { fields: FieldErrors; summary: string | null } {
  if (error.code === 'invalid-argument' && error.field !== undefined && shownFields.has(error.field)) {
    return { fields: { [error.field]: error.message }, summary: null };
  }
  return { fields: {}, summary: summaryFor(error) };
}

/** A summary that says what to do next, chosen by code (never by message text). */
export function summaryFor(error: ClientError): string {
  switch (error.code) {
    case 'disconnected':
      return 'Not saved: Parley lost the connection to its core. It is reconnecting; save again in a moment.';
    case 'conflict':
      return `Not saved: ${error.message} Change the address or edit the existing account instead.`;
    case 'not-found':
      return 'Not saved: this account no longer exists. Close the form; the list shows the current accounts.';
    case 'storage-failed':
      return `Not saved: ${error.message} Check that the profile folder is writable and has free space, then save again.`;
    case 'unavailable':
      return "Not saved: Parley's core is not available right now (it may be shutting down). Try again in a moment.";
    case 'invalid-argument':
      return `Not saved: ${error.message} Correct the setting and save again.`;
    default:
      return `Not saved because of an internal error (${error.message}). Try again; if it persists, restart Parley.`;
  }
}
