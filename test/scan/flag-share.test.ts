// What counts as flagging far more than a rule expects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedShare, flaggedShareWarnings, tooManyFlagged } from '../../src/scan/flag-share.js';

const counts = (flagged: number, scored = 10_000, perRow = false) => ({
  scored,
  flagged,
  high: flagged,
  low: 0,
  skipped: 0,
  ...(perRow ? { unscored: 63 } : {}),
});

test("a rule's expected share: 1 − likelihood, 100 − percentile, the contamination; none for a fixed threshold", () => {
  assert.ok(Math.abs(expectedShare(0.99999, {})! - 1e-5) < 1e-12);
  assert.ok(Math.abs(expectedShare(null, { high: { value: 1, rule: 'percentile 99' } })! - 0.01) < 1e-12);
  assert.equal(expectedShare(null, { high: { value: 1, rule: 'contamination 0.05' } }), 0.05);
  assert.equal(expectedShare(null, { high: { value: 10, rule: 'explicit' } }), null);
});

test('far more: 10× the share and at least 1 % of records (5 % for a series scored per row)', () => {
  assert.equal(tooManyFlagged(counts(1100), 0.01), true, '11 % against percentile 99');
  assert.equal(tooManyFlagged(counts(900), 0.01), false, '9 %');
  assert.equal(tooManyFlagged(counts(150), 1e-5), true, '1.5 % of rows at likelihood 0.99999');
  assert.equal(tooManyFlagged(counts(300, 10_000, true), 1e-5), false, 'one incident in a series: 3 %');
  assert.equal(tooManyFlagged(counts(700, 10_000, true), 1e-5), true, '7 % of a series');
  assert.equal(tooManyFlagged(counts(50, 60), 0.01), false, 'too few records to judge');
});

test('the warning names the share, the expectation and the column most blamed', () => {
  const [w] = flaggedShareWarnings(counts(6800), 0.99999, {}, false, { errors_total: 6000, cpu: 800 });
  assert.match(w!, /^flagged 6800 of 10000 records \(68 %\), where the rule expects about 0\.001 %/);
  assert.match(w!, /6000 of them blame "errors_total" most/);
  assert.deepEqual(flaggedShareWarnings(counts(10), 0.99999, {}, false), []);
});
