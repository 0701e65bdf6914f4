import { describe, expect, it } from 'vitest';
import { validDraft } from '../test-support/account-drafts';
import { COMMAND_ARG_NAMES, COMMAND_ARG_SCHEMAS, validateCommandArgs } from './command-schemas';
import { COMMAND_NAMES } from './contract';

describe('command argument schemas', () => {
  it('cover exactly the commands of the contract', () => {
    expect(Object.keys(COMMAND_ARG_SCHEMAS).sort()).toEqual(Object.keys(COMMAND_NAMES).sort());
    expect(Object.keys(COMMAND_ARG_NAMES).sort()).toEqual(Object.keys(COMMAND_NAMES).sort());
  });

  it('accept well-formed arguments and return clean copies', () => {
    const draft = validDraft({ password: 'pw' });
    const result = validateCommandArgs('accounts.update', ['abc-123', draft]);
    expect(result).toEqual({ ok: true, value: ['abc-123', draft] });
    if (result.ok) expect(result.value[1]).not.toBe(draft);
    expect(validateCommandArgs('app.getSnapshot', [])).toEqual({ ok: true, value: [] });
    expect(validateCommandArgs('accounts.setEnabled', ['id', false])).toEqual({ ok: true, value: ['id', false] });
  });

  it.each([
    ['app.getSnapshot', [1], 'args'],
    ['app.getSnapshot', {}, 'args'],
    ['accounts.add', [], 'args'],
    ['accounts.add', [validDraft(), validDraft()], 'args'],
    ['accounts.add', [null], 'draft'],
    ['accounts.add', [validDraft({ outboundProxy: { host: 'p.example', port: 0, transport: 'tcp' } })], 'outboundProxy.port'],
    ['accounts.update', ['', validDraft()], 'id'],
    ['accounts.update', ['id', validDraft({ address: 'nope' })], 'address'],
    ['accounts.remove', ['../../etc'], 'id'],
    ['accounts.setEnabled', ['id', 'true'], 'enabled'],
    ['accounts.setDefault', [7], 'id'],
    ['accounts.renameLan', ['   '], 'displayName'],
  ] as const)('%s %j → invalid-argument on %s', (name, args, field) => {
    const result = validateCommandArgs(name, args);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-argument');
      expect(result.error.field).toBe(field);
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });
});
