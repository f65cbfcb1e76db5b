// `ae watch`'s options: the few a monitoring user needs, grouped, each default stated (they are
// scan/watch.ts' WATCH_DEFAULTS). Everything else is `ae scan`'s.
import { Option, type Command } from '@commander-js/extra-typings';
import { ensembleChoice, num, windowList } from '../options.js';
import { CENTER_CHOICES, SCORES, WATCH_DEFAULTS } from '../../scan/watch.js';

export function declareWatch(program: Command) {
  const d = WATCH_DEFAULTS;
  return program
    .command('watch')
    .description(
      'monitor metrics: learn what is normal from the first part, then report incidents as rows arrive (the best recipe ae has, as defaults)',
    )
    .argument(
      '[file]',
      "a metrics export (a time column and one or more metrics; .csv or .csv.gz), or '-' for a live stream (none with --prometheus)",
    )
    .optionsGroup('Output (default: a summary of the incidents on stderr):')
    .addOption(
      new Option('--ndjson', 'print one JSON record per row, as rows are scored').conflicts(['json', 'incidents']),
    )
    .addOption(
      new Option(
        '--incidents',
        'print one JSON line when an incident starts and one when it ends (for alerting)',
      ).conflicts('json'),
    )
    .option('--json', 'print one JSON document at the end')
    .option('-o, --out <dir>', 'save the model and the run here (report.html; watch on with --model <dir>)')
    .option('-f, --force', 'replace an existing --out folder')
    .option('--fail-on-anomaly', 'exit with code 3 when anything is flagged')
    .optionsGroup('Learning:')
    .option(
      '--learn <n|p%|span>',
      'learn from the first n rows, p percent, or a span of time (2d, 36h, 90m) (default: a file min(15%, 750 rows), a stream 750 rows)',
    )
    .option('-m, --model <dir>', 'watch with a saved watch (an earlier --out): nothing is learned')
    .option(
      '--relearn',
      'after learning, refit every as many rows on the rows learned from and those judged normal since (a saved watch goes on relearning)',
    )
    .option('--seed <n>', 'random seed (same seed → same records)', num({ int: true, min: 0 }))
    .option(
      '--epochs <n>',
      `training epochs (default: 100, cut to fit ${WATCH_DEFAULTS.maxSteps} batches in all)`,
      num({ int: true, min: 1 }),
    )
    .option(
      '--clip <k>',
      `when scoring, cut scaled values to ±k training sds, so one glitch cannot hold a window's score up (default ${d.clip})`,
      num({ above: 0 }),
    )
    .option('--no-clip', 'score values as they are, however far out')
    .option(
      '--input-noise <sd>',
      `learn as a denoising autoencoder: each step adds Gaussian noise of sd (in scaled units: training sds) to its inputs, the targets stay clean; 0: none (default ${d.inputNoise})`,
      num({ min: 0 }),
    )
    .option(
      '--ensemble <n>',
      `autoencoders per window length, each its own seed; a window scores the mean of their errors. auto: 3 when the rows learned from are few (one trains every epoch within the batch budget), else 1 (default ${d.ensemble})`,
      ensembleChoice,
    )
    .option(
      '--no-discord',
      "score by the autoencoder's error alone (default: fused with each window's distance to its nearest learned window, shape against shape)",
    )
    .addOption(
      new Option(
        '--center <which>',
        `windows learned without their level (each window's mean per metric): 'longest' (its shorter partner keeps the level), 'all' or 'none' (default ${d.center})`,
      ).choices(CENTER_CHOICES),
    )
    .addOption(
      new Option(
        '--score <kind>',
        `'relative-mae' or 'relative': each metric's absolute or squared error over its error in training, combined; 'mse' or 'mae': the error of all values alike (default ${d.score})`,
      ).choices(SCORES),
    )
    .optionsGroup('Detection:')
    .option(
      '--likelihood <x>',
      `flag rows whose likelihood (how unusual the recent scores are) is ≥ x (default ${d.likelihood})`,
      num({ above: 0, below: 1 }),
    )
    .option(
      '--likelihood-window <n>',
      `scores averaged into the likelihood's short-term mean (default ${d.likelihoodWindow}; a saved watch keeps its own)`,
      num({ int: true, min: 1 }),
    )
    .option(
      '--no-range',
      `no range rule (default: a value beyond everything seen by ${d.rangeMargin * 100} % of the range is flagged)`,
    )
    .option(
      '--window <w>',
      `rows per window, or several lengths (64,32), one autoencoder each (default ${d.window === 'auto' ? 'auto: the period of the rows learned from and its half, 16–256 rows' : d.window.join(',')})`,
      windowList,
    )
    .option(
      '--gap <n>',
      `flagged rows at most n rows apart are one incident (default ${d.gap})`,
      num({ int: true, min: 0 }),
    )
    .option(
      '--hold <x>',
      `an open incident holds while the likelihood stays ≥ x (default ${d.hold}); --no-hold: it ends --gap rows after its last flagged row`,
      num({ above: 0, below: 1 }),
    )
    .option(
      '--adopt <n>',
      `a change that lasts n rows becomes the new normal (default ${d.adopt}; 0: never)`,
      num({ int: true, min: 0 }),
    )
    .option('--no-hold', 'incidents end --gap rows after their last flagged row, whatever the likelihood')
    .option(
      '--cooldown <n>',
      `rows after an incident in which no new one starts (default ${d.cooldown})`,
      num({ int: true, min: 0 }),
    )
    .option(
      '--explain <k>',
      `the k metrics to blame per flagged row (default ${d.explain})`,
      num({ int: true, min: 1 }),
    )
    .optionsGroup('Reading the CSV:')
    .option(
      '--columns <list>',
      'the metrics: names, 1-based numbers or ranges (default: every numeric column but the time)',
    )
    .option('--id <column>', 'the time column (default: the one found)')
    .option(
      '--group-by <column>',
      'several series in one file (e.g. instance, host): each value its own series, model and incidents',
    )
    .option(
      '--counter <list>',
      'read these columns as counters: their increase per row (default: found by name or resets)',
    )
    .option('--not-counter <list>', 'read these columns as they are, even if they look like counters')
    .option('--skip-invalid', 'skip rows with missing or non-numeric values (each reported)')
    .addOption(
      new Option(
        '--impute <how>',
        "missing cells (blank, NA, null, …): a series' 'previous' value (default), or each column's 'median' or 'mean'",
      ).choices(['previous', 'median', 'mean'] as const),
    )
    .optionsGroup('Prometheus (instead of a file):')
    .option('--prometheus <url>', 'read the metrics from this Prometheus server (http://HOST:9090)')
    .option(
      '--query <[name=]promql>',
      'a PromQL query, one column; repeat for several metrics (e.g. cpu=…, p99=…), joined on their labels; each label set is a series of its own',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option(
      '--max-series <n>',
      `refuse queries that return more series than this; each is learned and watched on its own (default ${d.maxSeries})`,
      num({ int: true, min: 1 }),
    )
    .option('--step <duration>', 'seconds between rows: 15s, 1m, 5m (default 60s)')
    .option('--from <time>', 'start of the learning span, ISO 8601 or epoch seconds (default: --learn before now)')
    .option('--until <time>', 'stop after this time (default: follow the live edge until Ctrl-C)')
    .option(
      '--bearer-token-file <file>',
      "send this file's token (never printed or saved); or user:password@ in the URL",
    )
    .optionsGroup('Alerting:')
    .option('--alertmanager <url>', 'post each incident to this Alertmanager as an alert, resolved when it ends')
    .option(
      '--listen <host:port>',
      'serve /metrics (likelihood, score, incident open, rows) and /healthz for Prometheus to scrape',
    )
    .option('--exec <cmd>', 'run this shell command for each incident start and end, the event as JSON on its stdin')
    .option('--alertname <name>', "the alerts' alertname label (default AnomalyIncident)");
}

export type WatchFlags = ReturnType<ReturnType<typeof declareWatch>['opts']>;
