// The likelihood: in [0, 1], monotone in the score for a fixed history, calibrated on normal
// data (a share of about 1 − x reaches x), not saturated at the training maximum; incidents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentTracker } from '../../src/detect/incidents.js';
import { Likelihood, likelihoodPrior, logLikelihood, upperTail } from '../../src/detect/likelihood.js';
import { createRng } from '../../src/data/rng.js';

/** An MSE of 64 standard normal errors: what a window model's score on normal data looks like. */
function noiseScores(n: number, seed: number): number[] {
  const rand = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Array.from({ length: n }, () => {
    let s = 0;
    for (let j = 0; j < 64; j++) s += gauss() ** 2;
    return s / 64;
  });
}

test('the normal tail is exact where it matters', () => {
  assert.ok(Math.abs(upperTail(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(upperTail(3.090232) - 0.001) / 0.001 < 1e-4);
  assert.ok(Math.abs(upperTail(6.361341) - 1e-10) / 1e-10 < 1e-3);
  assert.ok(Math.abs(upperTail(-2) - (1 - upperTail(2))) < 1e-7);
  assert.equal(logLikelihood(1e-10), 1);
  assert.ok(Math.abs(logLikelihood(0.001) - 0.3) < 1e-9);
});

test('likelihood is in [0, 1] and calibrated on noise: about 0.1 % of scores reach 0.999', () => {
  const scores = noiseScores(60_000, 1);
  const l = new Likelihood(undefined, likelihoodPrior(scores.slice(0, 1000)));
  const values = scores.map((s) => l.next(s).likelihood);
  assert.ok(values.every((v) => v >= 0 && v <= 1));
  const share = (x: number) => values.filter((v) => v >= x).length / values.length;
  assert.ok(share(0.999) > 0.0002 && share(0.999) < 0.004, `share ≥ 0.999: ${share(0.999)}`);
  assert.ok(share(0.9) > 0.05 && share(0.9) < 0.16, `share ≥ 0.9: ${share(0.9)}`);
  assert.ok(Math.abs(share(0.5) - 0.5) < 0.08, `share ≥ 0.5: ${share(0.5)}`);
});

test('monotone in the score for a fixed history, and no saturation at the training maximum', () => {
  const history = noiseScores(500, 2);
  const prior = likelihoodPrior(history);
  const max = Math.max(...history);
  const at = (s: number) => {
    const l = new Likelihood(undefined, prior);
    for (const h of history) l.next(h);
    return l.next(s);
  };
  const probes = [0.5, 1, max, 2 * max, 5 * max];
  const tails = probes.map((s) => at(s).tail);
  for (let i = 1; i < tails.length; i++)
    assert.ok(tails[i]! < tails[i - 1]!, `tail falls as the score grows: ${tails}`);
  assert.ok(tails.at(-1)! < tails[2]! / 10, 'far above the training maximum is far more unusual than at it');
});

test('a level shift is absorbed by the rolling history; a constant series is not an alarm', () => {
  const l = new Likelihood({ average: 10, history: 500, minSamples: 100, minStd: 0.05, clip: 4, adopt: 0 }, null);
  const base = noiseScores(3000, 3);
  const values = base.map((s, i) => l.next(i < 1000 ? s : 3 * s).likelihood);
  assert.ok(Math.max(...values.slice(1000, 1020)) > 0.999, 'the shift is unusual when it comes');
  assert.ok(values.slice(2000).filter((v) => v >= 0.999).length < 20, 'and usual 1000 samples later');
  const flat = new Likelihood(undefined, null);
  const fl = Array.from({ length: 500 }, () => flat.next(0.25).likelihood);
  assert.ok(
    fl.every((v) => v <= 0.5),
    'identical scores are never unusual',
  );
});

test('a 10-row spike is one incident; flagged records further apart than the gap are two', () => {
  const t = new IncidentTracker({ gap: 3, cooldown: 0 });
  const marks: (string | null)[] = [];
  for (let i = 0; i < 60; i++) {
    const flagged = (i >= 10 && i < 20 && i % 3 !== 0) || i === 40 ? ('high' as const) : null;
    marks.push(t.step({ position: i, flagged, start: i, end: i + 1, score: flagged ? 5 : 1, likelihood: null }));
  }
  t.finish();
  assert.equal(t.incidents.length, 2);
  assert.deepEqual(
    { start: t.incidents[0]!.start, end: t.incidents[0]!.end, flagged: t.incidents[0]!.flagged },
    { start: 10, end: 20, flagged: 7 },
  );
  assert.equal(marks[10], 'start');
  assert.equal(marks.indexOf('end'), 23, 'over once the gap of 3 has passed after row 19');
  assert.equal(marks[40], 'start');
  const touching = new IncidentTracker({ gap: 0, cooldown: 0 });
  for (const i of [5, 6, 7, 9])
    touching.step({ position: i, flagged: 'high', start: i, end: i + 1, score: 1, likelihood: null });
  assert.equal(touching.incidents.length, 2, 'gap 0: consecutive records are one incident, a record between makes two');
  const cool = new IncidentTracker({ gap: 0, cooldown: 10 });
  for (const i of [0, 5, 20])
    cool.step({ position: i, flagged: 'high', start: i, end: i + 1, score: 1, likelihood: null });
  assert.equal(cool.incidents.length, 2, 'the flag at 5 is inside the cool-down after the first incident');
});

/** Likelihoods of `scores` through a fresh detector warmed on 2,000 normal scores. */
function judged(scores: number[], clip = 4, adopt = 0): number[] {
  const warm = noiseScores(2000, 5);
  const l = new Likelihood(
    { average: 10, history: 8640, minSamples: 300, minStd: 0.05, clip, adopt },
    likelihoodPrior(warm),
  );
  for (const s of warm) l.next(s);
  return scores.map((s) => l.next(s).likelihood);
}

test('one glitch, or one real incident, does not blind the likelihood to the next incident', () => {
  const later = noiseScores(3000, 6).map((s, i) => (i >= 2500 && i < 2520 ? 3 * s : s));
  const at = (v: number[]) => Math.max(...v.slice(2500, 2520));
  assert.ok(at(judged(later)) > 0.99999, 'the later incident, alone');
  for (const [what, first] of [
    ['a glitch of 1e36', (s: number, i: number) => (i === 100 ? 1e36 : s)],
    ['an overflowed score', (s: number, i: number) => (i === 100 ? Infinity : s)],
    ['an incident of 100 rows at 100×', (s: number, i: number) => (i >= 100 && i < 200 ? 100 * s : s)],
  ] as const) {
    // adopt 64: the 100-row incident is taken as normal, and the normal before it comes back.
    for (const adopt of [0, 64]) {
      const v = judged(later.map(first), 4, adopt);
      assert.ok(
        v.every((x) => Number.isFinite(x) && x >= 0 && x <= 1),
        `${what}: every likelihood finite`,
      );
      assert.ok(at(v) > 0.99999, `${what} before it, adopt ${adopt}: the later incident is still red (${at(v)})`);
    }
    // Unbounded, as Numenta's: the earlier one hides the later (what this guards against).
    if (what !== 'an overflowed score')
      assert.ok(at(judged(later.map(first), 0)) < 0.99999, `${what}: clip 0 is blind`);
  }
});

test('a lasting change is the new normal after `adopt` means; without adopt only the clip climbs to it', () => {
  // 3× for good at 1000, and a 20-row incident at 3× the new level at 2500.
  const scores = noiseScores(3000, 7).map((s, i) => (i < 1000 ? s : i >= 2500 && i < 2520 ? 9 * s : 3 * s));
  const red = (v: number[], from: number, to: number) => v.slice(from, to).filter((x) => x > 0.99999).length;
  const adopted = judged(scores, 4, 64);
  const climbed = judged(scores, 4, 0);
  assert.ok(red(adopted, 1000, 1020) > 0 && red(climbed, 1000, 1020) > 0, 'the change is red when it comes');
  assert.ok(red(adopted, 1080, 2500) < 5, `adopted after 64 means: ${red(adopted, 1080, 2500)} red later`);
  assert.ok(red(climbed, 1080, 2500) > 100, `the clip alone takes long: ${red(climbed, 1080, 2500)} red`);
  assert.ok(Math.max(...adopted.slice(2500, 2520)) > 0.99999, 'an incident on the new level is red');
});

test('a likelihood restored from its state, mid-change and after one, goes on exactly', () => {
  const scores = noiseScores(3000, 8).map((s, i) => (i < 1000 ? s : i < 1100 ? 50 * s : i < 2000 ? 3 * s : s));
  const settings = { average: 10, history: 8640, minSamples: 300, minStd: 0.05, clip: 4, adopt: 64 };
  const whole = new Likelihood(settings, likelihoodPrior(scores.slice(0, 300)));
  const expected = scores.map((s) => whole.next(s).likelihood);
  for (const cut of [1030, 1500, 2040]) {
    const first = new Likelihood(settings, likelihoodPrior(scores.slice(0, 300)));
    const head = scores.slice(0, cut).map((s) => first.next(s).likelihood);
    const state = JSON.parse(JSON.stringify(first.state()));
    const second = new Likelihood(settings, likelihoodPrior(scores.slice(0, 300))).restore(state);
    const tail = scores.slice(cut).map((s) => second.next(s).likelihood);
    assert.deepEqual([...head, ...tail], expected, `cut at ${cut}`);
  }
});

test('an incident holds while the likelihood stays at the hold level; without one it ends after the gap', () => {
  // Flagged 10–14 and 30–34; in between the likelihood stays at 0.995 (unusual, not red).
  const run = (holdAt?: number) => {
    const t = new IncidentTracker({ gap: 5, cooldown: 0, ...(holdAt !== undefined ? { holdAt } : {}) });
    for (let i = 0; i < 60; i++) {
      const flagged = (i >= 10 && i < 15) || (i >= 30 && i < 35) ? ('high' as const) : null;
      const likelihood = flagged ? 1 : i > 10 && i < 30 ? 0.995 : 0.5;
      t.step({ position: i, flagged, start: i, end: i + 1, score: 1, likelihood });
    }
    t.finish();
    return t.incidents.map((iv) => [iv.start, iv.end]);
  };
  assert.deepEqual(run(), [
    [10, 15],
    [30, 35],
  ]);
  assert.deepEqual(run(0.99), [[10, 35]]);
  assert.deepEqual(run(0.999), [
    [10, 15],
    [30, 35],
  ]);
});

test('the prior leaves out scores that overflowed: never NaN', () => {
  const prior = likelihoodPrior([1, 2, NaN, 3, Infinity]);
  assert.deepEqual(prior, likelihoodPrior([1, 2, 3]));
  assert.equal(prior.samples, 3);
});
