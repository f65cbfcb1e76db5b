// Versions: the package's own, and those of every file format ae writes. A format's version
// changes only when a reader of the old one would misread the new one (docs/formats.md).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const AE_VERSION: string = pkg.version;

/** Version of the JSON documents ae prints (`--json`, `--ndjson`, metrics.json, flagged.json). */
export const OUTPUT_FORMAT_VERSION = 3;

/**
 * Version of a model bundle's `ae.json`. Readers refuse bundles newer than they know. 2: its
 * columns may be counters (read as their increase); 3: its score may be `relative` (per-metric
 * training errors in `relative`); 4: its windows may be centred (`input.window.center`: the
 * network reads each window less its level); 5: its score may be `relative-mae` (per-metric
 * absolute errors); 6: its windows may hold each length once per member of an ensemble
 * (`input.window.ensemble`); 7: its score may fuse a train discord (`discord`, discord.bin). A
 * bundle is written with the oldest version that describes it.
 */
export const BUNDLE_FORMAT_VERSION = 7;
