// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (see decisions #40): the
// CSV reader's hot loop for the common file shape — lines of `width` plain numbers and nothing
// else. In JavaScript each number costs ~70 ns (charCodeAt on a string, a double per digit);
// here the same rules run over bytes at a few ns per character.
//
// The rules are exactly those of FieldScanner (src/data/fast-number.ts): optional sign, digits,
// optional fraction, optional exponent of ≤ 4 digits, ≤ 15 significant digits, |exponent| ≤ 22,
// so mantissa and power of ten are exact doubles and one multiply or divide rounds as Number()
// does. A line that breaks any rule (a blank, a space, a quote, text, too many or too few
// fields) stops the run at that line's start; the JavaScript reader takes that line its own way.

const POW10 = memory.data<f64>([
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
]);

/** Where the last run stopped: the start of the first line not read (or `end`). */
export let stoppedAt: i32 = 0;

/**
 * Reads up to `maxRows` lines from bytes [start, end) — which the caller follows with a '\n' at
 * `end` — each `width` numbers separated by `delimiter` and ended by '\n' or "\r\n", writing
 * float32s row by row from `out`. Returns the rows read; `stoppedAt` says where it stopped.
 */
export function parseRows(start: i32, end: i32, width: i32, delimiter: i32, out: i32, maxRows: i32): i32 {
  let pos = start;
  let rows = 0;
  while (rows < maxRows && pos < end) {
    const next = parseLine(pos, width, delimiter, out + rows * width * 4);
    if (next < 0) break;
    pos = next;
    rows++;
  }
  stoppedAt = pos < end ? pos : end; // past `end` only by the newline the caller added
  return rows;
}

/** One line's numbers into `out`; the position after its line end, or -1 if it breaks a rule. */
function parseLine(p: i32, width: i32, delimiter: i32, out: i32): i32 {
  for (let f = 0; f < width; f++) {
    let c = <i32>load<u8>(p);
    const neg = c == 45;
    if (neg || c == 43) c = <i32>load<u8>(++p);
    let mant: i64 = 0;
    let digits = 0;
    let exp = 0;
    const intStart = p;
    while (<u32>(c - 48) <= 9) {
      if (digits > 0 || c != 48) digits++;
      mant = mant * 10 + <i64>(c - 48);
      c = <i32>load<u8>(++p);
    }
    let any = p > intStart;
    if (c == 46) {
      const fracStart = ++p;
      c = <i32>load<u8>(p);
      while (<u32>(c - 48) <= 9) {
        if (digits > 0 || c != 48) digits++;
        mant = mant * 10 + <i64>(c - 48);
        exp--;
        c = <i32>load<u8>(++p);
      }
      any = any || p > fracStart;
    }
    if (!any || digits > 15) return -1;
    if (c == 101 || c == 69) {
      c = <i32>load<u8>(++p);
      const eneg = c == 45;
      if (eneg || c == 43) c = <i32>load<u8>(++p);
      let e = 0;
      const e0 = p;
      while (<u32>(c - 48) <= 9 && p - e0 < 4) {
        e = e * 10 + (c - 48);
        c = <i32>load<u8>(++p);
      }
      if (p == e0) return -1;
      exp += eneg ? -e : e;
    }
    if (exp < -22 || exp > 22) return -1;
    const m = <f64>mant; // exact: ≤ 15 significant digits
    const v = exp >= 0 ? m * load<f64>(POW10 + (exp << 3)) : m / load<f64>(POW10 + (-exp << 3));
    store<f32>(out + (f << 2), <f32>(neg ? -v : v));
    if (f < width - 1) {
      if (c != delimiter) return -1;
      p++;
    } else if (c == 10) {
      return p + 1;
    } else if (c == 13 && <i32>load<u8>(p + 1) == 10) {
      return p + 2;
    } else {
      return -1;
    }
  }
  return -1; // width 0: never asked for
}
