import { describe, expect, it } from 'vitest';
import { validDraft } from '../test-support/account-drafts';
import { DEFAULT_ACCOUNT_SETTINGS, accountDraftSchema, accountSettingsSchema, validateAccountDraft } from './account-schema';

const manualRelay = { mode: 'manual', host: 'relay.example.com', port: 2855, transport: 'tls', username: '' };

describe('validateAccountDraft', () => {
  it.each([
    ['the base draft', {}],
    ['an outbound proxy', { outboundProxy: { host: 'proxy.example.com', port: 5061, transport: 'tls' } }],
    ['an IPv6 proxy', { outboundProxy: { host: '[2001:db8::1]', port: 5060, transport: 'udp' } }],
    ['a manual relay', { msrpRelay: manualRelay }],
    ['a password', { password: 'correct horse battery staple' }],
    ['a cleared password', { password: null }],
    ['an empty password', { password: '' }],
    ['a unicode display name', { displayName: 'Zoë 日本 😀' }],
    ['the shortest interval', { registration: { enabled: false, expires: 30 } }],
    ['the longest interval', { registration: { enabled: true, expires: 86_400 } }],
    ['an address with a port', { address: 'bob@10.0.0.1:5070' }],
  ])('accepts %s', (_label, overrides) => {
    expect(validateAccountDraft(validDraft(overrides))).toEqual([]);
  });

  it('accepts the defaults once an address is filled in', () => {
    expect(validateAccountDraft({ ...DEFAULT_ACCOUNT_SETTINGS, address: 'carol@example.org' })).toEqual([]);
    expect(DEFAULT_ACCOUNT_SETTINGS).toMatchObject({
      registration: { enabled: true, expires: 600 },
      msrpRelay: { mode: 'auto' },
      msrpTransport: 'tls',
      msrpConnectionModel: 'relay',
      tls: { verifyServer: true },
    });
  });

  it('reports a missing address next to the address field', () => {
    const problems = validateAccountDraft({ ...DEFAULT_ACCOUNT_SETTINGS });
    expect(problems).toEqual([{ field: 'address', message: expect.stringMatching(/user@domain/) }]);
  });

  it.each([
    ['address', { address: 'alice' }],
    ['address', { address: 'alice@exa mple.com' }],
    ['address', { address: 'alice@example.com:99999' }],
    ['address', { address: `${'a'.repeat(300)}@example.com` }],
    ['address', { address: 42 }],
    ['displayName', { displayName: 'Alice\u0007' }],
    ['displayName', { displayName: 'evil\u202Egnp.exe' }],
    ['displayName', { displayName: 'x'.repeat(129) }],
    ['authUsername', { authUsername: 'a\nb' }],
    ['outboundProxy', { outboundProxy: 'proxy.example.com' }],
    ['outboundProxy', { outboundProxy: [] }],
    ['outboundProxy.host', { outboundProxy: { host: '', port: 5060, transport: 'udp' } }],
    ['outboundProxy.host', { outboundProxy: { host: 'bad host', port: 5060, transport: 'udp' } }],
    ['outboundProxy.port', { outboundProxy: { host: 'p.example.com', port: 0, transport: 'udp' } }],
    ['outboundProxy.port', { outboundProxy: { host: 'p.example.com', port: 65536, transport: 'udp' } }],
    ['outboundProxy.port', { outboundProxy: { host: 'p.example.com', port: 50.5, transport: 'udp' } }],
    ['outboundProxy.port', { outboundProxy: { host: 'p.example.com', port: '5060', transport: 'udp' } }],
    ['outboundProxy.port', { outboundProxy: { host: 'p.example.com', port: Number.NaN, transport: 'udp' } }],
    ['outboundProxy.transport', { outboundProxy: { host: 'p.example.com', port: 5060, transport: 'sctp' } }],
    ['outboundProxy.extra', { outboundProxy: { host: 'p.example.com', port: 5060, transport: 'udp', extra: 1 } }],
    ['registration.expires', { registration: { enabled: true, expires: 29 } }],
    ['registration.expires', { registration: { enabled: true, expires: 86_401 } }],
    ['registration.expires', { registration: { enabled: true, expires: Number.POSITIVE_INFINITY } }],
    ['registration.enabled', { registration: { enabled: 'yes', expires: 600 } }],
    ['registration', { registration: null }],
    ['msrpRelay.mode', { msrpRelay: { mode: 'sometimes' } }],
    ['msrpRelay', { msrpRelay: 'auto' }],
    ['msrpRelay.host', { msrpRelay: { ...manualRelay, host: 'relay..example' } }],
    ['msrpRelay.port', { msrpRelay: { ...manualRelay, port: -1 } }],
    ['msrpRelay.transport', { msrpRelay: { ...manualRelay, transport: 'udp' } }],
    ['msrpRelay.username', { msrpRelay: { ...manualRelay, username: '\u0000' } }],
    ['msrpRelay.host', { msrpRelay: { mode: 'auto', host: 'relay.example.com' } }],
    ['msrpTransport', { msrpTransport: 'udp' }],
    ['msrpConnectionModel', { msrpConnectionModel: 'p2p' }],
    ['tls.verifyServer', { tls: { verifyServer: 1, caFile: '' } }],
    ['tls.caFile', { tls: { verifyServer: true, caFile: 'x'.repeat(5000) } }],
    ['password', { password: 'line\r\nbreak' }],
    ['password', { password: 'p'.repeat(1025) }],
    ['password', { password: 1234 }],
    ['nickname', { nickname: 'Al' }],
  ])('reports %s', (field, overrides) => {
    const problems = validateAccountDraft(validDraft(overrides));
    expect(problems.map((problem) => problem.field)).toContain(field);
    const problem = problems.find((item) => item.field === field);
    // Messages are for people: a sentence, not a zod code.
    expect(problem?.message).toMatch(/^[A-Z].*\.$/);
  });

  it('reports a missing field by its name', () => {
    const { msrpTransport: _removed, ...draft } = validDraft();
    expect(validateAccountDraft(draft).map((problem) => problem.field)).toEqual(['msrpTransport']);
  });

  it('reports several fields at once, one message each', () => {
    const problems = validateAccountDraft(validDraft({ address: 'x', displayName: 'a\u0000', registration: { enabled: true, expires: 1 } }));
    expect(problems.map((problem) => problem.field).sort()).toEqual(['address', 'displayName', 'registration.expires']);
  });

  it.each([null, undefined, 42, 'draft', [], [validDraft()]])('reports %j as a whole', (value) => {
    expect(validateAccountDraft(value)).toEqual([{ field: '', message: expect.any(String) }]);
  });

  it('never throws, even on a value whose getters throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(validateAccountDraft(hostile).length).toBeGreaterThan(0);
  });

  it('drops a __proto__ key instead of polluting anything', () => {
    const draft = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(validDraft()).slice(1)}`) as unknown;
    expect(validateAccountDraft(draft).map((problem) => problem.field)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('settings schema refuses a password; the draft schema accepts one', () => {
    expect(accountSettingsSchema.safeParse(validDraft({ password: 'x' })).success).toBe(false);
    expect(accountDraftSchema.safeParse(validDraft({ password: 'x' })).success).toBe(true);
  });
});
