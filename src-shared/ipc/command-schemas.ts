/**
 * The argument schema of every command. The main process validates every invocation against these before
 * a handler sees it: whatever arrives from a window is untrusted. The mapped type makes the compiler refuse
 * a missing command, and a schema whose parsed output does not fit the command's argument tuple.
 */
import { z } from 'zod';
import { accountDraftSchema, accountIdSchema, issuesToFieldProblems, lanDisplayNameSchema } from '../models/account-schema';
import {
  CONSOLE_TRACE_LEVELS,
  DESKTOP_ROLES,
  DESKTOP_VIEWER_MAX_BYTES,
  LOG_LEVEL_NAMES,
  MEDIA_STREAM_TYPES,
  type CommandArgs,
  type CommandName,
  type SessionId,
  type StreamId,
  type TransferId,
  type UploadId,
  UPLOAD_CHUNK_MAX_BYTES,
} from './contract';
import { err, ok, type Result } from './result';

export { DEFAULT_ACCOUNT_SETTINGS, validateAccountDraft } from '../models/account-schema';

type CommandArgSchemas = { readonly [N in CommandName]: z.ZodType<CommandArgs<N>> };

const enabledSchema = z.boolean({ error: 'Enabled must be true or false.' });
const logLevelSchema = z.enum(LOG_LEVEL_NAMES, { error: `The log level must be one of ${LOG_LEVEL_NAMES.join(', ')}.` });

const sessionIdSchema = z
  .string({ error: 'A session id must be text.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Not a session id.' })
  .transform((value) => value as SessionId);
const streamIdSchema = z
  .string({ error: 'A stream id must be text.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Not a stream id.' })
  .transform((value) => value as StreamId);
const streamTypeSchema = z.enum(MEDIA_STREAM_TYPES, { error: `The stream type must be one of ${MEDIA_STREAM_TYPES.join(', ')}.` });
const streamTypesSchema = z
  .array(streamTypeSchema, { error: 'The stream types must be a list.' })
  .min(1, { error: 'Choose at least one stream type.' })
  .max(MEDIA_STREAM_TYPES.length, { error: 'Name each stream type once.' })
  .refine((types) => new Set(types).size === types.length, { error: 'Name each stream type once.' });
// A SIP URI or user@host: bounded, no whitespace or control characters (RFC 3261 §25.1 has none unescaped).
const sessionTargetSchema = z
  .string({ error: 'The address must be text.' })
  .min(3, { error: 'Enter an address such as bob@example.com.' })
  .max(512, { error: 'The address is too long.' })
  .regex(/^[^\s\p{Cc}]+@[^\s\p{Cc}@]+$/u, { error: 'Enter an address such as bob@example.com.' });
const rejectReasonSchema = z.enum(['busy', 'decline'], { error: 'The reason must be busy or decline.' });
// Desktop sharing: the role of a requested stream, and RFB bytes of the in-app viewer (binary, bounded).
const streamRequestOptionsSchema = z
  .strictObject(
    { desktopRole: z.enum(DESKTOP_ROLES, { error: `The desktop role must be one of ${DESKTOP_ROLES.join(', ')}.` }).optional() },
    { error: 'The stream options must be an object such as { desktopRole: "viewer" }.' },
  )
  .optional();
const desktopViewerChunkSchema = z.strictObject(
  {
    streamId: streamIdSchema,
    bytes: z
      .instanceof(Uint8Array, { error: 'The bytes must be a Uint8Array.' })
      .refine((bytes) => bytes.length >= 1 && bytes.length <= DESKTOP_VIEWER_MAX_BYTES, { error: `Send 1 to ${DESKTOP_VIEWER_MAX_BYTES} bytes at a time.` }),
  },
  { error: 'The chunk must name a stream and carry bytes.' },
);
const viewerAckSchema = z
  .number({ error: 'The acknowledged byte count must be a number.' })
  .int({ error: 'The acknowledged byte count must be a whole number.' })
  .min(1, { error: 'Acknowledge at least one byte.' })
  .max(1 << 30, { error: 'The acknowledged byte count is too large.' });
// Chat text: line feeds and tabs are text; CR, NUL and other controls are not (the renderer sends \n line ends).
const chatTextSchema = z
  .string({ error: 'The message must be text.' })
  .min(1, { error: 'The message is empty.' })
  .max(100_000, { error: 'The message is too long: send it as a file.' })
  .refine((value) => !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(value), { error: 'The message contains control characters.' });

// History: keyset cursors are (timestamp, id) pairs the core handed out; queries are objects with every key
// present (null for "none"), so a missing argument is never mistaken for "the newest page".
const historyCursorSchema = z
  .strictObject(
    {
      timestamp: z.number({ error: 'A cursor timestamp must be a number.' }).int({ error: 'Not a cursor.' }).min(0).max(Number.MAX_SAFE_INTEGER),
      id: z.string({ error: 'A cursor id must be text.' }).min(1, { error: 'Not a cursor.' }).max(128, { error: 'Not a cursor.' }),
    },
    { error: 'Not a cursor.' },
  )
  .nullable();
const conversationsQuerySchema = z.strictObject(
  { accountId: accountIdSchema.nullable(), before: historyCursorSchema },
  { error: 'The query must name an account (or null) and a cursor (or null).' },
);
const historyPageQuerySchema = z.strictObject(
  { accountId: accountIdSchema, remote: sessionTargetSchema, before: historyCursorSchema },
  { error: 'The query must name an account, a remote address and a cursor (or null).' },
);
const searchTextSchema = z
  .string({ error: 'The search must be text.' })
  .min(1, { error: 'Enter something to search for.' })
  .max(500, { error: 'The search is too long.' })
  .refine((value) => !/[\u0000-\u001F\u007F]/.test(value), { error: 'The search contains control characters.' });
const composingSchema = z.boolean({ error: 'Composing must be true or false.' });

// Transfers: ids are ours (UUIDs); a path is the user's choice of a local file (absolute, no control characters).
const transferIdSchema = z
  .string({ error: 'A transfer id must be text.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Not a transfer id.' })
  .transform((value) => value as TransferId);
const filePathSchema = z
  .string({ error: 'The file path must be text.' })
  .min(1, { error: 'Choose a file.' })
  .max(4096, { error: 'The file path is too long.' })
  .refine((value) => !/[\u0000-\u001F\u007F]/.test(value), { error: 'The file path contains control characters.' })
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'), { error: 'The file path must be absolute.' });

// Uploads (web mode): a file name as the page knows it (made safe again in main), a size, ordered chunks.
const uploadIdSchema = z
  .string({ error: 'An upload id must be text.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Not an upload id.' })
  .transform((value) => value as UploadId);
const uploadNameSchema = z
  .string({ error: 'The file name must be text.' })
  .min(1, { error: 'The file has no name.' })
  .max(1024, { error: 'The file name is too long.' });
const uploadSizeSchema = z
  .number({ error: 'The file size must be a number.' })
  .int({ error: 'The file size must be a whole number of bytes.' })
  .min(0, { error: 'The file size cannot be negative.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'The file size is too large.' });
const uploadOffsetSchema = z
  .number({ error: 'The offset must be a number.' })
  .int({ error: 'The offset must be a whole number of bytes.' })
  .min(0, { error: 'The offset cannot be negative.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'The offset is too large.' });
const uploadBytesSchema = z
  .instanceof(Uint8Array, { error: 'The bytes must be a Uint8Array.' })
  .refine((bytes) => bytes.length >= 1 && bytes.length <= UPLOAD_CHUNK_MAX_BYTES, { error: `Send 1 to ${UPLOAD_CHUNK_MAX_BYTES} bytes at a time.` });

// Debug console: a window-chosen client id and one level per trace.
const consoleClientIdSchema = z
  .string({ error: 'A console id must be text.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Not a console id.' });
const consoleLevelSchema = z.enum(CONSOLE_TRACE_LEVELS, { error: `A trace level must be one of ${CONSOLE_TRACE_LEVELS.join(', ')}.` });
const consoleLevelsSchema = z.strictObject(
  { sip: consoleLevelSchema, msrp: consoleLevelSchema, notification: consoleLevelSchema, log: consoleLevelSchema },
  { error: 'The levels must name sip, msrp, notification and log.' },
);

export const COMMAND_ARG_SCHEMAS: CommandArgSchemas = {
  'app.getSnapshot': z.tuple([]),
  'accounts.add': z.tuple([accountDraftSchema]),
  'accounts.update': z.tuple([accountIdSchema, accountDraftSchema]),
  'accounts.remove': z.tuple([accountIdSchema]),
  'accounts.setEnabled': z.tuple([accountIdSchema, enabledSchema]),
  'accounts.setDefault': z.tuple([accountIdSchema]),
  'accounts.renameLan': z.tuple([lanDisplayNameSchema]),
  'app.getPreferences': z.tuple([]),
  'app.setNotifications': z.tuple([z.boolean({ error: 'Notifications must be on (true) or off (false).' })]),
  'logs.getSettings': z.tuple([]),
  'logs.setLevel': z.tuple([logLevelSchema]),
  'logs.reveal': z.tuple([]),
  'sessions.list': z.tuple([]),
  'sessions.connect': z.tuple([accountIdSchema, sessionTargetSchema, streamTypesSchema, streamRequestOptionsSchema]),
  'sessions.accept': z.tuple([sessionIdSchema]),
  'sessions.reject': z.tuple([sessionIdSchema, rejectReasonSchema]),
  'sessions.end': z.tuple([sessionIdSchema]),
  'sessions.addStream': z.tuple([sessionIdSchema, streamTypeSchema, streamRequestOptionsSchema]),
  'sessions.removeStream': z.tuple([sessionIdSchema, streamIdSchema]),
  'desktop.allowSharing': z.tuple([streamIdSchema]),
  'desktop.viewerOpen': z.tuple([streamIdSchema]),
  'desktop.viewerSend': z.tuple([desktopViewerChunkSchema]),
  'desktop.viewerAck': z.tuple([streamIdSchema, viewerAckSchema]),
  'desktop.viewerClose': z.tuple([streamIdSchema]),
  'chat.send': z.tuple([sessionIdSchema, chatTextSchema]),
  'chat.sendMessage': z.tuple([accountIdSchema, sessionTargetSchema, chatTextSchema]),
  'chat.setComposing': z.tuple([accountIdSchema, sessionTargetSchema, composingSchema]),
  'history.conversations': z.tuple([conversationsQuerySchema]),
  'history.page': z.tuple([historyPageQuerySchema]),
  'history.search': z.tuple([searchTextSchema]),
  'history.markRead': z.tuple([accountIdSchema, sessionTargetSchema]),
  'transfers.send': z.tuple([accountIdSchema, sessionTargetSchema, filePathSchema]),
  'transfers.uploadBegin': z.tuple([uploadNameSchema, uploadSizeSchema]),
  'transfers.uploadChunk': z.tuple([uploadIdSchema, uploadOffsetSchema, uploadBytesSchema]),
  'transfers.uploadSend': z.tuple([uploadIdSchema, accountIdSchema, sessionTargetSchema]),
  'transfers.uploadAbort': z.tuple([uploadIdSchema]),
  'transfers.accept': z.tuple([transferIdSchema]),
  'transfers.decline': z.tuple([transferIdSchema]),
  'transfers.cancel': z.tuple([transferIdSchema]),
  'transfers.retry': z.tuple([transferIdSchema]),
  'transfers.list': z.tuple([]),
  'transfers.reveal': z.tuple([transferIdSchema]),
  'transfers.open': z.tuple([transferIdSchema, z.literal(true, { error: 'Opening a received file needs the user\u2019s confirmation.' })]),
  'console.subscribe': z.tuple([consoleClientIdSchema, consoleLevelsSchema]),
  'console.unsubscribe': z.tuple([consoleClientIdSchema]),
  'console.snapshot': z.tuple([]),
  'console.clear': z.tuple([]),
  'console.export': z.tuple([]),
  'lan.peers': z.tuple([]),
};

/** Argument names, for the `field` of a validation error about a whole argument. */
type ArgNames<T extends readonly unknown[]> = { readonly [I in keyof T]: string };

export const COMMAND_ARG_NAMES: { readonly [N in CommandName]: ArgNames<CommandArgs<N>> } = {
  'app.getSnapshot': [],
  'accounts.add': ['draft'],
  'accounts.update': ['id', 'draft'],
  'accounts.remove': ['id'],
  'accounts.setEnabled': ['id', 'enabled'],
  'accounts.setDefault': ['id'],
  'accounts.renameLan': ['displayName'],
  'app.getPreferences': [],
  'app.setNotifications': ['enabled'],
  'logs.getSettings': [],
  'logs.setLevel': ['level'],
  'logs.reveal': [],
  'sessions.list': [],
  'sessions.connect': ['accountId', 'target', 'streamTypes', 'options'],
  'sessions.accept': ['id'],
  'sessions.reject': ['id', 'reason'],
  'sessions.end': ['id'],
  'sessions.addStream': ['id', 'streamType', 'options'],
  'sessions.removeStream': ['id', 'streamId'],
  'desktop.allowSharing': ['streamId'],
  'desktop.viewerOpen': ['streamId'],
  'desktop.viewerSend': ['chunk'],
  'desktop.viewerAck': ['streamId', 'bytes'],
  'desktop.viewerClose': ['streamId'],
  'chat.send': ['sessionId', 'text'],
  'chat.sendMessage': ['accountId', 'remote', 'text'],
  'chat.setComposing': ['accountId', 'remote', 'composing'],
  'history.conversations': ['query'],
  'history.page': ['query'],
  'history.search': ['text'],
  'history.markRead': ['accountId', 'remote'],
  'transfers.send': ['accountId', 'target', 'path'],
  'transfers.uploadBegin': ['name', 'size'],
  'transfers.uploadChunk': ['id', 'offset', 'bytes'],
  'transfers.uploadSend': ['id', 'accountId', 'target'],
  'transfers.uploadAbort': ['id'],
  'transfers.accept': ['id'],
  'transfers.decline': ['id'],
  'transfers.cancel': ['id'],
  'transfers.retry': ['id'],
  'transfers.list': [],
  'transfers.reveal': ['id'],
  'transfers.open': ['id', 'confirmed'],
  'console.subscribe': ['clientId', 'levels'],
  'console.unsubscribe': ['clientId'],
  'console.snapshot': [],
  'console.clear': [],
  'console.export': [],
  'lan.peers': [],
};

/**
 * Validates raw arguments for a known command. On failure the error's `field` is the path inside an
 * object argument (`outboundProxy.port`, as `validateAccountDraft` reports it), the argument's name when
 * the argument itself is wrong (`id`), or `args` when the argument list has the wrong shape or length.
 * Never throws.
 */
export function validateCommandArgs<N extends CommandName>(name: N, args: unknown): Result<CommandArgs<N>> {
  try {
    // Inside the try: Array.isArray itself throws on a revoked proxy.
    if (!Array.isArray(args)) return err('invalid-argument', 'The arguments must be a list.', 'args');
    const result = COMMAND_ARG_SCHEMAS[name].safeParse(args);
    if (result.success) return ok(result.data);
    const first = result.error.issues[0];
    if (first === undefined || first.path.length === 0) {
      const expected = (COMMAND_ARG_NAMES[name] as readonly string[]).length;
      return err('invalid-argument', `${name} takes ${expected} argument${expected === 1 ? '' : 's'}.`, 'args');
    }
    const index = first.path[0];
    const argName = typeof index === 'number' ? (COMMAND_ARG_NAMES[name] as readonly string[])[index] : undefined;
    const [problem] = issuesToFieldProblems([first], [index ?? 0]);
    const field = problem === undefined || problem.field === '' ? (argName ?? 'args') : problem.field;
    return err('invalid-argument', problem?.message ?? 'Invalid argument.', field);
  } catch {
    // A value zod cannot even walk (a throwing getter, a revoked proxy) is still just bad input.
    return err('invalid-argument', 'The arguments could not be read.', 'args');
  }
}
