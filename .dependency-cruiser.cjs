/**
 * The one-way dependency rules of DESIGN.md, enforced in CI (`npm run check:deps`).
 * The swc parser is required: with TypeScript 7 alone dependency-cruiser sees no modules and passes silently.
 * e2e/checks/dependency-rules.test.ts proves that a violation makes this check fail.
 */
const NODE_BUILTIN = '^(node:|(assert|buffer|child_process|crypto|dgram|dns|events|fs|http|https|net|os|path|process|stream|tls|url|util|worker_threads|zlib)(/|$))';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'msrp-is-a-leaf',
      comment: 'src-main/msrp never imports sip/, services/, host/, electron/ or the renderer (DESIGN.md).',
      severity: 'error',
      from: { path: '^src-main/msrp/' },
      to: { path: '^(src-main/(sip|services|host|electron|preload)/|src-renderer/)' },
    },
    {
      name: 'sip-is-a-leaf',
      comment: 'src-main/sip never imports msrp/, services/, host/, electron/ or the renderer (DESIGN.md).',
      severity: 'error',
      from: { path: '^src-main/sip/' },
      to: { path: '^(src-main/(msrp|services|host|electron|preload)/|src-renderer/)' },
    },
    {
      name: 'only-the-shell-imports-electron',
      comment: 'Only src-main/electron and src-main/preload import electron; everything else runs under plain Node.',
      severity: 'error',
      from: { pathNot: '^src-main/(electron|preload)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'services-not-to-adapters',
      comment: 'services/ are adapter-agnostic: they never import host/ or electron/.',
      severity: 'error',
      from: { path: '^src-main/(services|common|sip|msrp)/' },
      to: { path: '^src-main/(host|electron|preload)/' },
    },
    {
      name: 'renderer-and-shared-are-browser-code',
      comment: 'src-renderer/ and src-shared/ never import node:*, electron or src-main/.',
      severity: 'error',
      from: { path: '^src-(renderer|shared)/' },
      to: { path: [NODE_BUILTIN, '^src-main/', '^electron$', 'node_modules/electron/'] },
    },
    {
      name: 'renderer-builtins',
      comment: 'src-renderer/ and src-shared/ never import node builtins.',
      severity: 'error',
      from: { path: '^src-(renderer|shared)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-is-pure',
      comment: 'src-shared/ imports nothing from the renderer or main.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^src-(renderer|main)/' },
    },
    {
      name: 'renderer-ipc-only-in-bridge',
      comment: 'Only src-renderer/src/bridge touches the IPC adapter (window.parley).',
      severity: 'error',
      from: { path: '^src-renderer/', pathNot: '^src-renderer/src/bridge/' },
      to: { path: '^src-renderer/src/bridge/adapters/' },
    },
    {
      name: 'product-code-not-to-tests',
      comment:
        'Product code never imports e2e/ or test files. Benchmarks (src-main/bench) are dev scripts that start the ' +
        'same loopback peers as the tests (Kamailio, Xvfb, x11vnc), so they may use e2e/peers.',
      severity: 'error',
      from: { path: '^src-', pathNot: '\\.test\\.tsx?$|/test-support/|^src-main/bench/' },
      to: { path: '^e2e/|\\.test\\.tsx?$|/test-support/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|build-types)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
