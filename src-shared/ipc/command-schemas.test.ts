import { describe, expect, it } from 'vitest';
import { validDraft } from '../test-support/account-drafts';
import { COMMAND_ARG_NAMES, COMMAND_ARG_SCHEMAS, validateCommandArgs } from './command-schemas';
import { COMMAND_NAMES, UPLOAD_CHUNK_MAX_BYTES } from './contract';

const UPLOAD = '5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e13';

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

  it('accept upload commands: any page file name (made safe in main), an empty file, chunks of 1 to 1 MiB', () => {
    expect(validateCommandArgs('transfers.uploadBegin', ['../weird\nname.txt', 0]).ok).toBe(true);
    expect(validateCommandArgs('transfers.uploadChunk', [UPLOAD, 0, new Uint8Array(1)]).ok).toBe(true);
    const full = new Uint8Array(UPLOAD_CHUNK_MAX_BYTES);
    const result = validateCommandArgs('transfers.uploadChunk', [UPLOAD, 3 * UPLOAD_CHUNK_MAX_BYTES, full]);
    expect(result.ok).toBe(true);
    // The bytes are passed on as they came, not copied element by element.
    if (result.ok) expect(result.value[2]).toBe(full);
    expect(validateCommandArgs('transfers.uploadSend', [UPLOAD, 'acc-1', 'sip:bob@example.com']).ok).toBe(true);
    expect(validateCommandArgs('transfers.uploadAbort', [UPLOAD]).ok).toBe(true);
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
    ['transfers.uploadBegin', ['', 10], 'name'],
    ['transfers.uploadBegin', ['a'.repeat(1025), 10], 'name'],
    ['transfers.uploadBegin', ['a.txt', -1], 'size'],
    ['transfers.uploadBegin', ['a.txt', 1.5], 'size'],
    ['transfers.uploadBegin', ['a.txt', 2 ** 53], 'size'],
    ['transfers.uploadBegin', ['a.txt', '10'], 'size'],
    ['transfers.uploadChunk', ['../up', 0, new Uint8Array(1)], 'id'],
    ['transfers.uploadChunk', [UPLOAD, -1, new Uint8Array(1)], 'offset'],
    ['transfers.uploadChunk', [UPLOAD, 0.5, new Uint8Array(1)], 'offset'],
    ['transfers.uploadChunk', [UPLOAD, Number.NaN, new Uint8Array(1)], 'offset'],
    ['transfers.uploadChunk', [UPLOAD, 0, new Uint8Array(UPLOAD_CHUNK_MAX_BYTES + 1)], 'bytes'],
    ['transfers.uploadChunk', [UPLOAD, 0, new Uint8Array(0)], 'bytes'],
    ['transfers.uploadChunk', [UPLOAD, 0, [1, 2, 3]], 'bytes'],
    ['transfers.uploadChunk', [UPLOAD, 0, new Uint16Array(4)], 'bytes'],
    ['transfers.uploadChunk', [UPLOAD, 0, new ArrayBuffer(4)], 'bytes'],
    ['transfers.uploadChunk', [UPLOAD, 0, { $bytes: 'AAEC' }], 'bytes'],
    ['transfers.uploadChunk', [UPLOAD, 0, 'AAEC'], 'bytes'],
    ['transfers.uploadSend', [UPLOAD, 'acc-1', ''], 'target'],
    ['transfers.uploadSend', [UPLOAD, '', 'sip:bob@example.com'], 'accountId'],
    ['transfers.uploadAbort', [42], 'id'],
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
