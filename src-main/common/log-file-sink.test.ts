import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogFileSink, rotatedLogFile, type LogFileSink } from './log-file-sink';
import { createLogger } from './logger';
import { REDACTED } from './redact';

let dir: string;
let file: string;
const sinks: LogFileSink[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-log-file-'));
  file = join(dir, 'logs', 'parley.log');
});

afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.dispose();
  await rm(dir, { recursive: true, force: true });
});

function open(options: Partial<Parameters<typeof createLogFileSink>[0]> = {}): LogFileSink {
  const sink = createLogFileSink({ file, ...options });
  sinks.push(sink);
  return sink;
}

/** Every kept file, oldest first, as lines. */
async function allLines(maxFiles: number): Promise<string[]> {
  const lines: string[] = [];
  for (let index = maxFiles - 1; index >= 0; index -= 1) {
    const path = rotatedLogFile(file, index);
    if (!existsSync(path)) continue;
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n'), path).toBe(true);
    lines.push(...text.slice(0, -1).split('\n'));
  }
  return lines;
}

describe('createLogFileSink', () => {
  it('appends one formatted line per record, keeps appending after a restart, and makes the file private', async () => {
    const first = open();
    const logger = createLogger({ level: 'info', sinks: [first.sink] });
    logger.info('first run', { n: 1 });
    logger.child('services').warn('a\nforged 2026-01-01T00:00:00.000Z ERROR line');
    await first.dispose();

    const second = open();
    createLogger({ sinks: [second.sink] }).error('second run');
    await second.flush();

    const lines = await allLines(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO  first run \{"n":1\}$/);
    // A line break inside a message cannot start a second entry.
    expect(lines[1]).toContain('WARN  services: a\\nforged');
    expect(lines[2]).toMatch(/ERROR second run$/);
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'logs'))).mode & 0o777).toBe(0o700);
    }
    expect(second.stats()).toEqual({ writtenLines: 1, droppedLines: 0, rotations: 0 });
  });

  it('rotates at the size cap without losing or reordering a line', async () => {
    const sink = open({ maxFileBytes: 2_000, maxFiles: 100 });
    const logger = createLogger({ sinks: [sink.sink] });
    for (let index = 0; index < 600; index += 1) {
      logger.info(`line ${index}`);
      // Some records while the writer is busy, some in separate turns: both paths rotate.
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await sink.flush();

    const lines = await allLines(100);
    expect(lines.map((line) => /line (\d+)$/.exec(line)?.[1])).toEqual(Array.from({ length: 600 }, (_, index) => String(index)));
    const names = (await readdir(join(dir, 'logs'))).sort();
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect((await stat(join(dir, 'logs', name))).size, name).toBeLessThanOrEqual(2_000);
    expect(sink.stats()).toMatchObject({ writtenLines: 600, droppedLines: 0, rotations: names.length - 1 });
  });

  it('keeps at most maxFiles files, the newest lines, still in order', async () => {
    const sink = open({ maxFileBytes: 1_000, maxFiles: 3 });
    const logger = createLogger({ sinks: [sink.sink] });
    for (let index = 0; index < 300; index += 1) logger.info(`line ${index}`);
    await sink.flush();

    expect((await readdir(join(dir, 'logs'))).sort()).toEqual(['parley.1.log', 'parley.2.log', 'parley.log']);
    const numbers = (await allLines(3)).map((line) => Number(/line (\d+)$/.exec(line)?.[1]));
    expect(numbers.at(-1)).toBe(299);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => 300 - numbers.length + index));
    expect(numbers.length).toBeGreaterThan(40);
  });

  it('never touches the disk on the caller stack, drops beyond the queue bound, and marks the gap with the count', async () => {
    const sink = open({ maxQueuedBytes: 4_096 });
    const logger = createLogger({ sinks: [sink.sink] });
    for (let index = 0; index < 10_000; index += 1) logger.info(`burst ${index}`);
    // Ten thousand records later not one byte is in the file: every write waits for the event loop.
    expect(existsSync(file) ? (await stat(file)).size : 0).toBe(0);
    const dropped = sink.stats().droppedLines;
    expect(dropped).toBeGreaterThan(9_000);

    await sink.flush();
    logger.info('after the burst');
    await sink.flush();
    const lines = await allLines(1);
    const marker = lines.findIndex((line) => line.includes('lines dropped'));
    expect(lines[marker]).toContain(`WARN  logs: ${dropped} lines dropped {"queueFull":${dropped},"writeFailed":0}`);
    expect(lines[marker + 1]).toMatch(/after the burst$/);
    expect(lines.length).toBe(marker + 2);
    // Every line is either in the file or counted.
    expect(lines.filter((line) => line.includes('burst ')).length + dropped).toBe(10_000);
    expect(sink.stats()).toMatchObject({ writtenLines: 10_001 - dropped, droppedLines: dropped });
  });

  it('cuts a huge line instead of letting it fill the queue', async () => {
    const sink = open({ maxLineBytes: 1_000 });
    createLogger({ sinks: [sink.sink] }).info('big', { blob: 'x'.repeat(1_000_000) });
    await sink.flush();
    const [line] = await allLines(1);
    expect(Buffer.byteLength(`${line}\n`)).toBeLessThanOrEqual(1_000);
    expect(line).toMatch(/… \[\d+ bytes cut\]$/);
  });

  it('keeps passwords and Authorization / Proxy-Authorization values out of the file on every path', async () => {
    const sink = open();
    const logger = createLogger({ level: 'trace', sinks: [sink.sink] });
    const sip = 'INVITE sip:bob@example.org SIP/2.0\r\nProxy-Authorization: Digest username="alice", response="SECRET-01"\r\nCSeq: 1 INVITE\r\n';
    logger.info('REGISTER with Authorization: Digest username="alice", response="SECRET-02"');
    logger.debug('msrp relay auth\r\nauthorization:SECRET-03\r\nTo-Path: msrps://relay');
    logger.info('account saved', { password: 'SECRET-04', account: { address: 'a@example.org', secret: 'SECRET-05' } });
    logger.info('list', { accounts: [{ token: 'SECRET-06' }, { credentials: { passphrase: 'SECRET-07' } }] });
    logger.trace('sent', { wire: sip });
    logger.warn('lazy', () => ({ passwd: 'SECRET-08', headers: ['Authorization: Basic SECRET-09'] }));
    logger.error('failed', { error: new Error('got Proxy-Authorization: Digest SECRET-10 back') });
    logger.error('fields threw', () => {
      throw new Error('Authorization: Bearer SECRET-11');
    });
    logger.child('sip').child('transport').info('nested', { deep: { deeper: { apiKey: 'SECRET-12', note: 'Authorization: x SECRET-13' } } });
    // A record built by hand, not by the logger: the header value still goes.
    sink.sink({ time: 0, level: 'info', scope: 'raw', message: 'Proxy-Authorization: Digest SECRET-14' });
    await sink.flush();

    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/SECRET-\d\d/);
    expect(text.split(REDACTED).length - 1).toBeGreaterThanOrEqual(14);
    expect(text).toContain('INFO  REGISTER with Authorization: [redacted]\n');
    expect(text.split('\n')).toHaveLength(11);
  });

  it('survives a write failure: reports it once, counts the lost lines, and writes again when the disk is back', async () => {
    const errors: unknown[] = [];
    // A file where the logs folder should be: every open fails.
    await writeFile(join(dir, 'logs'), 'in the way');
    const sink = open({ onError: (error) => errors.push(error) });
    const logger = createLogger({ sinks: [sink.sink] });
    logger.info('lost 1');
    await sink.flush();
    logger.info('lost 2');
    await sink.flush();
    expect(errors).toHaveLength(1);
    expect(sink.stats()).toMatchObject({ writtenLines: 0, droppedLines: 2 });

    await rm(join(dir, 'logs'));
    logger.info('back');
    await sink.flush();
    const lines = await allLines(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('2 lines dropped {"queueFull":0,"writeFailed":2}');
    expect(lines[1]).toMatch(/back$/);
  });

  it('flushes on dispose, ignores later records, and disposes once', async () => {
    const sink = open();
    const logger = createLogger({ sinks: [sink.sink] });
    for (let index = 0; index < 100; index += 1) logger.info(`pending ${index}`);
    const disposing = sink.dispose();
    expect(sink.dispose()).toBe(disposing);
    await disposing;
    logger.info('too late');
    await sink.flush();
    const lines = await allLines(1);
    expect(lines).toHaveLength(100);
    expect(lines.at(-1)).toMatch(/pending 99$/);
  });

  it('refuses nonsense limits', () => {
    expect(() => createLogFileSink({ file, maxFiles: 0 })).toThrow(RangeError);
    expect(() => createLogFileSink({ file, maxFileBytes: Number.NaN })).toThrow(RangeError);
    expect(() => createLogFileSink({ file, maxQueuedBytes: -1 })).toThrow(RangeError);
  });

  it('names rotated files after the active one', () => {
    expect(rotatedLogFile(join('l', 'parley.log'), 0)).toBe(join('l', 'parley.log'));
    expect(rotatedLogFile(join('l', 'parley.log'), 3)).toBe(join('l', 'parley.3.log'));
  });
});
