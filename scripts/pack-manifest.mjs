#!/usr/bin/env node
// The packed package.json carries no install-time script. `prepare` builds dist/ in a clone
// (`npm ci`, `npm install -g .`); a tarball ships dist/ built, so its `prepare` would never run
// and npm 11 still warns about it ("not covered by allowScripts"). `prepack` (after building)
// takes it out of package.json, `postpack` puts the file back byte for byte. A pack that dies
// between the two leaves package.json.packing beside package.json; the next run restores it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'package.json');
const kept = path.join(root, 'package.json.packing');
const step = process.argv[2];

if (fs.existsSync(kept)) fs.renameSync(kept, file); // an earlier pack that did not finish
if (step === 'strip') {
  const text = fs.readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  fs.writeFileSync(kept, text);
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
} else if (step !== 'restore') {
  console.error('usage: pack-manifest.mjs strip|restore');
  process.exit(2);
}
