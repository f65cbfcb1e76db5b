// Times as the data tells them: a plot of `2026-03-29T14:20:00+01:00` shows 14:20, not the
// renderer's UTC 13:20, and says which offset it shows. Each id is read as its wall-clock time
// (its digits, as if UTC) and drawn on a UTC scale, so a DST switch in the data shows as the
// hour it skips or repeats, as a clock on that wall did. Epoch times have no zone: UTC.
import { timeOf } from '../data/time-columns.js';

const ISO_WALL =
  /^\s*(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/;

/** An id's wall-clock time in ms (its date and time digits read as UTC), or null. */
export function wallTime(id: string): number | null {
  const m = ISO_WALL.exec(id);
  if (!m) return timeOf(id);
  const [, y, mo, d, h, mi, s, frac] = m;
  return Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d ?? 1),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    frac ? Math.round(Number(frac) * 1000) : 0,
  );
}

/** How to title a time axis: the offsets the ids carry ('UTC+01:00', 'UTC+01:00/+02:00'), UTC for Z and epochs, none for local times. */
export function timeAxisTitle(ids: (string | undefined)[]): string {
  const zones = new Set<string>();
  let naive = false;
  const step = Math.max(1, Math.floor(ids.length / 200));
  for (let i = 0; i < ids.length; i += step) {
    const id = ids[i];
    if (id === undefined) continue;
    const m = ISO_WALL.exec(id);
    if (!m)
      zones.add('UTC'); // epoch seconds or ms
    else if (!m[8]) naive = true;
    else zones.add(m[8] === 'Z' ? 'UTC' : `UTC${m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]}`);
  }
  if (zones.size === 0 || naive) return 'time';
  return `time (${[...zones].join(' / ')})`;
}

/** Times are wall-clock times: drawn on a UTC scale, they read as the data wrote them. */
export function xScale(xType: 'temporal' | 'quantitative') {
  return xType === 'temporal' ? { type: 'utc' as const, nice: false } : { nice: false };
}
