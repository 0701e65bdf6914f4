import type { FileHandle } from 'node:fs/promises';

/**
 * Names Parley never opens when they came from the network: programs, scripts, installers, launchers and
 * shortcuts of Windows, macOS and Linux, and documents whose opener runs code (a `.reg` merges into the
 * registry, a `.desktop` file starts a command). Lower case, with the dot.
 */
export const EXECUTABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  // Windows programs, installers and shell-run files
  '.exe', '.com', '.scr', '.pif', '.cpl', '.msi', '.msp', '.mst', '.msc', '.msix', '.msixbundle', '.appx', '.appxbundle',
  '.application', '.appref-ms', '.gadget', '.hta', '.inf', '.ins', '.isp', '.lnk', '.reg', '.scf', '.sct', '.url',
  '.website', '.xbap', '.dll', '.sys', '.drv', '.ocx', '.settingcontent-ms', '.library-ms', '.searchconnector-ms',
  '.bat', '.cmd', '.vb', '.vbs', '.vbe', '.js', '.jse', '.ws', '.wsc', '.wsf', '.wsh', '.ps1', '.ps1xml', '.ps2',
  '.ps2xml', '.psc1', '.psc2', '.psd1', '.psm1', '.mshxml', '.msh', '.msh1', '.msh2', '.mshxml', '.msh1xml', '.msh2xml',
  // macOS
  '.app', '.command', '.tool', '.pkg', '.mpkg', '.dmg', '.scpt', '.scptd', '.applescript', '.workflow', '.action',
  '.terminal', '.term', '.webloc', '.inetloc', '.fileloc', '.dylib', '.kext', '.prefpane', '.saver',
  // Linux and Unix
  '.sh', '.bash', '.zsh', '.csh', '.ksh', '.fish', '.run', '.bin', '.out', '.elf', '.so', '.ko', '.desktop',
  '.appimage', '.flatpak', '.flatpakref', '.snap', '.deb', '.rpm',
  // Interpreters and runtimes that run a file by default
  '.jar', '.jnlp', '.class', '.py', '.pyc', '.pyo', '.pyw', '.pyz', '.pl', '.pm', '.rb', '.php', '.lua', '.tcl',
  '.mjs', '.cjs', '.wasm', '.apk', '.xapk', '.ipa',
]);

/** `report.PDF` → `.pdf`; trailing dots and spaces (dropped by Windows when it opens a file) do not hide `.exe`. */
export function lastExtension(name: string): string {
  const trimmed = name.replace(/[. ]+$/, '').toLowerCase();
  const dot = trimmed.lastIndexOf('.');
  return dot <= 0 ? '' : trimmed.slice(dot);
}

export function hasExecutableExtension(name: string): boolean {
  return EXECUTABLE_EXTENSIONS.has(lastExtension(name));
}

/** Any of the POSIX execute bits (owner, group, others). Windows reports none that mean anything. */
export function hasExecuteBit(mode: number): boolean {
  return (mode & 0o111) !== 0;
}

/**
 * The first bytes of a program or script, whatever its name: ELF, Windows PE ("MZ"), Mach-O (both byte
 * orders, 32 and 64 bit, and universal binaries, which share CAFEBABE with Java classes), and a `#!` line.
 */
export function looksExecutable(head: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  return (
    starts(0x7f, 0x45, 0x4c, 0x46) ||
    starts(0x4d, 0x5a) ||
    starts(0x23, 0x21) ||
    starts(0xfe, 0xed, 0xfa, 0xce) ||
    starts(0xfe, 0xed, 0xfa, 0xcf) ||
    starts(0xce, 0xfa, 0xed, 0xfe) ||
    starts(0xcf, 0xfa, 0xed, 0xfe) ||
    starts(0xca, 0xfe, 0xba, 0xbe)
  );
}

/** Why Parley will not open this file, or null: its name, its execute bits, then its first bytes. */
export async function executableReason(name: string, mode: number, handle: FileHandle): Promise<string | null> {
  if (hasExecutableExtension(name)) return `${name} is a program or script (${lastExtension(name)})`;
  if (hasExecuteBit(mode)) return `${name} is marked executable`;
  const head = new Uint8Array(4);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  if (looksExecutable(head.subarray(0, bytesRead))) return `${name} contains a program or script`;
  return null;
}
