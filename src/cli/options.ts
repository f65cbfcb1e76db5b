// Option value parsers for commander: a bad value becomes commander's usage error (exit 2).
import { InvalidArgumentError } from 'commander';

interface NumberRule {
  int?: boolean;
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
}

export function num(rule: NumberRule = {}) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v)) throw new InvalidArgumentError(`'${value}' is not a number.`);
    if (rule.int && !Number.isInteger(v)) throw new InvalidArgumentError(`'${value}' is not a whole number.`);
    if (rule.min !== undefined && v < rule.min) throw new InvalidArgumentError(`must be at least ${rule.min}.`);
    if (rule.above !== undefined && v <= rule.above)
      throw new InvalidArgumentError(`must be greater than ${rule.above}.`);
    if (rule.max !== undefined && v > rule.max) throw new InvalidArgumentError(`must be at most ${rule.max}.`);
    if (rule.below !== undefined && v >= rule.below) throw new InvalidArgumentError(`must be less than ${rule.below}.`);
    return v;
  };
}

/** "300,100" → [300, 100]: encoder layer widths. */
export function layerList(value: string): number[] {
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length === 0 || parts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InvalidArgumentError(`'${value}' is not a list of positive whole numbers, e.g. 300,100.`);
  }
  return parts;
}

/**
 * `--window 64` or several lengths, `--window 64,32` (each a whole number ≥ 2), or `auto`: from
 * the period of the rows learned from (data/period.ts).
 */
export function windowList(value: string): number[] | 'auto' {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.some((n) => !Number.isInteger(n) || n < 2)) {
    throw new InvalidArgumentError(
      `'${value}' is not a window length (a whole number ≥ 2), a list of them (64,32) or auto.`,
    );
  }
  return parts;
}

/** `--ensemble`: a number of autoencoders per window length (1–9), or auto. */
export function ensembleChoice(value: string): number | 'auto' {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 9)
    throw new InvalidArgumentError(`'${value}' is not a number of autoencoders (a whole number from 1 to 9) or auto.`);
  return n;
}

export function oneOf<T extends string>(...allowed: T[]) {
  return (value: string): T => {
    if (!(allowed as string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}.`);
    return value as T;
  };
}
