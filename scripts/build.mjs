#!/usr/bin/env node
// `prepare` (npm ci in a clone, and again whenever npx links the clone into its cache): builds
// dist/ only when a source or tsconfig file is newer than the last build, so a first `npx ae`
// does not spend ten seconds recompiling an up-to-date tree. `--force` always builds (prepack:
// a package never ships a stale dist/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newestSource() {
  const files = ['package.json', 'tsconfig.base.json', 'tsconfig.build.json', 'tsconfig.types.json'].map((f) =>
    path.join(root, f),
  );
  for (const f of fs.readdirSync(path.join(root, 'src'), { recursive: true }))
    files.push(path.join(root, 'src', String(f)));
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

const force = process.argv.includes('--force');
if (!force && fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestSource()) process.exit(0);
const tsc = findTsc() ?? installBuildTools();
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// JavaScript for everything, then declarations for the library's entry point only: the CLI's
// commander types (inferred through extra-typings) are costly to print and nobody imports them.
for (const config of ['tsconfig.build.json', 'tsconfig.types.json']) {
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(root, config)], { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);

function findTsc() {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

/**
 * `npm install -g .` in a fresh clone runs this before any dependency is installed: install the
 * clone's own packages (the build tools among them, as `npm ci` would; install scripts skipped,
 * the native backend is provisioned at run time anyway), then build.
 */
function installBuildTools() {
  console.error("ae build: typescript is not installed here; installing the clone's dependencies first (npm ci)");
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm ? [process.execPath, [npm]] : ['npm', []];
  const res = spawnSync(cmd, [...args, 'ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_global: 'false', npm_config_prefix: '' },
  });
  if (res.status !== 0) {
    console.error('ae build: npm ci failed; run `npm ci` in the clone, then install again');
    process.exit(res.status ?? 1);
  }
  const found = findTsc();
  if (!found) {
    console.error('ae build: typescript is still missing after npm ci');
    process.exit(1);
  }
  return found;
}
