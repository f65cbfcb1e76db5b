import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSimpleNumber } from '../../src/data/fast-number.js';
import { createRng } from '../../src/data/rng.js';

const parse = (s: string) => parseSimpleNumber(s, 0, s.length);

test('plain forms equal Number() exactly', () => {
  for (const s of [
    '0',
    '-0',
    '1',
    '+2',
    '3.25',
    '-0.118467',
    '.5',
    '5.',
    '1e3',
    '1E-5',
    '-2.5e+10',
    ' 7 ',
    '000123.4500',
    '0.1',
    '123456789012345',
  ]) {
    assert.ok(Object.is(parse(s), Number(s)), s);
  }
});

test('anything unusual is left to Number() (NaN here)', () => {
  for (const s of [
    '',
    ' ',
    '-',
    '.',
    'e5',
    '1e',
    '0x10',
    'Infinity',
    'NaN',
    '1,5',
    '1.2.3',
    '1234567890123456',
    '1e23',
    '1e-23',
    'abc',
  ]) {
    assert.ok(Number.isNaN(parse(s)), s);
  }
});

test('random decimals parse exactly like Number()', () => {
  const r = createRng(11);
  let compared = 0;
  for (let k = 0; k < 20000; k++) {
    const digits = 1 + Math.floor(r() * 9);
    const v = (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6);
    const s = k % 3 === 0 ? v.toExponential(digits) : v.toFixed(digits);
    const got = parse(s);
    if (Number.isNaN(got)) continue; // left to Number(): fine
    assert.ok(Object.is(got, Number(s)), `${s}: ${got} vs ${Number(s)}`);
    compared++;
  }
  // The fast path must actually take these forms: a parser that gave up on everything would
  // otherwise pass. (Exponent forms with many digits are left to Number() by design.)
  assert.ok(compared > 15000, `only ${compared} of 20000 values took the fast path`);
});
