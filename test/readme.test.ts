// The README's and the docs' walk-through runs as written: every ```sh block of README.md and of
// each docs/*.md page, pages in reading order, in one fresh folder —
// `ae` on PATH (the clone's bin/ae.js, as an installed command would be) and `node bin/ae.js`
// working as in a clone — so the text cannot drift from what ae does. Skipped, each with its
// reason: installs and the test commands themselves (.ci/run and `npm run test:install` run
// them), a block that installs from pip's index, and a template with placeholders. One change is made: `tail -f` follows a file forever,
// so it reads the file once (`tail -n +1`, still streamed through the pipe).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from './helpers/files.js';
import { serversMissing } from './helpers/prometheus.js';

const root = process.cwd();
/** The pages in reading order (later blocks use files earlier ones made). */
const PAGES = [
  'README.md',
  'docs/install.md',
  'docs/cli.md',
  'docs/reading-csv.md',
  'docs/thresholds.md',
  'docs/formats.md',
  'docs/monitoring.md',
  'docs/benchmarks.md',
  'docs/scaling-out.md',
  'docs/library.md',
  'docs/performance.md',
  'docs/architecture.md',
  'docs/decisions.md',
];
const text = (page: string) => fs.readFileSync(path.join(root, page), 'utf8');
const blocks = PAGES.flatMap((page) =>
  [...text(page).matchAll(/```sh\n([^]*?)```/g)].map((m) => ({ page, code: m[1]! })),
);

const SKIPS: [RegExp, string][] = [
  [/^\s*npm /m, 'installs and test runs: .ci/run and npm run test:install run them'],
  [/pip install/, "pip's index (the network) and minutes: statsmodels for the El Niño data"],
  [/\bFILE\b/, 'a template: FILE and P stand for a NAB file and its probationary length (npm run bench:nab runs it)'],
];

/** Why the Prometheus walk-through cannot run here (fails instead under AE_REQUIRE_PROMETHEUS=1). */
function prometheusMissing(): string | undefined {
  try {
    return serversMissing() ?? undefined;
  } catch (err) {
    return undefined; // required: run it, and let it fail on the missing servers
  }
}

const dir = tempDir();
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
fs.symlinkSync(path.join(root, 'bin', 'ae.js'), path.join(bin, 'ae.js'));
fs.writeFileSync(
  path.join(bin, 'ae'),
  `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, 'bin', 'ae.js')}" "$@"\n`,
);
fs.chmodSync(path.join(bin, 'ae'), 0o755);

test('the README and the docs have their walk-through blocks, and every docs page is read', () => {
  assert.ok(blocks.length >= 6, `${blocks.length} sh blocks`);
  const pages = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));
  assert.deepEqual(pages.map((f) => `docs/${f}`).sort(), PAGES.filter((p) => p.startsWith('docs/')).sort());
});

test('links between the pages resolve', () => {
  for (const page of PAGES) {
    for (const m of text(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
      const at = path.join(root, path.dirname(page), target);
      assert.ok(fs.existsSync(at), `${page}: the link to ${target} goes nowhere`);
    }
  }
});

blocks.forEach(({ page, code: block }, i) => {
  const first = block
    .trim()
    .split('\n')[0]!
    .replace(/\s+#.*$/, '');
  const skip =
    SKIPS.find(([re]) => re.test(block))?.[1] ?? (/\bpromtool\b/.test(block) ? prometheusMissing() : undefined);
  test(`${page} block ${i + 1}: ${first}`, { skip: skip ?? false, timeout: 10 * 60_000 }, () => {
    const script = block.replace(/\btail -n \+1 -f\b/g, 'tail -n +1').replace(/\btail -f\b/g, 'tail -n +1');
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' },
      timeout: 10 * 60_000,
    });
    assert.equal(r.status, 0, `block ${i + 1} failed:\n${script}\n--- stderr:\n${r.stderr.slice(-3000)}`);
    assert.doesNotMatch(r.stderr, /ae: error/);
  });
});

test('every flag the pages name is a flag of some ae command (or one of another tool, listed)', () => {
  const commands = [
    '',
    'info',
    'setup',
    'generate sines',
    'generate metrics',
    'train mnist',
    'train',
    'scan',
    'watch',
    'report',
    'export',
  ];
  const known = new Set<string>();
  for (const c of commands) {
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'ae.js'), ...c.split(' ').filter(Boolean), '--help'],
      {
        encoding: 'utf8',
      },
    );
    for (const m of r.stdout.matchAll(/--[a-z][a-z0-9-]*/g)) known.add(m[0]);
  }
  const OTHERS: Record<string, string> = {
    '--ignore-scripts': 'npm',
    '--include': 'npm',
    '--import': 'node',
    '--test': 'node',
    '--no-deps': 'pip',
    '--long-rows': 'npm run bench',
    '--mb': 'npm run bench',
    '--repeats': 'npm run bench',
    '--skip': 'npm run bench',
    '--nab': 'npm run bench:nab',
    '--variant': 'npm run bench:nab',
    '--ucr-max-length': 'npm run bench:detect',
    '--only': 'npm run bench:detect',
    '--data': 'npm run bench:detect',
    '--flags': 'npm run bench:detect',
    '--entities': 'npm run bench:detect',
    '--storage': 'prometheus, prometheus-alertmanager (--storage.tsdb.path, --storage.path)',
    '--config': 'prometheus, prometheus-alertmanager (--config.file)',
    '--web': 'prometheus, prometheus-alertmanager (--web.listen-address)',
    '--cluster': 'prometheus-alertmanager (--cluster.listen-address)',
    '--address': 'examples/ray/scan.py',
    '--format': 'examples/ray/scan.py',
    '--num-cpus': 'examples/ray/scan.py',
    '--ensemble': 'an experiment the benchmarks page reports, since removed',
    '--no': 'the text "--no-X"',
    '--no-': 'the text "--no-X"',
  };
  const unknown = new Set<string>();
  for (const page of PAGES) {
    for (const m of text(page).matchAll(/(?:^|[^a-zA-Z0-9-])(--[a-z][a-z0-9-]*)/gm)) {
      if (!known.has(m[1]!) && OTHERS[m[1]!] === undefined) unknown.add(`${page}: ${m[1]}`);
    }
  }
  assert.deepEqual([...unknown], [], 'flags named in the docs that no command has');
});
