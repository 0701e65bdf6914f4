import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

async function cruise(...paths: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['--config', '.dependency-cruiser.cjs', ...paths], { cwd: root });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, output: failure.stdout };
  }
}

// A probe folder inside the real tree, so the real rules (which match on paths) apply to it.
const probeDir = join(root, 'src-main', 'msrp', `violation-probe-${process.pid}`);
afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

describe('dependency rules (DESIGN.md)', () => {
  it('the real tree passes', async () => {
    const result = await cruise('src-main', 'src-shared', 'src-renderer', 'e2e');
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.code).toBe(0);
  });

  it('fails on msrp importing sip, on a type-only import, and on electron outside the shell', async () => {
    mkdirSync(probeDir, { recursive: true });
    writeFileSync(join(probeDir, 'value-import.ts'), "import { app } from 'electron';\nexport const a = app;\n");
    writeFileSync(join(probeDir, 'type-import.ts'), "import type { SipProbe } from '../../sip/probe-target';\nexport type B = SipProbe;\n");
    mkdirSync(join(root, 'src-main', 'sip'), { recursive: true });
    const target = join(root, 'src-main', 'sip', 'probe-target.ts');
    writeFileSync(target, 'export interface SipProbe { x: number }\n');
    try {
      const result = await cruise(probeDir, target);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/only-the-shell-imports-electron: src-main\/msrp\/violation-probe-\d+\/value-import\.ts/);
      expect(result.output).toMatch(/msrp-is-a-leaf: src-main\/msrp\/violation-probe-\d+\/type-import\.ts → src-main\/sip\/probe-target\.ts/);
    } finally {
      rmSync(target, { force: true });
    }
  });
});
