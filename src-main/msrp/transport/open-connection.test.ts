import { describe, expect, it } from 'vitest';
import { MsrpUri } from '../protocol/msrp-uri';
import { openConnection, parseFingerprint } from './open-connection';

describe('parseFingerprint (RFC 8122 §5)', () => {
  it('reads a=fingerprint values and bare hex', () => {
    expect(parseFingerprint('SHA-256 ab:cd:EF')).toEqual({ algorithm: 'sha-256', hex: 'AB:CD:EF' });
    expect(parseFingerprint('abcdef01')).toEqual({ algorithm: 'sha-256', hex: 'AB:CD:EF:01' });
    expect(parseFingerprint('sha-1 00:11')).toEqual({ algorithm: 'sha-1', hex: '00:11' });
  });

  it('refuses unknown hashes and non-hex text', () => {
    expect(() => parseFingerprint('md5 00:11')).toThrow(expect.objectContaining({ code: 'msrp-connect-failed' }));
    expect(() => parseFingerprint('sha-256 zz:11')).toThrow(/fingerprint/);
  });
});

describe('openConnection', () => {
  it('fails with msrp-connect-failed when nothing listens', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const uri = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port, sessionId: 'abcdef' });
    await expect(openConnection(uri, { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'msrp-connect-failed' });
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const uri = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 9, sessionId: 'abcdef' });
    await expect(openConnection(uri, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });
});
