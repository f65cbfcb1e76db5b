// Incidents, not floods: flagged records no more than `gap` records apart are one incident, so
// an excursion that stays flagged for a window's length (or flickers) raises one alert. An
// incident is over once `gap` unflagged records have passed; no new one starts for `cooldown`
// records after that (flagged records then stay flagged, in no incident). With `holdAt`, an open
// incident also stays open while records' likelihood stays at or above that lower level
// (hysteresis, as alerting rules have it: fire at red, resolve once back below yellow). Pure and
// streaming.

export interface IncidentSettings {
  /** Unflagged records an incident may span between two flagged ones. */
  gap: number;
  /** Records after an incident's end in which no new incident starts. */
  cooldown: number;
  /** An open incident holds while the likelihood is at least this (below the flagging level). */
  holdAt?: number;
}

export interface Incident {
  /** With --group-by: the series it happened in. */
  group?: string;
  /** Data lines covered: start .. end − 1 (exclusive end, as intervals). */
  start: number;
  end: number;
  startId?: string;
  endId?: string;
  tail: 'high' | 'low';
  /** Flagged records in it. */
  flagged: number;
  /** Null while no record in it has a score (overflowed ones have none). */
  peakScore: number | null;
  peakLikelihood: number | null;
  /** The columns most to blame (their share of the error summed over its flagged records), most first. */
  blame: string[];
}

/** Columns blamed in an incident: shares summed per name, the `k` largest by name. */
export class BlameTally {
  private readonly shares = new Map<string, number>();

  constructor(entries: [string, number][] = []) {
    for (const [k, v] of entries) this.shares.set(k, v);
  }

  add(blame: readonly { name: string; share: number }[]): void {
    for (const b of blame)
      if (Number.isFinite(b.share)) this.shares.set(b.name, (this.shares.get(b.name) ?? 0) + b.share);
  }

  top(k: number): string[] {
    return [...this.shares.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name]) => name);
  }

  entries(): [string, number][] {
    return [...this.shares.entries()];
  }
}

/** Columns an incident names. */
export const BLAMED = 3;

export interface IncidentStep {
  /** The record's position in the stream (rows and windows: its index). */
  position: number;
  flagged: 'high' | 'low' | null;
  /** Data lines it covers. */
  start: number;
  end: number;
  startId?: string;
  endId?: string;
  score: number | null;
  likelihood: number | null;
  /** Why it was flagged: the columns and their share of its error (explained records). */
  blame?: readonly { name: string; share: number }[];
}

/** Where a tracker stands, as plain JSON (null: never, or no bound). */
export interface TrackerState {
  open: Incident | null;
  /** The open incident's blame so far, by column. */
  shares: [string, number][];
  lastFlagged: number | null;
  quietUntil: number | null;
  count: number;
}

export class IncidentTracker {
  readonly incidents: Incident[] = [];
  private open: Incident | null = null;
  private tally = new BlameTally();
  private lastFlagged = -Infinity;
  private quietUntil = -Infinity;

  /** Incidents started (all counted; at most `keep` of them listed, the first ones). */
  count = 0;

  constructor(
    readonly settings: IncidentSettings,
    /** How many to list: a stream that only counts them keeps none beyond this (memory). */
    private readonly keep = Infinity,
  ) {}

  state(): TrackerState {
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    return {
      open: this.open ? { ...this.open } : null,
      shares: this.tally.entries(),
      lastFlagged: finite(this.lastFlagged),
      quietUntil: finite(this.quietUntil),
      count: this.count,
    };
  }

  /** Goes on from `s`: an incident open there stays open (and is listed here). */
  restore(s: TrackerState): this {
    this.lastFlagged = s.lastFlagged ?? -Infinity;
    this.quietUntil = s.quietUntil ?? -Infinity;
    this.count = s.count;
    this.open = s.open ? { ...s.open } : null;
    this.tally = new BlameTally(s.shares);
    if (this.open) this.incidents.push(this.open);
    return this;
  }

  /** Takes the next record; says whether it starts an incident or marks the end of one. */
  step(r: IncidentStep): 'start' | 'end' | null {
    let ended = false;
    const hold = this.settings.holdAt;
    if (!r.flagged && this.open && hold !== undefined && r.likelihood !== null && r.likelihood >= hold) {
      this.lastFlagged = r.position; // still unusual: the incident goes on (its end stays the last flagged)
      return null;
    }
    // Unflagged records since the last flagged one (this one included when it is unflagged).
    const quiet = r.position - this.lastFlagged - (r.flagged ? 1 : 0);
    if (this.open && quiet > this.settings.gap) {
      this.close(r.position);
      ended = true;
    }
    if (!r.flagged) return ended ? 'end' : null;
    if (this.open) {
      this.extend(this.open, r);
      return null;
    }
    if (r.position < this.quietUntil) return ended ? 'end' : null;
    this.open = {
      start: r.start,
      end: r.end,
      ...(r.startId !== undefined ? { startId: r.startId, endId: r.endId ?? r.startId } : {}),
      tail: r.flagged,
      flagged: 0,
      peakScore: null,
      peakLikelihood: null,
      blame: [],
    };
    this.tally = new BlameTally();
    if (this.count++ < this.keep) this.incidents.push(this.open);
    this.extend(this.open, r);
    return 'start';
  }

  /** The stream ended: an open incident ends with it. */
  finish(): void {
    if (this.open) this.close(Infinity);
  }

  private extend(iv: Incident, r: IncidentStep): void {
    iv.end = Math.max(iv.end, r.end);
    if (r.endId !== undefined) iv.endId = r.endId;
    iv.flagged++;
    if (r.score !== null) iv.peakScore = Math.max(iv.peakScore ?? -Infinity, r.score);
    if (r.likelihood !== null) iv.peakLikelihood = Math.max(iv.peakLikelihood ?? 0, r.likelihood);
    if (r.blame) {
      this.tally.add(r.blame);
      iv.blame = this.tally.top(BLAMED);
    }
    this.lastFlagged = r.position;
  }

  private close(at: number): void {
    this.open = null;
    this.quietUntil = at + this.settings.cooldown;
  }
}
