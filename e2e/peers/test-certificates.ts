import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost, made with the
 * openssl command line for tests (MSRP over TLS, SIP over TLS, Kamailio's tls module). Nothing here is
 * secret: the keys live in the folder the test gives and die with it.
 */
export interface TestCertificates {
  /** PEM files in `dir`. */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 fingerprint of the server certificate as `AA:BB:…` (SDP a=fingerprint, RFC 8122 §5). */
  readonly fingerprintSha256: string;
}

export interface TestCertificateOptions {
  /** Subject CN of the server certificate (default `localhost`). */
  readonly commonName?: string;
  /** Extra subjectAltName entries, e.g. `DNS:example.test`, `IP:127.0.0.2`. */
  readonly extraAltNames?: readonly string[];
  /** File name prefix, so that several sets (e.g. a wrong CA) can share one folder. */
  readonly prefix?: string;
  readonly days?: number;
}

export function makeTestCertificates(dir: string, options: TestCertificateOptions = {}): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const prefix = options.prefix ?? 'test';
  const days = String(options.days ?? 30);
  const commonName = options.commonName ?? 'localhost';
  const path = (name: string): string => join(dir, `${prefix}-${name}`);
  const caKey = path('ca-key.pem');
  const caFile = path('ca.pem');
  const keyFile = path('server-key.pem');
  const csrFile = path('server.csr');
  const certFile = path('server.pem');
  const extFile = path('server.ext');
  const altNames = ['DNS:localhost', 'IP:127.0.0.1', ...(options.extraAltNames ?? [])].join(',');

  const openssl = (args: string[]): void => {
    try {
      execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
      if (failure.code === 'ENOENT') throw new Error('openssl not found: install the Debian package openssl');
      throw new Error(`openssl ${args[0]} failed: ${failure.stderr?.toString('utf8') ?? String(error)}`);
    }
  };

  // EC P-256 keys: fast to generate, accepted by Node's TLS and Kamailio's OpenSSL 3.
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', caKey, '-out', caFile, '-days', days, '-subj', `/CN=Parley Test CA ${prefix}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', csrFile, '-subj', `/CN=${commonName}`]);
  writeFileSync(extFile, [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment,keyAgreement',
    'extendedKeyUsage=serverAuth,clientAuth',
    `subjectAltName=${altNames}`,
    '',
  ].join('\n'));
  openssl(['x509', '-req', '-in', csrFile, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial',
    '-out', certFile, '-days', days, '-extfile', extFile]);

  const certPem = readFileSync(certFile, 'utf8');
  return {
    caFile,
    certFile,
    keyFile,
    caPem: readFileSync(caFile, 'utf8'),
    certPem,
    keyPem: readFileSync(keyFile, 'utf8'),
    fingerprintSha256: new X509Certificate(certPem).fingerprint256,
  };
}
