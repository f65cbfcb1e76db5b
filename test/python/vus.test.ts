// bench:detect's VUS-PR (bench/detect/vus.py): its cumulative-sum form against a plain loop over
// thresholds and buffers written from the definition, and the values it must give on clear cases.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { python } from './helpers.js';

const DETECT = path.resolve('bench/detect');

const SCRIPT = `
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import vus

def plain(labels, score, window, thresholds=250):
    # For each buffer length b and threshold t, directly: predicted rows, the ramped labels,
    # range recall (true rows count 1, buffer rows their ramp when predicted), existence.
    n = len(score); segs = vus.segments(labels); P = labels.sum()
    ts = np.sort(score)[::-1][np.linspace(0, n - 1, thresholds).astype(int)]
    aps = []
    for b in range(window + 1):
        ramp = np.zeros(n)
        for s, e in segs:
            for i in range(max(s - b // 2, 0), s): ramp[i] = min(1, ramp[i] + np.sqrt(1 - (s - i) / b))
            for i in range(e + 1, min(e + b // 2 + 1, n)): ramp[i] = min(1, ramp[i] + np.sqrt(1 - (i - e) / b))
        ramp[labels > 0] = 0
        regions = vus.merged_regions(n, segs, b)
        prev, ap = 0.0, 0.0
        for t in ts:
            pred = score >= t
            tp = pred[labels > 0].sum() + (ramp * pred).sum()
            found = sum(1 for s, e in regions if pred[s:e + 1].any()) / len(regions)
            tpr = min(tp / ((2 * P + (ramp * pred).sum()) / 2), 1) * found
            ap += (tpr - prev) * tp / pred.sum()
            prev = tpr
        aps.append(ap)
    return float(np.mean(aps))

rng = np.random.default_rng(7)
diffs = []
for case in range(3):
    n = 1500
    labels = np.zeros(n, int)
    for s in rng.integers(20, n - 80, 4): labels[s:s + rng.integers(1, 40)] = 1
    score = rng.random(n) + labels * 0.6
    if case == 2: score = np.round(score, 1)  # ties
    diffs.append(abs(vus.vus_pr(labels, score, 12) - plain(labels, score, 12)))
labels = np.zeros(200, int); labels[50:60] = 1
perfect = vus.vus_pr(labels, labels + 0.001 * np.arange(200) / 200, 0)
reversed_ = vus.vus_pr(labels, -labels.astype(float) + 0.001 * np.arange(200) / 200, 0)
season = np.sin(np.arange(3000) * 2 * np.pi / 50)
print(json.dumps({'diffs': diffs, 'perfect': perfect, 'reversed': reversed_,
                  'period': vus.sliding_window(season), 'noise': vus.sliding_window(rng.random(3000))}))
`;

test('VUS-PR equals the plain loop over thresholds and buffers, ties included', () => {
  const r = python<{ diffs: number[]; perfect: number; reversed: number; period: number; noise: number }>(SCRIPT, [
    DETECT,
  ]);
  for (const d of r.diffs) assert.ok(d < 1e-9, `differs by ${d}`);
  assert.ok(Math.abs(r.perfect - 1) < 1e-9, `a perfect ranking scores ${r.perfect}`);
  assert.ok(r.reversed < 0.1, `a reversed ranking scores ${r.reversed}`);
  assert.equal(r.period, 50, 'the window is the period of a seasonal series');
  assert.ok(r.noise === 125 || r.noise <= 300, 'noise: a window in the rule’s bounds');
});
