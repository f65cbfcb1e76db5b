// Incidents as events, for alerting pipelines (`ae watch --incidents`, and any sink that only
// wants to hear when something starts and ends): one event when an incident starts, one when it
// is over, each a plain object that prints as one JSON line. Built from the records alone, as
// they stream, so a sink needs nothing but the records (decisions #55).
import { BLAMED, BlameTally, type Incident } from '../detect/incidents.js';
import { blameName } from './stream-rules.js';
import { isSkipped, type SampleRecord, type ScanRecord } from './records.js';
import { epochIso } from './time-order.js';

export const INCIDENT_EVENT_VERSION = 1;

export interface IncidentEvent {
  version: number;
  event: 'start' | 'end';
  /** With --group-by: the series it happened in. */
  group?: string;
  /** The incident's first data line (0-based), and its id (time) when the input has one. */
  start: number;
  startId?: string;
  /** Epoch ids as ISO 8601 UTC (the ids keep their text). */
  startTime?: string;
  endTime?: string;
  /** end: the line after its last flagged one, and that line's id. */
  end?: number;
  endId?: string;
  /** Flagged records so far (start: 1). */
  flagged: number;
  peakLikelihood: number | null;
  peakScore: number | null;
  /** Flagged by the range rule (a value beyond everything seen) at least once. */
  outOfRange: boolean;
  /** The metrics most to blame, most first (their share of the error, summed over the incident). */
  blame: string[];
}

interface Open {
  event: IncidentEvent;
  tally: BlameTally;
}

/** Turns records into incident events, in order; each series (group) has its own. */
export class IncidentEvents {
  /** The incident open in each group ('' without groups). */
  private readonly open = new Map<string, Open>();

  constructor(private readonly blamed = BLAMED) {}

  /** The events the records make (most batches make none). */
  take(records: ScanRecord[]): IncidentEvent[] {
    const out: IncidentEvent[] = [];
    for (const r of records) {
      if (isSkipped(r)) continue;
      const group = r.group ?? '';
      const open = this.open.get(group);
      if (r.incident === 'end' && open) {
        out.push({ ...open.event, event: 'end' });
        this.open.delete(group);
      }
      if (r.incident === 'start') {
        const started = { event: this.startOf(r), tally: new BlameTally() };
        this.open.set(group, started);
        this.extend(started, r);
        const { end: _end, endId: _endId, endTime: _endTime, ...event } = started.event;
        out.push(event);
      } else if (r.tail && open && r.incident !== 'end') this.extend(open, r);
    }
    return out;
  }

  /**
   * Goes on with an incident a saved watch left open (its watch state's), so that its end,
   * when a resumed watch reads it, makes an end event (and resolves its alert).
   */
  resume(open: Incident): void {
    const event: IncidentEvent = {
      version: INCIDENT_EVENT_VERSION,
      event: 'start',
      ...(open.group !== undefined ? { group: open.group } : {}),
      start: open.start,
      ...(open.startId !== undefined ? { startId: open.startId } : {}),
      ...(epochIso(open.startId) ? { startTime: epochIso(open.startId) } : {}),
      flagged: open.flagged,
      peakLikelihood: open.peakLikelihood,
      peakScore: open.peakScore,
      outOfRange: false,
      blame: open.blame,
    };
    this.open.set(open.group ?? '', { event, tally: new BlameTally() });
  }

  /** The incidents still open when the input ended (no end event was made for them). */
  get ongoing(): IncidentEvent[] {
    return [...this.open.values()].map((o) => ({ ...o.event }));
  }

  private startOf(r: SampleRecord): IncidentEvent {
    return {
      version: INCIDENT_EVENT_VERSION,
      event: 'start',
      ...(r.group !== undefined ? { group: r.group } : {}),
      start: r.index,
      ...(r.id !== undefined ? { startId: r.id } : {}),
      ...(epochIso(r.id) ? { startTime: epochIso(r.id) } : {}),
      flagged: 0,
      peakLikelihood: null,
      peakScore: null,
      outOfRange: false,
      blame: [],
    };
  }

  private extend(o: Open, r: SampleRecord): void {
    const e = o.event;
    e.end = r.index + 1;
    if (r.id !== undefined) e.endId = r.id;
    const iso = epochIso(r.id);
    if (iso) e.endTime = iso;
    e.flagged++;
    if (r.likelihood != null) e.peakLikelihood = Math.max(e.peakLikelihood ?? 0, r.likelihood);
    if (r.score !== null) e.peakScore = Math.max(e.peakScore ?? -Infinity, r.score);
    if (r.outOfRange) e.outOfRange = true;
    if (r.explain) {
      o.tally.add(r.explain.map((b) => ({ name: blameName(b), share: b.share })));
      e.blame = o.tally.top(this.blamed);
    }
  }
}
