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
const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// JavaScript for everything, then declarations for the library's entry point only: the CLI's
// commander types (inferred through extra-typings) are costly to print and nobody imports them.
for (const config of ['tsconfig.build.json', 'tsconfig.types.json']) {
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(root, config)], { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
