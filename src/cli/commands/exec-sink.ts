// `ae watch --exec CMD`: each incident event (start and end, as `--incidents` prints them) given
// to a shell command as one JSON line on its stdin, one command at a time and in order. The
// command's own output goes to stderr (stdout carries ae's data only); a command that fails is
// said on stderr and counted, and the watch goes on.
import { spawn } from 'node:child_process';
import type { IncidentEvent } from '../../scan/incident-events.js';
import type { Context } from '../context.js';

export class ExecSink {
  private chain: Promise<void> = Promise.resolve();
  readonly counts = { run: 0, failed: 0 };

  constructor(
    private readonly ctx: Context,
    private readonly command: string,
  ) {}

  take(events: IncidentEvent[]): void {
    for (const e of events) this.chain = this.chain.then(() => this.run(e));
  }

  /** Waits for every command started so far. */
  async close(): Promise<{ run: number; failed: number }> {
    await this.chain;
    return this.counts;
  }

  private run(e: IncidentEvent): Promise<void> {
    return new Promise((resolve) => {
      const child = spawn(this.command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => this.ctx.io.stderr.write(d.toString()));
      child.stderr.on('data', (d: Buffer) => this.ctx.io.stderr.write(d.toString()));
      child.stdin.on('error', () => {}); // a command that does not read its input is fine
      child.stdin.end(JSON.stringify(e) + '\n');
      child.on('error', (err) => this.failed(`could not start (${err.message})`, resolve));
      child.on('close', (code, signal) => {
        this.counts.run++;
        if (code === 0) resolve();
        else this.failed(signal ? `ended by ${signal}` : `exited with ${code}`, resolve);
      });
    });
  }

  private failed(why: string, done: () => void): void {
    this.counts.failed++;
    this.ctx.log.warn(`--exec ${JSON.stringify(this.command)}: ${why}`);
    done();
  }
}
