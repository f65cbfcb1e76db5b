// Several autoencoders per window length (`--ensemble`, decisions #81). A model fitted on a few
// hundred windows is at the mercy of its random start: on NAB the same watch scored 66.95 with
// one seed and 63.85 with another, the difference made by a handful of borderline alarms. Each
// member trains on the same windows with its own seed (model/members.ts), and a window's score
// is the mean of the members' errors — the sample simply holds each length once per member, so
// every reader of a bundle (scorers, ONNX, --explain) reads an ensemble as it reads any stack.
// Pure arithmetic: no TensorFlow, no files.
import { lengthParts } from '../data/window-lengths.js';

/** Members per length that `auto` trains when the learning part is small. */
export const AUTO_MEMBERS = 3;

/**
 * The batch budget `auto` measures "small" against when a fit has none of its own: `ae watch`'s
 * (`--max-steps`, decisions #67).
 */
export const AUTO_MEMBERS_BUDGET = 4000;

/** `--ensemble`: members per window length, or `auto`. */
export type EnsembleChoice = number | 'auto';

export interface TrainingShape {
  epochs: number;
  batchSize: number;
  validationSplit: number;
  maxSteps?: number;
}

/**
 * Members per window length. `auto`: AUTO_MEMBERS when one member trains every epoch within the
 * budget (a small learning part, where a single model's verdicts depend most on its seed and
 * where three cost no more than the budget's three times), else 1 (a part large enough that the
 * budget already cuts its epochs: one model, as before). `samples`: the windows trained on.
 */
export function membersFor(choice: EnsembleChoice | undefined, samples: number, s: TrainingShape): number {
  if (choice === undefined) return 1;
  if (choice !== 'auto') return choice;
  const batches = Math.max(1, Math.ceil((samples * (1 - s.validationSplit)) / s.batchSize));
  return batches * s.epochs <= (s.maxSteps ?? AUTO_MEMBERS_BUDGET) ? AUTO_MEMBERS : 1;
}

/** Window lengths (longest first) with each one `members` times: [64, 32] × 2 → [64, 64, 32, 32]. */
export function withMembers(sizes: number[], members: number): number[] {
  return sizes.flatMap((s) => Array<number>(members).fill(s));
}

/** How many members a bundle's lengths hold per length (1 for bundles before `--ensemble`). */
export function membersIn(sizes: number[] | undefined): number {
  if (!sizes || sizes.length === 0) return 1;
  return sizes.filter((s) => s === sizes[0]).length;
}

/** The windows `rows` rows hold at `stride` (each `longest` rows). */
export function windowsIn(rows: number, longest: number, stride: number): number {
  return rows < longest ? 0 : Math.floor((rows - longest) / Math.max(1, stride)) + 1;
}

/**
 * For each position of an ensemble's samples (`width` values each), the positions of every
 * member that read the same value: one group per value of each length, the first member's
 * position first. Null without an ensemble (every position its own value).
 */
export function memberPositions(sizes: number[] | undefined, width: number): number[][] | null {
  if (!sizes || membersIn(sizes) < 2) return null;
  const parts = lengthParts(sizes, width / sizes.reduce((n, s) => n + s, 0));
  const groups: number[][] = [];
  for (const p of parts) {
    const first = parts.find((q) => q.size === p.size)!;
    for (let i = 0; i < p.width; i++) {
      if (p === first) groups[p.offset + i] = [];
      const group = groups[first.offset + i]!;
      group.push(p.offset + i);
      groups[p.offset + i] = group;
    }
  }
  return groups;
}
