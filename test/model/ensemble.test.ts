// `--ensemble` (model/ensemble.ts): how many members `auto` trains, and the layout they are
// stored in. What must hold: auto trains three only while one member trains every epoch within
// the budget; each length appears once per member, longest first; a bundle's lengths say how
// many members it holds; the windows a part holds are counted at the training stride.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AUTO_MEMBERS_BUDGET,
  memberPositions,
  membersFor,
  membersIn,
  windowsIn,
  withMembers,
} from '../../src/model/ensemble.js';
import { centringOf } from '../../src/model/level.js';

const shape = { epochs: 100, batchSize: 32, validationSplit: 0.25 };

test('auto: three members while one trains every epoch within the budget, else one', () => {
  // 1,706 windows: 40 batches of 32 after the validation quarter, 4,000 batches in 100 epochs.
  assert.equal(membersFor('auto', 1706, shape), 3);
  assert.equal(membersFor('auto', 1707, shape), 1);
  assert.equal(membersFor('auto', 700, shape), 3); // NAB's 750 rows learned, windows of 48
  assert.equal(membersFor('auto', 35000, shape), 1); // a UCR training part
  // A fit's own budget is the measure when it has one; the default is the watch's.
  assert.equal(AUTO_MEMBERS_BUDGET, 4000);
  assert.equal(membersFor('auto', 700, { ...shape, maxSteps: 100 }), 1);
  assert.equal(membersFor('auto', 700, { ...shape, epochs: 5, maxSteps: 100 }), 3);
});

test('a number is taken as asked; no choice is one member', () => {
  assert.equal(membersFor(2, 1e6, shape), 2);
  assert.equal(membersFor(1, 10, shape), 1);
  assert.equal(membersFor(undefined, 10, shape), 1);
});

test('each length once per member, longest first; a bundle says how many members it holds', () => {
  assert.deepEqual(withMembers([64, 32], 3), [64, 64, 64, 32, 32, 32]);
  assert.deepEqual(withMembers([48], 2), [48, 48]);
  assert.deepEqual(withMembers([64, 32], 1), [64, 32]);
  assert.equal(membersIn([64, 64, 64, 32, 32, 32]), 3);
  assert.equal(membersIn([64, 32]), 1);
  assert.equal(membersIn(undefined), 1);
});

test('the windows a learning part holds, at the training stride', () => {
  assert.equal(windowsIn(750, 48, 1), 703);
  assert.equal(windowsIn(750, 48, 10), 71);
  assert.equal(windowsIn(47, 48, 1), 0);
  assert.equal(windowsIn(48, 48, 1), 1);
});

test('--center longest: every member of the longest length is centred, the shorter ones are not', () => {
  assert.deepEqual(centringOf([12, 12, 6, 6], 3, 'longest'), {
    metrics: 3,
    parts: [
      { offset: 0, size: 12 },
      { offset: 36, size: 12 },
    ],
  });
});

test("every member's position of a value, the first member's first; none without an ensemble", () => {
  // Two members of 2 rows and two of 1 row, 2 metrics: parts at 0, 4, 8, 10.
  const groups = memberPositions([2, 2, 1, 1], 12)!;
  assert.deepEqual(groups[0], [0, 4]);
  assert.deepEqual(groups[7], [3, 7]);
  assert.deepEqual(groups[9], [9, 11]);
  assert.equal(groups.length, 12);
  assert.equal(memberPositions([2, 1], 6), null);
  assert.equal(memberPositions(undefined, 6), null);
});
