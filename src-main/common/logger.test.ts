import { describe, expect, it } from 'vitest';
import { createMemorySink, formatLogRecord } from './log-sinks';
import { createLogger } from './logger';
import { REDACTED } from './redact';

describe('logger', () => {
  it('filters by level, shares the level with children, and scopes children', () => {
    const memory = createMemorySink();
    const root = createLogger({ level: 'info', sinks: [memory.sink] });
    const child = root.child('services').child('accounts');
    child.debug('hidden');
    child.info('shown', { n: 1 });
    root.level = 'debug';
    child.debug('now shown');
    expect(memory.records().map((record) => [record.level, record.scope, record.message])).toEqual([
      ['info', 'services.accounts', 'shown'],
      ['debug', 'services.accounts', 'now shown'],
    ]);
    expect(memory.records()[0]?.fields).toEqual({ n: 1 });
    expect(child.isLevelEnabled('trace')).toBe(false);
  });

  it('does not evaluate lazy fields when the level is off', () => {
    const memory = createMemorySink();
    const logger = createLogger({ level: 'warn', sinks: [memory.sink] });
    let evaluated = 0;
    logger.debug('x', () => {
      evaluated += 1;
      return { big: 'x' };
    });
    logger.warn('y', () => {
      evaluated += 1;
      return { big: 'y' };
    });
    expect(evaluated).toBe(1);
    expect(memory.records()).toHaveLength(1);
  });

  it('silent logs nothing; sinks can be added and removed; a throwing sink does not break logging', () => {
    const memory = createMemorySink();
    const logger = createLogger({ level: 'silent', sinks: [memory.sink] });
    logger.error('nothing');
    expect(memory.records()).toHaveLength(0);
    logger.level = 'trace';
    const removeBroken = logger.addSink(() => {
      throw new Error('sink down');
    });
    expect(() => logger.trace('still fine')).not.toThrow();
    removeBroken();
    expect(memory.records().map((record) => record.message)).toEqual(['still fine']);
    expect(() => {
      logger.level = 'loud' as never;
    }).toThrow(TypeError);
  });

  it('redacts secrets in fields and in messages', () => {
    const memory = createMemorySink();
    const logger = createLogger({ level: 'trace', sinks: [memory.sink] });
    logger.info('Sent REGISTER\r\nProxy-Authorization: Digest username="alice", response="abc123"\r\nCSeq: 2', {
      password: 'hunter2',
      nested: { clientSecret: 's3cret', apiKey: 'k', authToken: 't', hasPassword: true, note: 'ok' },
      error: new Error('Authorization: Basic dXNlcjpwYXNz'),
    });
    const record = memory.records()[0];
    const text = JSON.stringify(record);
    for (const secret of ['hunter2', 's3cret', 'abc123', 'dXNlcjpwYXNz', '"k"', '"t"']) expect(text).not.toContain(secret);
    expect(record?.message).toContain(`Proxy-Authorization: ${REDACTED}`);
    expect(record?.message).toContain('CSeq: 2');
    expect(record?.fields).toMatchObject({ password: REDACTED, nested: { hasPassword: true, note: 'ok' } });
    expect(formatLogRecord(record!)).toMatch(/INFO {2}Sent REGISTER/);
  });

  it('a memory sink keeps only the newest records', () => {
    const memory = createMemorySink(3);
    const logger = createLogger({ level: 'info', sinks: [memory.sink] });
    for (let index = 0; index < 10; index += 1) logger.info(`m${index}`);
    expect(memory.records().map((record) => record.message)).toEqual(['m7', 'm8', 'm9']);
  });
});
