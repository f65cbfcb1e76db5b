// Preloaded into a measured process: reports its peak resident memory on exit (stderr), and
// its peak anonymous memory (heap, buffers: RSS less file-backed pages such as libtensorflow's
// ~300 MB of mapped code), sampled every 20 ms from /proc/self/status.
// Peak RSS is VmHWM, not getrusage's maxRSS: Linux carries maxRSS across fork + exec, so a
// child spawned by a big parent (this bench, after reading a 200 MB file) reports the
// parent's size. VmHWM belongs to the process's own address space, fresh at exec.
import fs from 'node:fs';

let peakAnonKb = 0;
const status = () => {
  try {
    return fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    return ''; // not Linux: getrusage's figure is all there is
  }
};
const field = (text, name) => {
  const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : null;
};
const sample = () => {
  peakAnonKb = Math.max(peakAnonKb, field(status(), 'RssAnon') ?? 0);
};
setInterval(sample, 20).unref();
process.on('exit', () => {
  sample();
  const hwm = field(status(), 'VmHWM') ?? process.resourceUsage().maxRSS;
  process.stderr.write(`\nAE_BENCH_MAXRSS_KB=${hwm}\nAE_BENCH_PEAK_ANON_KB=${peakAnonKb}\n`);
});
