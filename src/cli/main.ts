// Entry point: builds the commander program and runs it against an Io. `main` never calls
// process.exit, so tests can run it in-process; `run` is what bin/ae.js calls.
import { Command, Option } from '@commander-js/extra-typings';
import { AE_VERSION } from '../version.js';
import { registerExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerInfo } from './commands/info.js';
import { registerReport } from './commands/report.js';
import { registerScan } from './commands/scan.js';
import { registerSetup } from './commands/setup.js';
import { registerTrain } from './commands/train.js';
import { registerWatch } from './commands/watch.js';
import { Context, type Globals } from './context.js';
import { exitCodeFor } from './exit.js';
import { processIo, type Io } from './io.js';

const EXAMPLES = `
Examples:
  $ ae train mnist --normal 1 --epochs 20 --out runs/ones
  $ ae generate sines --out series.csv --labels labels.csv --seed 1
  $ ae scan series.csv --threshold 10 --below 0.1 --json | jq '.counts'
  $ ae watch metrics.csv    # monitoring: incidents in a metrics export, with no flags
  $ ae info --json
  $ ae export runs/series --onnx series.onnx
  $ ae report runs/series   # rebuild runs/series/report.html
  $ ae setup                # TensorFlow's native backend, ahead of first use

Exit codes: 0 ok, 1 runtime/data error, 2 usage error, 3 anomalies found (--fail-on-anomaly), 130 interrupted.`;

export function buildProgram(ctx: Context) {
  const program = new Command()
    .name('ae')
    .description("Anomaly detection with deep autoencoders on TensorFlow's native backend.")
    .version(AE_VERSION, '-V, --version')
    .option('-q, --quiet', 'print no progress or summaries on stderr')
    .option('-v, --verbose', 'print details, and stack traces on errors')
    .option('--no-color', 'no colour on stderr (NO_COLOR is honoured too)')
    .addOption(
      new Option(
        '--backend <name>',
        "'tensorflow' (native), 'wasm' (WebAssembly) or 'cpu' (pure JS, ~16x slower); default: " +
          '$AE_BACKEND, else tensorflow to train, and plain JS or wasm (by input size) for scan --model',
      ),
    )
    .addHelpText('after', EXAMPLES)
    // Each subcommand's help lists --quiet, --verbose, --backend too (its examples use them).
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError("(run 'ae --help' for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      // One error style: commander's `error: …` reads as ae's own `ae: error: …`.
      outputError: (s, write) => write(ctx.log.chalk.red(s.replace(/^error: /, 'ae: error: '))),
    });
  registerSetup(program, ctx);
  registerInfo(program, ctx);
  registerGenerate(program, ctx);
  registerTrain(program, ctx);
  registerScan(program, ctx);
  registerWatch(program, ctx);
  registerExport(program, ctx);
  registerReport(program, ctx);
  // A usage error points at the page that helps: the subcommand's own.
  for (const cmd of program.commands) cmd.showHelpAfterError(`(run 'ae ${cmd.name()} --help' for usage)`);
  return program;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let program: ReturnType<typeof buildProgram> | undefined;
  const ctx = new Context(io, () => (program?.opts() ?? {}) as Globals, argv);
  program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return exitCodeFor(err, ctx.log);
  }
}

export async function run(): Promise<void> {
  // A closed pipe downstream (`ae scan … --ndjson | head`) is a normal way to stop reading:
  // end quietly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const code = await main(process.argv.slice(2), processIo());
  process.exitCode = code;
}
