import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SETTINGS, validateAccountDraft } from '../../../../src-shared/ipc/command-schemas';
import { SAMPLE_SETTINGS } from '../../test-support/fixtures';
import { formValuesFrom, toDraft } from './account-form-values';

const filled = {
  ...formValuesFrom(DEFAULT_ACCOUNT_SETTINGS),
  address: ' sip:bob@example.net ',
  displayName: 'Bob',
  useOutboundProxy: true,
  proxyHost: 'proxy.example.net',
  proxyPort: '5061',
  proxyTransport: 'tls' as const,
};

describe('account form values', () => {
  it('round-trips saved settings', () => {
    const settings = { ...SAMPLE_SETTINGS, outboundProxy: { host: 'p.example.org', port: 5070, transport: 'tcp' as const } };
    expect(toDraft(formValuesFrom(settings), 'edit')).toEqual(settings);
  });

  it('never pre-fills the password', () => {
    expect(formValuesFrom(SAMPLE_SETTINGS).password).toBe('');
  });

  it('builds a valid draft from a typical new account, dropping a typed sip: scheme', () => {
    const draft = toDraft({ ...filled, password: 's3cret' }, 'add');
    expect(draft.address).toBe('bob@example.net');
    expect(draft.outboundProxy).toEqual({ host: 'proxy.example.net', port: 5061, transport: 'tls' });
    expect(draft.password).toBe('s3cret');
    expect(validateAccountDraft(draft)).toEqual([]);
  });

  it('maps the password box: empty keeps (edit) or means none (add), remove clears', () => {
    expect('password' in toDraft(filled, 'add')).toBe(false);
    expect('password' in toDraft(filled, 'edit')).toBe(false);
    expect(toDraft({ ...filled, removePassword: true }, 'edit').password).toBeNull();
    expect(toDraft({ ...filled, password: 'new' }, 'edit').password).toBe('new');
  });

  it('turns a port that is not a whole number into an error beside that field', () => {
    const problems = validateAccountDraft(toDraft({ ...filled, proxyPort: '50x' }, 'add'));
    expect(problems.map((problem) => problem.field)).toEqual(['outboundProxy.port']);
  });

  it('sends a manual relay with its fields and no proxy when the proxy is off', () => {
    const draft = toDraft(
      { ...filled, useOutboundProxy: false, relayMode: 'manual', relayHost: 'relay.example.net', relayPort: '2855', relayUsername: ' r ' },
      'add',
    );
    expect(draft.outboundProxy).toBeNull();
    expect(draft.msrpRelay).toEqual({ mode: 'manual', host: 'relay.example.net', port: 2855, transport: 'tls', username: 'r' });
    expect(validateAccountDraft(draft)).toEqual([]);
  });
});
