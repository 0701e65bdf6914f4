import { createCipheriv, randomInt } from 'node:crypto';

/**
 * VNC Authentication (RFC 6143 §7.2.2): the server sends a 16-byte challenge, the client answers with the
 * challenge encrypted by single DES (ECB) under the password. The key is the password's first 8 bytes
 * (zero-padded) with the bits of each byte reversed — a quirk of the original implementation that every
 * server keeps.
 *
 * Node 24's OpenSSL 3 has single DES only in the legacy provider (`des-ecb` throws
 * ERR_OSSL_EVP_UNSUPPORTED unless the process runs with --openssl-legacy-provider), and Electron's
 * BoringSSL names ciphers differently. Triple DES with three equal keys is single DES (E_K(D_K(E_K(x))) =
 * E_K(x)), and `des-ede3-ecb` / `des-ede3-cbc` are in the default provider, so the fallbacks below need no flag.
 */
export const VNC_CHALLENGE_LENGTH = 16;
/** Only the first 8 bytes of a VNC password count (RFC 6143 §7.2.2). */
export const VNC_PASSWORD_LENGTH = 8;

export function vncAuthResponse(challenge: Uint8Array, password: string): Buffer {
  if (challenge.length !== VNC_CHALLENGE_LENGTH) throw new RangeError(`VNC challenge must be ${VNC_CHALLENGE_LENGTH} bytes, got ${challenge.length}`);
  const key = vncKey(password);
  return desEcbEncrypt(key, Buffer.from(challenge));
}

/** The DES key: password bytes (latin1, 8 at most, zero-padded), each byte's bit order reversed. */
export function vncKey(password: string): Buffer {
  const key = Buffer.alloc(VNC_PASSWORD_LENGTH);
  Buffer.from(password, 'latin1').copy(key, 0, 0, VNC_PASSWORD_LENGTH);
  for (let i = 0; i < key.length; i++) key[i] = reverseBits(key[i] ?? 0);
  return key;
}

function reverseBits(byte: number): number {
  let out = 0;
  for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out |= 0x80 >> bit;
  return out;
}

type DesRoute = (key: Buffer, data: Buffer) => Buffer;

const ROUTES: readonly DesRoute[] = [
  (key, data) => runCipher('des-ecb', key, null, data),
  (key, data) => runCipher('des-ede3-ecb', Buffer.concat([key, key, key]), null, data),
  // CBC with a zero IV over one block is ECB; one call per 8-byte block.
  (key, data) => {
    const out = Buffer.alloc(data.length);
    for (let offset = 0; offset < data.length; offset += 8) {
      runCipher('des-ede3-cbc', Buffer.concat([key, key, key]), Buffer.alloc(8), data.subarray(offset, offset + 8)).copy(out, offset);
    }
    return out;
  },
];

let chosen: DesRoute | undefined;

function desEcbEncrypt(key: Buffer, data: Buffer): Buffer {
  if (chosen !== undefined) return chosen(key, data);
  let lastError: unknown;
  for (const route of ROUTES) {
    try {
      const out = route(key, data);
      chosen = route;
      return out;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error('no DES cipher is available in this runtime', { cause: lastError });
}

function runCipher(name: string, key: Buffer, iv: Buffer | null, data: Buffer): Buffer {
  const cipher = createCipheriv(name, key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random one-time password of the 8 characters VNC Authentication uses (~46 bits). */
export function generateVncPassword(): string {
  let out = '';
  for (let i = 0; i < VNC_PASSWORD_LENGTH; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}
