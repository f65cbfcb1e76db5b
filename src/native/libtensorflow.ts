// Where a libtensorflow can come from, and how one is laid into tfjs-node's deps/ folder.
// tfjs-node 4.x links against libtensorflow.so.2 / libtensorflow_framework.so.2 from
// <tfjs-node>/deps/lib (an $ORIGIN-relative rpath), and compiles against deps/include.
import fs from 'node:fs';
import path from 'node:path';
import { failureLine, linkOrCopy, linkTree, run, type RunOptions } from './files.js';

/** The names tfjs-node's binding.gyp and loader ask for (-ltensorflow -ltensorflow_framework). */
const LEGACY_VERSION = '2.9.1';

export interface Layout {
  lib: string;
  include: string;
}

/**
 * Finds the lib and include folders of a libtensorflow. Two layouts: the official tarball
 * (lib/libtensorflow.so*, include/) and a TensorFlow wheel or pip-installed package
 * (libtensorflow_cc.so.2 beside include/).
 */
export function resolveLayout(dir: string): Layout | null {
  const candidates = [
    { lib: path.join(dir, 'lib'), include: path.join(dir, 'include') },
    { lib: dir, include: path.join(dir, 'include') },
  ];
  for (const c of candidates) {
    if (!fs.existsSync(path.join(c.include, 'tensorflow', 'c', 'c_api.h'))) continue;
    const files = fs.existsSync(c.lib) ? fs.readdirSync(c.lib) : [];
    if (files.some((f) => /^libtensorflow(_cc)?\.so/.test(f) || /^libtensorflow.*\.dylib$/.test(f))) return c;
  }
  return null;
}

/**
 * Lays libtensorflow into `depsDir` (replacing it): real files hard-linked, plus the legacy
 * names the addon links against, as relative symlinks to the real ones.
 */
export function installIntoDeps({ lib, include }: Layout, depsDir: string): void {
  fs.rmSync(depsDir, { recursive: true, force: true });
  const libOut = path.join(depsDir, 'lib');
  fs.mkdirSync(libOut, { recursive: true });
  for (const name of fs.readdirSync(lib)) {
    if (!name.startsWith('libtensorflow')) continue;
    const from = path.join(lib, name);
    const stat = fs.lstatSync(from);
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), path.join(libOut, name));
    else if (stat.isFile()) linkOrCopy(from, path.join(libOut, name));
  }
  const alias = (real: string, base: string) => {
    if (!fs.existsSync(path.join(libOut, real))) return;
    for (const name of [`${base}.so`, `${base}.so.2`, `${base}.so.${LEGACY_VERSION}`]) {
      if (!fs.existsSync(path.join(libOut, name))) fs.symlinkSync(real, path.join(libOut, name));
    }
  };
  alias('libtensorflow_cc.so.2', 'libtensorflow');
  alias('libtensorflow_framework.so.2', 'libtensorflow_framework');
  linkTree(include, path.join(depsDir, 'include'));
}

/** Unpacks a libtensorflow tarball (official layout) into `dest`, atomically. */
export async function unpackTarball(tarball: string, dest: string, opts: RunOptions): Promise<void> {
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const res = await run('tar', ['-xzf', path.resolve(tarball), '-C', tmp], opts);
  if (res.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`tar failed: ${failureLine(res.out)}`);
  }
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(tmp, dest);
}

/** The headers the addon needs, found by following #include "…" from its own includes. */
const ROOT_HEADERS = [
  'tensorflow/c/c_api.h',
  'tensorflow/c/eager/c_api.h',
  'tensorflow/c/tf_datatype.h',
  'tensorflow/c/tf_status.h',
  'tensorflow/c/tf_tensor.h',
  'tensorflow/core/platform/ctstring_internal.h',
];

// Python reads the wheel (a zip): it is on every machine that has pip, and it streams members
// out without unpacking the whole 270 MB archive or its 270 MB of unrelated headers.
const EXTRACT_PY = `
import sys, zipfile, re, os, shutil
whl, out, roots = sys.argv[1], sys.argv[2], sys.argv[3].split(',')
z = zipfile.ZipFile(whl)
names = set(z.namelist())
P = 'tensorflow/include/'
seen, todo = set(), list(roots)
while todo:
    h = todo.pop()
    if h in seen or P + h not in names: continue
    seen.add(h)
    todo += re.findall(r'#include\\s+"([^"]+)"', z.read(P + h).decode('utf-8', 'replace'))
def put(member, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with z.open(member) as src, open(dest, 'wb') as dst: shutil.copyfileobj(src, dst, 1 << 20)
for lib in ('libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'):
    put('tensorflow/' + lib, os.path.join(out, 'lib', lib))
for h in sorted(seen):
    put(P + h, os.path.join(out, 'include', h))
print(len(seen), 'headers')
`;

/** Extracts the two shared libraries and the needed headers from a TensorFlow wheel into `dest`. */
export async function extractWheel(wheel: string, dest: string, opts: RunOptions): Promise<void> {
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const res = await run('python3', ['-c', EXTRACT_PY, wheel, tmp, ROOT_HEADERS.join(',')], opts);
  if (res.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`extracting the wheel failed: ${failureLine(res.out)}`);
  }
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(tmp, dest);
}
