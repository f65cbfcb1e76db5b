// Installing tfjs-node (without its install script) into a folder of ae's cache. ae cannot
// list tfjs-node as a dependency: its install script downloads libtensorflow from Google's
// storage and fails the whole `npm install` where that host is out of reach (docs/decisions.md).
import fs from 'node:fs';
import path from 'node:path';
import { failureLine, run } from './files.js';
import type { Env } from './cache.js';

/** npm settings a user may rely on to reach their registry; every other npm_* variable is dropped. */
const KEPT_NPM_SETTINGS =
  /^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile|offline|prefer_offline|@.*:registry|\/\/.*)$/i;

/**
 * The environment for the npm child. When ae runs under npx or `npm run`, npm exports its own
 * state (npm_config_global, npm_config_prefix, npm_command, …); inherited, it would install
 * into the wrong place.
 */
export function npmChildEnv(env: Env): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries(env)) {
    if (!/^npm_/i.test(k) || KEPT_NPM_SETTINGS.test(k)) out[k] = v;
  }
  return out;
}

/** How to run npm: the npm that started ae (npx, npm run), else the one bundled with this Node, else PATH's. */
export function npmCommand(env: Env, execPath: string): [string, string[]] {
  const candidates = [
    env.npm_execpath,
    path.join(path.dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  for (const c of candidates) {
    if (c && /npm-cli\.c?js$/.test(c) && fs.existsSync(c)) return [execPath, [c]];
  }
  return ['npm', []];
}

/** `npm install --ignore-scripts @tensorflow/tfjs-node@VERSION` into `prefix` (a fresh folder). */
export async function installTfjsNode(prefix: string, version: string, env: Env): Promise<void> {
  fs.mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up to a project above the cache folder.
  fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: 'ae-native', private: true }) + '\n');
  const [cmd, pre] = npmCommand(env, process.execPath);
  const args = [
    ...pre,
    'install',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--no-save',
    '--no-package-lock',
    '--loglevel=error',
    `@tensorflow/tfjs-node@${version}`,
  ];
  const res = await run(cmd, args, { cwd: prefix, env: npmChildEnv(env), timeoutMs: 15 * 60_000 });
  if (res.code !== 0) throw new Error(`npm install @tensorflow/tfjs-node@${version} failed: ${failureLine(res.out)}`);
}
