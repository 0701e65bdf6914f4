import { describe, expect, it } from 'vitest';
import {
  decodeTxt,
  encodeLanTxt,
  instanceFqdn,
  makeHostName,
  makeInstanceName,
  MAX_INSTANCE_NAME_BYTES,
  parseInstanceFqdn,
  parseLanTxt,
  randomInstanceSuffix,
} from './dns-sd-records';

const txt = (...strings: string[]): Buffer[] => strings.map((item) => Buffer.from(item, 'utf8'));

describe('instance names (RFC 6763 §4.1.1)', () => {
  it('is the display name plus the suffix', () => {
    expect(makeInstanceName('Alice Smith', 'a1b2')).toBe('Alice Smith (a1b2)');
  });

  it('stays within 63 bytes, cutting at a character boundary', () => {
    const name = makeInstanceName('é'.repeat(60), 'ffff');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_INSTANCE_NAME_BYTES);
    expect(name.endsWith(' (ffff)')).toBe(true);
    expect(name).not.toContain('\uFFFD');
    expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
  });

  it('removes control characters and dots, normalizes to NFC, and never ends empty', () => {
    expect(makeInstanceName('Bob\u0000\r\nJr. ', '0001')).toBe('Bob Jr\u2024 (0001)');
    expect(makeInstanceName('e\u0301', '0002')).toBe('\u00e9 (0002)');
    expect(makeInstanceName('   ', '0003')).toBe('Parley (0003)');
  });

  it('suffixes are four hex digits and differ', () => {
    const seen = new Set(Array.from({ length: 20 }, () => randomInstanceSuffix()));
    for (const suffix of seen) expect(suffix).toMatch(/^[0-9a-f]{4}$/);
    expect(seen.size).toBeGreaterThan(1);
  });

  it('round-trips through the service FQDN, even with dots in the instance part', () => {
    expect(instanceFqdn('Alice (a1b2)', 'tcp')).toBe('Alice (a1b2)._sip._tcp.local');
    expect(parseInstanceFqdn('Dr. Who (0001)._sip._udp.local.')).toEqual({ instanceName: 'Dr. Who (0001)', transport: 'udp' });
    expect(parseInstanceFqdn('X._SIP._TCP.LOCAL')).toEqual({ instanceName: 'X', transport: 'tcp' });
    expect(parseInstanceFqdn('_sip._tcp.local')).toBeUndefined();
    expect(parseInstanceFqdn('Printer._ipp._tcp.local')).toBeUndefined();
  });

  it('host names are ours alone', () => {
    expect(makeHostName('3F2B-77aa-0001-ffff')).toBe('parley-3f2b77aa0001.local');
  });
});

describe('TXT records (RFC 6763 §6)', () => {
  it('encodes txtvers first, then contact, instance id and name', () => {
    const strings = encodeLanTxt({ contact: 'sip:alice@192.0.2.1:5062;transport=tcp', instanceId: 'id-1', displayName: 'Alice' });
    expect(strings.map((item) => item.toString())).toEqual(['txtvers=1', 'contact=sip:alice@192.0.2.1:5062;transport=tcp', 'instance=id-1', 'name=Alice']);
  });

  it('refuses a value that cannot fit one 255-byte string', () => {
    expect(() => encodeLanTxt({ contact: `sip:${'a'.repeat(260)}@192.0.2.1`, instanceId: 'x', displayName: undefined })).toThrowError(
      expect.objectContaining({ code: 'sip/lan-invalid-option' }),
    );
  });

  it('decodes keys case-insensitively, first occurrence wins, bare keys are booleans, junk is skipped', () => {
    const attributes = decodeTxt([...txt('TxtVers=1', 'txtvers=2', 'flag', '=novalue', 'empty='), Buffer.from([0x01, 0x3d, 0x41]), Buffer.alloc(0)]);
    expect(attributes.get('txtvers')).toBe('1');
    expect(attributes.get('flag')).toBe(true);
    expect(attributes.get('empty')).toBe('');
    expect(attributes.size).toBe(3);
  });

  it('parses what it encodes', () => {
    const info = { contact: 'sip:bob@192.0.2.9:5060;transport=udp', instanceId: 'bob-1', displayName: 'Bob' };
    expect(parseLanTxt(encodeLanTxt(info))).toEqual({ ok: true, info });
  });

  it('accepts a name-addr contact and a missing name', () => {
    expect(parseLanTxt(txt('txtvers=1', 'contact=<sip:c@192.0.2.3>', 'instance=c'))).toEqual({
      ok: true,
      info: { contact: 'sip:c@192.0.2.3', instanceId: 'c', displayName: undefined },
    });
  });

  it.each([
    ['wrong version', txt('txtvers=2', 'contact=sip:a@192.0.2.1', 'instance=a')],
    ['no version', txt('contact=sip:a@192.0.2.1', 'instance=a')],
    ['no contact', txt('txtvers=1', 'instance=a')],
    ['contact not SIP', txt('txtvers=1', 'contact=http://x', 'instance=a')],
    ['no instance id', txt('txtvers=1', 'contact=sip:a@192.0.2.1')],
    ['oversized instance id', txt('txtvers=1', 'contact=sip:a@192.0.2.1', `instance=${'i'.repeat(65)}`)],
  ])('rejects %s', (_label, strings) => {
    expect(parseLanTxt(strings).ok).toBe(false);
  });

  it('rejects a TXT record above the size limit', () => {
    const strings = txt('txtvers=1', 'contact=sip:a@192.0.2.1', 'instance=a', `pad=${'x'.repeat(200)}`);
    expect(parseLanTxt(strings, 100)).toMatchObject({ ok: false, reason: expect.stringContaining('exceeds 100') });
    expect(parseLanTxt(strings, 1300).ok).toBe(true);
  });
});
