// A scan that writes records for hours (`tail -f … | ae scan - --ndjson`) must not grow. Its live
// data is small and steady (measured: ~22 MB after the first second of a 1 M-row per-row scan),
// but V8 promotes the short-lived records that outlive a scavenge into the old generation and
// lets that fill up to a limit it raises as it goes: 92 MB of heap (110 MB committed) by the end
// of 1 M rows, with no major collection after the first six seconds, and resident memory rising
// in steps. A major collection whenever the heap has doubled since the last one keeps it at
// about twice the live data. `gc` is exposed at run time (no node flag needed by the bin); where
// that is refused, nothing happens.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

function majorGc(): (() => void) | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/** A function to call after each written batch: collects when the heap has doubled. */
export function heapKeeper(floorBytes = 32 * 2 ** 20): () => void {
  let limit = floorBytes;
  return () => {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < limit) return;
    majorGc()?.();
    limit = Math.max(floorBytes, 2 * v8.getHeapStatistics().used_heap_size);
  };
}
