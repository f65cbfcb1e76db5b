"""Score CSV files with an ae model on a Ray cluster.

    ae export runs/series --onnx series.onnx
    python examples/ray/scan.py series.onnx 'data/part-*.csv' --out scored/          # local, all cores
    python examples/ray/scan.py series.onnx s3://bucket/metrics/ --out scored/ --address auto

Each input file is one unit of work: a Ray Data pipeline hands file paths to a pool of actors,
each holding one onnxruntime session; an actor streams its file in chunks (memory stays
bounded), scores the rows, applies the thresholds stored in the model (or --threshold/--below),
and yields records with the same fields as `ae scan --ndjson` — index (0-based data line of
that file), score, flagged, tail — plus `source` (the file) and `id` (with --id). Records are
written as NDJSON (or Parquet) part files under --out.

Rows models only (one sample per CSV row); for windows of one long series use `ae scan`.
"""
import argparse
import glob
import json
import os

import numpy as np
import onnxruntime as ort
import pyarrow as pa
import pyarrow.csv as pacsv
import ray

CHUNK_BYTES = 32 << 20  # pyarrow reads a file this much at a time


def model_info(path):
    meta = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).get_modelmeta().custom_metadata_map
    if meta.get("ae.format") != "ae-onnx":
        raise SystemExit(f"{path}: not an ONNX model written by `ae export`")
    kind = json.loads(meta["ae.input"])
    if kind["kind"] != "rows":
        raise SystemExit(f"{path}: a {kind['kind']} model; this example scores row models")
    return {
        "header": bool(kind["header"]),
        "names": json.loads(meta["ae.columns"]),
        "numbers": json.loads(meta["ae.column_numbers"]),
        "thresholds": json.loads(meta["ae.thresholds"]),
    }


def expand(inputs):
    """Files, folders (their *.csv) and globs, in a stable order."""
    out = []
    for item in inputs:
        if "://" in item:
            out.append(item)
        elif os.path.isdir(item):
            out += sorted(glob.glob(os.path.join(item, "*.csv")))
        else:
            out += sorted(glob.glob(item)) or [item]
    return out


class ScoreFiles:
    """A Ray actor: one onnxruntime session, reused for every file it is given."""

    def __init__(self, model_path, info, id_column, high, low):
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # Ray runs one actor per CPU
        self.session = ort.InferenceSession(model_path, opts, providers=["CPUExecutionProvider"])
        self.info, self.id_column, self.high, self.low = info, id_column, high, low

    def __call__(self, batch):
        for path in batch["path"]:
            yield from self.score_file(path)

    def score_file(self, path):
        info = self.info
        read = pacsv.ReadOptions(block_size=CHUNK_BYTES, autogenerate_column_names=not info["header"])
        # The id column as text, exactly as written (pyarrow would turn timestamps into its own format).
        convert = pacsv.ConvertOptions(column_types={self.id_column: pa.string()} if self.id_column else None)
        reader = pacsv.open_csv(path, read_options=read, convert_options=convert)
        names = reader.schema.names
        if info["header"]:
            missing = [n for n in info["names"] if n not in names]
            if missing:
                raise ValueError(f"{path}: no column(s) {missing}; the file has {names}")
            columns = info["names"]
        else:
            columns = [names[n - 1] for n in info["numbers"]]
        start = 0
        for chunk in reader:
            x = np.column_stack([chunk.column(c).to_numpy(zero_copy_only=False).astype(np.float32) for c in columns])
            score = self.session.run(["score"], {"input": np.ascontiguousarray(x)})[0]
            high = score >= self.high if self.high is not None else np.zeros(len(score), bool)
            low = score <= self.low if self.low is not None else np.zeros(len(score), bool)
            tail = np.where(high, "high", np.where(low, "low", None))
            out = {
                "source": np.full(len(score), path, dtype=object),
                "index": np.arange(start, start + len(score), dtype=np.int64),
                "score": score.astype(np.float64),
                "flagged": high | low,
                "tail": tail,
            }
            if self.id_column:
                out["id"] = chunk.column(self.id_column).cast(pa.string()).to_numpy(zero_copy_only=False)
            start += len(score)
            yield out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="an .onnx file written by `ae export`")
    p.add_argument("inputs", nargs="+", help="CSV files, folders of *.csv, or globs")
    p.add_argument("--out", required=True, help="folder for the part files")
    p.add_argument("--format", choices=["ndjson", "parquet"], default="ndjson")
    p.add_argument("--id", help="a column carried as text into every record")
    p.add_argument("--threshold", type=float, help="flag scores >= this (default: the model's)")
    p.add_argument("--below", type=float, help="flag scores <= this (default: the model's)")
    p.add_argument("--address", help="a running cluster (e.g. 'auto'); default: a local one")
    p.add_argument("--num-cpus", type=int, help="local cluster size (default: all cores)")
    args = p.parse_args()

    info = model_info(args.model)
    stored = info["thresholds"]
    high = args.threshold if args.threshold is not None else stored.get("high", {}).get("value")
    low = args.below if args.below is not None else stored.get("low", {}).get("value")
    files = expand(args.inputs)
    ray.init(address=args.address, num_cpus=args.num_cpus, include_dashboard=False, log_to_driver=False)
    workers = max(1, min(len(files), int(ray.available_resources().get("CPU", 1))))
    ds = ray.data.from_items([{"path": f} for f in files]).map_batches(
        ScoreFiles,
        fn_constructor_args=(os.path.abspath(args.model), info, args.id, high, low),
        batch_size=1,
        concurrency=workers,
        num_cpus=1,
    )
    if args.format == "parquet":
        ds.write_parquet(args.out)
    else:
        ds.write_json(args.out)  # JSON lines, one record per row
    print(json.dumps({"files": len(files), "out": args.out, "thresholds": {"high": high, "low": low}}))


if __name__ == "__main__":
    main()
