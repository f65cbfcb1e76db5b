// The baseline for scan speed: a bare papaparse parse of the file, in the fastest mode
// measured here (chunk callback + Number() into a Float32Array), doing nothing else.
import fs from 'node:fs';
import Papa from 'papaparse';

const file = process.argv[2];
let rows = 0;
let sum = 0;
const t0 = performance.now();
await new Promise((resolve, reject) => {
  Papa.parse(fs.createReadStream(file), {
    chunk: (res) => {
      for (const rec of res.data) {
        if (rec.length < 2) continue;
        const out = new Float32Array(rec.length);
        for (let i = 0; i < rec.length; i++) out[i] = Number(rec[i]);
        sum += out[0];
        rows++;
      }
    },
    complete: resolve,
    error: reject,
  });
});
const seconds = (performance.now() - t0) / 1000;
// VmHWM rather than maxRSS, for the reason given in rss-hook.mjs.
const hwm = /^VmHWM:\s+(\d+)/m.exec(
  fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '',
);
console.log(
  JSON.stringify({ rows, seconds, checksum: sum, maxRssKb: hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS }),
);
