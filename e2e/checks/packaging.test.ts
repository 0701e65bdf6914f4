/**
 * Packaging smoke test, offline. The real installers (deb, AppImage, dmg, nsis) need downloads and other
 * operating systems (README "Packaging"); what CAN be proven here is what electron-builder puts in the app:
 *
 * 1. The bundles are built into a temporary app folder (`npm run build -- --outDir …`), never into the
 *    repository's out/, which other checks build and load at the same time.
 * 2. electron-builder assembles the app with the repository's electron-builder.yml and `--linux dir`. No
 *    Electron binary exists here, so `-c.electronDist` points at a stand-in: a folder holding an executable
 *    placeholder named `electron` (all that the `dir` target copies and renames). The config file stays clean.
 * 3. `dir` writes no .desktop file, so an afterPack hook asks electron-builder's own LinuxTargetHelper for
 *    the entry the deb and AppImage targets would write, and resolves the icons each platform would use.
 * 4. The asar is read with @electron/asar (electron-builder's own dependency).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const require = createRequire(import.meta.url);

interface Probe {
  readonly desktop: string;
  readonly desktopFileName: string;
  readonly icons: readonly { file: string; size: number }[];
  readonly icns: readonly { file: string }[];
  readonly ico: readonly { file: string; size: number }[];
}

let temp: string;
let appDir: string;
let unpacked: string;
let asarPath: string;
let entries: string[];
let probe: Probe;

/** Runs a command; on failure, throws with everything it printed (the reason is in electron-builder's output). */
async function runLoudly(command: string, args: readonly string[], cwd: string): Promise<void> {
  try {
    await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${message}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
  }
}

/** Every file below `dir`, as paths relative to it. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

const PROBE_HOOK = (helperPath: string, outFile: string): string => `
const { writeFile } = require('node:fs/promises');
const { LinuxTargetHelper } = require(${JSON.stringify(helperPath)});
exports.default = async function probe(context) {
  const packager = context.packager;
  const helper = new LinuxTargetHelper(packager);
  const result = {
    desktop: await helper.computeDesktopEntry(packager.platformSpecificBuildOptions),
    desktopFileName: helper.getDesktopFileName(),
    icons: await helper.icons,
    icns: await packager.resolveIcon([packager.config.mac.icon], [], 'icns'),
    ico: await packager.resolveIcon([packager.config.win.icon], [], 'ico'),
  };
  await writeFile(${JSON.stringify(outFile)}, JSON.stringify(result));
};
`;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'parley-packaging-'));
  appDir = join(temp, 'app');
  mkdirSync(appDir);
  // The project as electron-builder sees it: the manifest, the lockfile (its dependency walk), the installed
  // modules and the build resources (icons) by link, and the freshly built bundles.
  cpSync(join(root, 'package.json'), join(appDir, 'package.json'));
  cpSync(join(root, 'package-lock.json'), join(appDir, 'package-lock.json'));
  symlinkSync(join(root, 'node_modules'), join(appDir, 'node_modules'), 'junction');
  symlinkSync(join(root, 'src-main'), join(appDir, 'src-main'), 'junction');
  await runLoudly('npm', ['run', 'build', '--', '--outDir', join(appDir, 'out')], root);

  const electronDist = join(temp, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });

  const probeFile = join(temp, 'probe.json');
  const hook = join(temp, 'probe-hook.cjs');
  writeFileSync(hook, PROBE_HOOK(require.resolve('app-builder-lib/out/targets/LinuxTargetHelper.js'), probeFile));

  const output = join(temp, 'dist');
  await runLoudly(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--projectDir',
      appDir,
      '--config',
      join(root, 'electron-builder.yml'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      `-c.afterPack=${hook}`,
    ],
    root,
  );
  unpacked = join(output, 'linux-unpacked');
  asarPath = join(unpacked, 'resources', 'app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
  probe = JSON.parse(readFileSync(probeFile, 'utf8')) as Probe;
}, 120_000);

afterAll(() => {
  if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
});

const readAsarText = (path: string): string => extractFile(asarPath, path).toString('utf8');

describe('the packaged app (electron-builder --linux dir)', () => {
  it('holds the main, preload and renderer bundles, and every asset the page references', () => {
    expect(entries).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/preload.cjs', '/out/renderer/index.html']));
    const html = readAsarText('out/renderer/index.html');
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((match) => `/out/renderer/${match[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    expect(entries).toEqual(expect.arrayContaining(assets));
  });

  it("has a package.json whose main entry is a file inside the asar, with the desktop name Linux needs", () => {
    const manifest = JSON.parse(readAsarText('package.json')) as { main?: string; type?: string; desktopName?: string };
    expect(manifest.main).toBeDefined();
    const main = `/${posix.normalize(String(manifest.main))}`;
    expect(entries).toContain(main);
    expect(extractFile(asarPath, main.slice(1)).length).toBeGreaterThan(1000);
    expect(manifest.type).toBe('module');
    expect(manifest.desktopName).toBe(`${probe.desktopFileName}.desktop`);
  });

  it('ships only out/, package.json and production node_modules, including every package the main bundle imports', () => {
    const topLevel = new Set(entries.map((entry) => entry.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const packages = new Set(
      entries
        .filter((entry) => /^\/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(entry))
        .map((entry) => entry.slice('/node_modules/'.length, -'/package.json'.length)),
    );
    for (const devOnly of ['electron', 'electron-builder', 'vite', 'vitest', 'typescript', '@playwright/test', 'node']) {
      expect(packages.has(devOnly), devOnly).toBe(false);
    }
    const main = readAsarText('out/main/index.js');
    const imported = new Set(
      // Static imports stand at the start of a line in the bundle; dynamic ones are calls. Anchoring keeps
      // bundled code that merely contains the word `from` (a CPIM header name, say) from counting as an import.
      [
        ...main.matchAll(/^\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"'./][^"']*)["']/gm),
        ...main.matchAll(/^\s*import\s*["']([^"'./][^"']*)["']/gm),
        ...main.matchAll(/\b(?:import|require)\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g),
      ]
        .map((match) => match[1] as string)
        .filter((specifier) => !specifier.startsWith('node:') && specifier !== 'electron')
        .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')),
    );
    expect(imported.size).toBeGreaterThan(0);
    for (const name of imported) expect(packages.has(name), `${name} is imported by the main bundle`).toBe(true);
  });

  it('contains no native addon anywhere in the app', () => {
    const inAsar = entries.filter((entry) => entry.endsWith('.node'));
    const onDisk = walk(unpacked).filter((entry) => entry.endsWith('.node'));
    expect([...inAsar, ...onDisk]).toEqual([]);
  });

  it('names the executable after linux.executableName', () => {
    expect(readdirSync(unpacked).sort()).toEqual(['parley', 'resources']);
  });

  it('declares sip: and sips: in the desktop entry the deb and AppImage targets write', () => {
    const lines = probe.desktop.split('\n');
    expect(lines).toContain('MimeType=x-scheme-handler/sip;x-scheme-handler/sips;');
    expect(lines).toContain('Categories=Network;InstantMessaging;');
    expect(lines).toContain(`StartupWMClass=${probe.desktopFileName}`);
    // %U hands the clicked sip: URL to the app.
    expect(lines.find((line) => line.startsWith('Exec='))).toMatch(/ %U$/);
  });

  it("uses Parley's own icons on every platform, not Electron's defaults", () => {
    const resources = join(appDir, 'src-main', 'electron', 'resources');
    expect(probe.icons.map((icon) => icon.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const icon of probe.icons) expect(icon.file.startsWith(join(resources, 'icons'))).toBe(true);
    expect(probe.icns.map((icon) => icon.file)).toEqual([join(resources, 'icon.icns')]);
    expect(probe.ico).toEqual([{ file: join(resources, 'icon.ico'), size: 256 }]);
  });
});
