import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldScanner, parseSimpleNumber } from '../../src/data/fast-number.js';
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

test('the field scanner reads a field up to its delimiter exactly as the slice parser does', () => {
  const scanner = new FieldScanner();
  const r = createRng(12);
  let scanned = 0;
  for (let k = 0; k < 20000; k++) {
    const v = (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6);
    const cell = [v.toFixed(1 + (k % 9)), v.toExponential(k % 6), String(Math.round(v)), `+${Math.abs(v)}`][k % 4]!;
    const line = `${cell};7`;
    const got = scanner.scan(line, 0, line.length, 59);
    const want = parseSimpleNumber(cell, 0, cell.length);
    if (Number.isNaN(got)) {
      assert.ok(Number.isNaN(want), cell); // left to the slow route only when the slice parser also declines
      continue;
    }
    assert.ok(Object.is(got, want), `${cell}: ${got} vs ${want}`);
    assert.equal(scanner.end, cell.length, cell);
    scanned++;
  }
  assert.ok(scanned > 15000, `only ${scanned} fields took the one-pass route`);
  // At the line's end (b) rather than a delimiter, and after a sign or with leading zeros.
  for (const [line, want] of [
    ['-0.5', -0.5],
    ['12', 12],
    ['007.25', 7.25],
    ['1e3', 1000],
  ] as const) {
    assert.ok(Object.is(scanner.scan(line, 0, line.length, 44), want), line);
  }
});

test('the field scanner refuses what is not a plain number ending at the delimiter', () => {
  const scanner = new FieldScanner();
  for (const line of [
    ' 1,2',
    '1 ,2',
    '1x,2',
    ',2',
    '-,2',
    '.,2',
    '1e,2',
    '1.2.3,4',
    '1234567890123456,1',
    '1e23,1',
    '"1",2',
  ]) {
    assert.ok(Number.isNaN(scanner.scan(line, 0, line.length, 44)), line);
  }
  // Stops at the line's end b even when the text goes on ("\r" of CRLF is outside [a, b)).
  assert.equal(scanner.scan('3.5\r\n', 0, 3, 44), 3.5);
});
