import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_URL_LINE_PREFIX } from '../../src-shared';
import { rawRequest } from './test-support/host-clients';

const cliPath = join(import.meta.dirname, 'cli.ts');
const base = mkdtempSync(join(tmpdir(), 'parley-cli-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function runCli(args: string[]) {
  // The worker's own Node (24, from the `node` package) with tsx as a loader, like `npm run host`.
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('host cli', () => {
  it('prints exactly one PARLEY_URL line, serves, and stops cleanly on SIGTERM', async () => {
    const rendererDir = mkdtempSync(join(base, 'renderer-'));
    const run = runCli(['--profile', join(base, 'alice'), '--renderer-dir', rendererDir]);
    const deadline = Date.now() + 20_000;
    while (!run.output().stdout.includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = run.output().stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const url = new URL((lines[0] ?? '').slice(HOST_URL_LINE_PREFIX.length));
    expect(lines[0]?.startsWith(HOST_URL_LINE_PREFIX)).toBe(true);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.hash).toMatch(/^#token=[A-Za-z0-9_-]{43}$/);
    expect(run.output().stderr).toContain('Parley (alice) is at');
    // No index.html in the empty folder: 404, but from our server.
    expect((await rawRequest(Number(url.port), '/')).status).toBe(404);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stderr).toContain('core: Parley core stopped');
    expect(run.output().stdout.trim().split('\n')).toHaveLength(1);
  });

  it('says when it runs offline (no SIP accounts)', async () => {
    const rendererDir = mkdtempSync(join(base, 'renderer-'));
    const run = runCli(['--profile', join(base, 'carol'), '--renderer-dir', rendererDir, '--offline']);
    const deadline = Date.now() + 20_000;
    while (!run.output().stderr.includes(' is at ') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.output().stderr).toContain('Parley (carol, offline) is at');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('exits with 2 and a usage line on a bad argument, printing no URL', async () => {
    const run = runCli(['--profile-name', '../x']);
    expect(await run.exited).toBe(2);
    expect(run.output().stdout).toBe('');
    expect(run.output().stderr).toMatch(/usage: host/);
  });
});
