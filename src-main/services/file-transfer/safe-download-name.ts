/**
 * Makes a file name offered by a peer (RFC 5547 §5 file-selector `name`, or Content-Disposition) safe to
 * create in the downloads folder on any desktop OS. The peer is untrusted: the name may try to leave the
 * folder (`../`, absolute paths, backslashes), hide itself (leading dot), hit a Windows device name
 * (`CON`, `LPT1.txt`), disguise its extension with bidirectional overrides, or be absurdly long.
 */
export interface SafeDownloadNameOptions {
  /** Cap on the UTF-8 length of the result, extension included. Default 200 (file systems allow 255). */
  readonly maxBytes?: number;
  /** What an empty (or entirely unusable) name becomes. Default `file`. */
  readonly fallback?: string;
}

export const DEFAULT_MAX_NAME_BYTES = 200;
/** Extensions longer than this are not kept whole when a name is shortened (they are not extensions). */
const MAX_EXTENSION_BYTES = 16;

// C0/C1 controls and DEL, the characters Windows forbids in names, and bidi controls that could make
// `gpj.exe` read as `exe.jpg`.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
/** Windows device names, reserved with any extension and in any case (`con.txt`, `Lpt1.tar.gz`). */
const RESERVED_STEM = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

export function safeDownloadName(offeredName: string | undefined, options: SafeDownloadNameOptions = {}): string {
  const maxBytes = Math.max(16, options.maxBytes ?? DEFAULT_MAX_NAME_BYTES);
  const fallback = options.fallback ?? 'file';
  // Only the last path component counts, whatever the separator (a Windows peer sends backslashes).
  const segments = (offeredName ?? '').normalize('NFC').split(/[/\\]+/).filter((segment) => segment.length > 0);
  let name = trimEnds((segments.at(-1) ?? '').replace(FORBIDDEN_CHARS, '_'));
  if (RESERVED_STEM.test(name.split('.')[0]?.trimEnd() ?? '')) name = `_${name}`;
  name = trimEnds(truncateKeepingExtension(name, maxBytes));
  return name.length > 0 ? name : fallback;
}

/** No leading dots or spaces (hidden files, `..`), no trailing ones (Windows drops them silently). */
function trimEnds(name: string): string {
  return name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `maxBytes` of UTF-8 on a code point boundary (never half a surrogate pair). */
function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (utf8Length(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  if (extension.length > 0 && utf8Length(extension) <= MAX_EXTENSION_BYTES) {
    return truncateUtf8(name.slice(0, dot), maxBytes - utf8Length(extension)).replace(/[.\s]+$/u, '') + extension;
  }
  return truncateUtf8(name, maxBytes);
}
