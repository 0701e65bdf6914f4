import { describe, expect, it } from 'vitest';
import { fieldErrorsFrom, placeSaveError, summaryFor } from './field-errors';

const shown = new Set(['address', 'outboundProxy.port']);

describe('field errors', () => {
  it('keeps the first message per field', () => {
    expect(fieldErrorsFrom([
      { field: 'address', message: 'first' },
      { field: 'address', message: 'second' },
    ])).toEqual({ address: 'first' });
  });

  it("puts main's invalid-argument error beside the field it names", () => {
    const placed = placeSaveError({ code: 'invalid-argument', message: 'Bad port.', field: 'outboundProxy.port' }, shown);
    expect(placed).toEqual({ fields: { 'outboundProxy.port': 'Bad port.' }, summary: null });
  });

  it('summarizes errors without a shown field, saying what to do', () => {
    const placed = placeSaveError({ code: 'invalid-argument', message: 'Bad.', field: 'draft' }, shown);
    expect(placed.fields).toEqual({});
    expect(placed.summary).toContain('Correct the setting');
    expect(summaryFor({ code: 'conflict', message: 'That address is already used.' })).toContain('edit the existing account');
    expect(summaryFor({ code: 'disconnected', message: '' })).toContain('reconnecting');
    expect(summaryFor({ code: 'storage-failed', message: 'Disk full.' })).toContain('writable');
  });
});
