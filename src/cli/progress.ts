// Per-epoch training progress on stderr: a bar on a terminal, plain lines otherwise (logs,
// CI, files), nothing with --quiet.
import cliProgress from 'cli-progress';
import type { EpochLog } from '../model/trainer.js';
import type { Io } from './io.js';
import type { Logger } from './log.js';

export interface EpochProgress {
  update(log: EpochLog): void;
  stop(): void;
}

const fmt = (v: number | null) => (v === null ? '-' : v.toPrecision(4));

export function epochProgress(io: Io, log: Logger, epochs: number): EpochProgress {
  if (log.quiet) return { update() {}, stop() {} };
  if (!log.interactive) {
    let elapsed = 0;
    return {
      update(e) {
        elapsed += e.seconds;
        const eta = (elapsed / e.epoch) * (e.epochs - e.epoch);
        io.stderr.write(
          `epoch ${e.epoch}/${e.epochs}  loss ${fmt(e.loss)}  val_loss ${fmt(e.valLoss)}  ${e.seconds.toFixed(2)}s  eta ${eta.toFixed(0)}s\n`,
        );
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: 'training [{bar}] {value}/{total} epochs | loss {loss} | val_loss {val} | eta {eta_formatted}',
      hideCursor: true,
      noTTYOutput: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(epochs, 0, { loss: '-', val: '-' });
  return {
    update: (e) => {
      // A batch budget (--max-steps) may have cut the epochs after the bar started.
      if (e.epochs !== bar.getTotal()) bar.setTotal(e.epochs);
      bar.update(e.epoch, { loss: fmt(e.loss), val: fmt(e.valLoss) });
    },
    stop: () => bar.stop(),
  };
}
