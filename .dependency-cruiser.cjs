// The architecture, as rules `npm test` checks (npm run lint:deps). Layers, top to bottom:
//   cli → report → scan (the scan pipeline and Detector) → model → detect → (errors/version)
//   model → data, native;  data → io
// errors.ts and version.ts are leaves anyone may import. Only src/cli/ may use the libraries
// that talk to a terminal (commander, chalk, cli-progress).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-does-not-import-cli',
      comment: 'the core is a library: it must not depend on the command line',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-cli-talks-to-the-terminal',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: 'node_modules/(commander|@commander-js|chalk|cli-progress)/' },
    },
    {
      name: 'detect-is-pure',
      comment: 'thresholds, statistics and metrics work on plain arrays: no TensorFlow, no files',
      severity: 'error',
      from: { path: '^src/detect/' },
      to: { path: ['^src/(model|data|report|native|io)/', 'node_modules/@tensorflow/', '^(fs|node:fs)$'] },
    },
    {
      name: 'data-below-model-and-detect',
      severity: 'error',
      from: { path: '^src/data/' },
      to: { path: '^src/(model|detect|report|native)/' },
    },
    {
      name: 'model-below-report',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/report/' },
    },
    {
      name: 'report-does-not-run-models',
      comment:
        'reports draw results they are given (time-columns.ts is a pure text rule: the report reads ids as times as the reader does)',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(model|native|data)/', pathNot: '^src/data/time-columns\\.ts$' },
    },
    {
      name: 'scan-command-is-thin',
      comment:
        "ae scan's and ae watch's command code turns flags into one plan for the core (src/scan/) and writes what comes back: " +
        'it reads, scores, thresholds, merges intervals and computes metrics through nothing but the core',
      severity: 'error',
      from: { path: '^src/cli/commands/(scan|watch)' },
      to: { path: '^src/(model|detect|data|native)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'scan-core-is-a-library',
      comment: 'the scan pipeline returns results; drawing and writing them out is for report/ and cli/',
      severity: 'error',
      from: { path: '^src/scan/' },
      to: { path: '^src/(cli|report)/' },
    },
    {
      name: 'leaves-stay-leaves',
      comment: 'io/ and native/ are utilities: they import nothing of ae but errors',
      severity: 'error',
      from: { path: '^src/(io|native)/' },
      to: { path: '^src/(cli|data|model|detect|report)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
