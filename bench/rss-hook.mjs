// Preloaded into a measured process: reports its peak resident memory on exit (stderr), and
// its peak anonymous memory (heap, buffers: RSS less file-backed pages such as libtensorflow's
// ~300 MB of mapped code), sampled every 20 ms from /proc/self/status.
import fs from 'node:fs';

let peakAnonKb = 0;
const sample = () => {
  try {
    const m = /^RssAnon:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) peakAnonKb = Math.max(peakAnonKb, Number(m[1]));
  } catch {
    /* not Linux: only maxRSS is reported */
  }
};
setInterval(sample, 20).unref();
process.on('exit', () => {
  sample();
  process.stderr.write(`\nAE_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\nAE_BENCH_PEAK_ANON_KB=${peakAnonKb}\n`);
});
