import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../peers/ports';

const CLI = join(import.meta.dirname, '../../src-main/msrp/cli/msrp-cli.ts');

function run(args: string[]): ChildProcess {
  // The same Node that runs the tests, with tsx's loader: the CLI is TypeScript.
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('msrp CLI', () => {
  let dir: string;
  let listener: ChildProcess;
  let listenerOut = '';
  let path: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-msrp-cli-'));
    mkdirSync(join(dir, 'saved'));
    listener = run(['listen', '--save', join(dir, 'saved'), '--remote-path', 'any']);
    path = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no PATH line: ${listenerOut}`)), 20_000);
      listener.stdout?.on('data', (data: Buffer) => {
        listenerOut += data.toString();
        const match = /^PATH (.+)$/m.exec(listenerOut);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
    });
  });

  afterAll(async () => {
    if (listener.exitCode === null) {
      const exited = new Promise((resolve) => listener.once('exit', resolve));
      listener.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function savedLine(count: number): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
      const lines = listenerOut.split('\n').filter((line) => line.startsWith('SAVED '));
      if (lines.length >= count) return lines;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`listener saved nothing: ${listenerOut}`);
  }

  it('prints its full local path', () => {
    expect(path).toMatch(/^msrp:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9]+;tcp$/);
  });

  it('sends text, which the listener saves', async () => {
    const result = await finish(run(['send', '--to-path', path, '--text', 'hello over msrp']));
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(summary).toMatchObject({ bytes_sent: 15, messages: 1, responses: { '200': 1 } });
    expect(typeof summary.mb_s).toBe('number');
    expect(result.stderr).toMatch(/response 200 OK/);
    const [line] = await savedLine(1);
    const savedPath = (line as string).split(' ')[1] as string;
    expect(readFileSync(savedPath, 'utf8')).toBe('hello over msrp');
  });

  it('sends a file byte-exact under its own name', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const source = join(dir, 'photo.jpg');
    writeFileSync(source, content);
    const result = await finish(run(['send', '--to-path', path, '--file', source, '--chunk-size', '65536']));
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as { bytes_sent: number; responses: Record<string, number> };
    expect(summary.bytes_sent).toBe(content.length);
    expect(summary.responses['200']).toBe(Math.ceil(content.length / 65536));
    await savedLine(2);
    expect(readdirSync(join(dir, 'saved'))).toContain('photo.jpg');
    expect(readFileSync(join(dir, 'saved', 'photo.jpg')).equals(content)).toBe(true);
  });

  it('exits non-zero with a reason when nobody listens', async () => {
    const port = await freeTcpPort();
    const result = await finish(run(['send', '--to-path', `msrp://127.0.0.1:${port}/nobody;tcp`, '--text', 'x']));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cannot connect .*ECONNREFUSED/);
    expect(result.stdout).toBe('');
  });

  it('exits non-zero on bad usage', async () => {
    const result = await finish(run(['send', '--text', 'x']));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--to-path/);
  });
});
