// Preloaded into a measured process: reports its peak resident memory on exit (stderr).
process.on('exit', () => {
  process.stderr.write(`\nAE_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
