// Reads a decimal number straight from a slice of a string, without creating a substring.
// Only the plain forms (±digits[.digits][e±digits], ≤ 15 significant digits, |exponent| ≤ 22)
// are handled; for those, mantissa and power of ten are exact doubles, so one multiply or
// divide rounds correctly and the result equals Number()'s. Anything else returns NaN and
// the caller falls back to Number(), keeping its exact semantics. One implementation
// (FieldScanner); wasm/number-rows.ts repeats its rules for the WebAssembly route.

/** The number in s[a, b), spaces around it allowed; s[b], if any, must not continue a number. */
export function parseSimpleNumber(s: string, a: number, b: number): number {
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return sliceScanner.scan(s, a, b, NO_DELIMITER);
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NO_DELIMITER = -1;

/**
 * The same plain forms read in one pass over a field that must end at the delimiter (or at the
 * line's end `b`), so the caller need not search for the delimiter first: on a 100-column file
 * that search costs as much as the numbers. Returns NaN for anything else (spaces, 16+ digits,
 * text…): the caller then takes the general route. `end` is where the number stopped.
 */
export class FieldScanner {
  end = 0;

  scan(s: string, p: number, b: number, delimiter: number): number {
    let i = p;
    let c = s.charCodeAt(i);
    const neg = c === 45;
    if (neg || c === 43) c = s.charCodeAt(++i);
    let mant = 0;
    let digits = 0;
    let exp = 0;
    const intStart = i;
    // Callers guarantee that s[b] cannot continue a number (a delimiter, a space, '\r', '\n' or
    // the text's end, read as NaN), so no loop runs past b.
    for (; c >= 48 && c <= 57; c = s.charCodeAt(++i)) {
      if (digits > 0 || c !== 48) digits++;
      mant = mant * 10 + (c - 48);
    }
    let any = i > intStart;
    if (c === 46) {
      const fracStart = ++i;
      for (c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) {
        if (digits > 0 || c !== 48) digits++;
        mant = mant * 10 + (c - 48);
        exp--;
      }
      any ||= i > fracStart;
    }
    if (!any || digits > 15) return NaN;
    if (c === 101 || c === 69) {
      c = s.charCodeAt(++i);
      const eneg = c === 45;
      if (eneg || c === 43) c = s.charCodeAt(++i);
      let e = 0;
      const e0 = i;
      for (; c >= 48 && c <= 57 && i - e0 < 4; c = s.charCodeAt(++i)) e = e * 10 + (c - 48);
      if (i === e0) return NaN;
      exp += eneg ? -e : e;
    }
    if ((i !== b && c !== delimiter) || exp < -22 || exp > 22) return NaN;
    this.end = i;
    const v = exp >= 0 ? mant * POW10[exp]! : mant / POW10[-exp]!;
    return neg ? -v : v;
  }
}

const sliceScanner = new FieldScanner();
