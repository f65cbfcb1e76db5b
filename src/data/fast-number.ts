// Reads a decimal number straight from a slice of a string, without creating a substring.
// Only the plain forms (±digits[.digits][e±digits], ≤ 15 significant digits, |exponent| ≤ 22)
// are handled; for those, mantissa and power of ten are exact doubles, so one multiply or
// divide rounds correctly and the result equals Number()'s. Anything else returns NaN and
// the caller falls back to Number(), keeping its exact semantics.

export function parseSimpleNumber(s: string, a: number, b: number): number {
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  let i = a;
  let c = s.charCodeAt(i);
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let exp = 0;
  while (i < b && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    if (digits > 0 || c !== 48) digits++;
    mant = mant * 10 + (c - 48);
    i++;
  }
  let any = i > a + (neg || s.charCodeAt(a) === 43 ? 1 : 0);
  if (i < b && c === 46) {
    i++;
    while (i < b && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      if (digits > 0 || c !== 48) digits++;
      mant = mant * 10 + (c - 48);
      exp--;
      i++;
      any = true;
    }
  }
  if (!any || digits > 15) return NaN;
  if (i < b && (c === 101 || c === 69)) {
    i++;
    let eneg = false;
    c = s.charCodeAt(i);
    if (c === 45 || c === 43) {
      eneg = c === 45;
      i++;
    }
    let e = 0;
    const e0 = i;
    while (i < b && (c = s.charCodeAt(i)) >= 48 && c <= 57 && i - e0 < 4) {
      e = e * 10 + (c - 48);
      i++;
    }
    if (i === e0) return NaN;
    exp += eneg ? -e : e;
  }
  if (i !== b || exp < -22 || exp > 22) return NaN;
  const v = exp >= 0 ? mant * POW10[exp]! : mant / POW10[-exp]!;
  return neg ? -v : v;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
