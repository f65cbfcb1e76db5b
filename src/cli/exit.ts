// The one place errors become exit codes and messages. Exit codes (docs/cli.md, "Exit codes"):
//   0 ok · 1 runtime, data or model error · 2 usage error · 3 anomalies found with
//   --fail-on-anomaly · 130 interrupted (Ctrl-C)
import { CommanderError } from 'commander';
import { AeError, InterruptedError, InvalidSettingError } from '../errors.js';
import type { Logger } from './log.js';

export function exitCodeFor(err: unknown, log: Logger): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message (to stderr) or the help/version text (to stdout).
    if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code)) return 0;
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof InterruptedError) {
    // A stop that was asked for is not a failure: it says what was kept (exit 130).
    log.stopped(err.message);
    return err.exitCode;
  }
  if (err instanceof AeError) {
    const message = err instanceof InvalidSettingError ? `${flagFor(err.setting)} ${err.problem}` : err.message;
    if (err.exitCode === 3) log.info(`ae: ${message}`);
    else log.error(err.hint ? `${message} (${err.hint})` : message);
    if (log.verbose && err.stack) log.debug(err.stack);
    return err.exitCode;
  }
  const msg = err instanceof Error ? err.message : String(err);
  log.error(`unexpected: ${msg.split('\n')[0]}${log.verbose ? '' : ' (run with --verbose for details)'}`);
  if (log.verbose && err instanceof Error && err.stack) log.debug(err.stack);
  return 1;
}

/** The flag that sets a library setting: `learningRate` → `--learning-rate`. */
export function flagFor(setting: string): string {
  return `--${setting.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
