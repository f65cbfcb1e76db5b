"""VUS-PR (Paparrizos et al., VLDB 2022) as TSB-AD defines it, for when pip's `tsb-ad` is not
installable (it is not on this machine's package index; decisions #66).

Written from the definition, not copied: the range-based precision/recall surface over buffer
lengths 0 … 2·w around each labelled segment (a square-root ramp into the buffer), at 250
thresholds taken at evenly spaced ranks of the sorted scores, averaged over the buffer lengths.
TSB-AD loops over thresholds and segments in Python; here each buffer length costs one sort-free
pass with cumulative sums over the scores in descending order, so all of SMD takes seconds.
`sliding_window` is TSB-AD's period rule (the highest local maximum of the autocorrelation
between lags 3 and 400 of the first 20,000 points, else 125).
"""
import numpy as np

THRESHOLDS = 250


def autocorrelation(x, nlags):
    x = np.asarray(x, dtype=float) - np.mean(x)
    n = len(x)
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(x, size)
    acov = np.fft.irfft(f * np.conj(f), size)[: nlags + 1] / n
    return acov / acov[0] if acov[0] > 0 else np.zeros(nlags + 1)


def sliding_window(x):
    """The period TSB-AD's find_length_rank(x, rank=1) picks, or 125 when there is none."""
    x = np.asarray(x, dtype=float)[:20000]
    base = 3
    if len(x) < 2 * base or np.std(x) == 0:
        return 125
    ac = autocorrelation(x, min(400, len(x) - 1))[base:]
    inner = np.arange(1, len(ac) - 1)
    peaks = inner[(ac[inner] > ac[inner - 1]) & (ac[inner] > ac[inner + 1])]
    if len(peaks) == 0:
        return 125
    best = peaks[np.argmax(ac[peaks])]
    # ties: the first of the highest, as a stable descending sort would give
    if best < 3 or best > 300:
        return 125
    return int(best + base)


def segments(labels):
    """[(start, end)] of the runs of 1 (end inclusive)."""
    padded = np.concatenate([[0], (labels > 0).astype(np.int8), [0]])
    d = np.diff(padded)
    return list(zip(np.where(d == 1)[0], np.where(d == -1)[0] - 1))


def merged_regions(n, segs, buffer):
    """The segments widened by buffer//2 on each side, overlapping ones merged (TSB-AD's rule)."""
    half = buffer // 2
    out = []
    start = max(segs[0][0] - half, 0)
    for (s0, e0), (s1, _) in zip(segs, segs[1:]):
        if e0 + half < s1 - half:
            out.append((start, e0 + half))
            start = s1 - half
    out.append((start, min(segs[-1][1] + half, n - 1)))
    return out


def ramp_labels(n, labels, segs, buffer):
    """1 on labelled rows, sqrt(1 - d/buffer) within buffer//2 rows of a segment, capped at 1."""
    ext = (labels > 0).astype(float)
    half = buffer // 2
    for s, e in segs:
        after = np.arange(e + 1, min(e + half + 1, n))
        ext[after] += np.sqrt(1 - (after - e) / buffer)
        before = np.arange(max(s - half, 0), s)
        ext[before] += np.sqrt(1 - (s - before) / buffer)
    return np.minimum(ext, 1.0)


def vus_pr(labels, score, window):
    labels = np.asarray(labels).astype(int)
    score = np.asarray(score, dtype=float)
    n = len(score)
    segs = segments(labels)
    if not segs:
        return float('nan')
    P = labels.sum()
    order = np.argsort(-score, kind='stable')
    ranked = score[order]
    thresholds = ranked[np.linspace(0, n - 1, THRESHOLDS).astype(int)]
    # rows with score >= threshold: every tie of the threshold counts
    n_pred = np.searchsorted(-ranked, -thresholds, side='right')
    true_hits = np.cumsum(labels[order])[n_pred - 1]
    aps = []
    for buffer in range(0, window + 1):
        ext = ramp_labels(n, labels, segs, buffer)
        near = np.where(labels > 0, 0.0, ext)  # the ramp outside the labels
        near_hits = np.cumsum(near[order])[n_pred - 1]
        regions = merged_regions(n, segs, buffer)
        region_max = np.array([score[s : e + 1].max() for s, e in regions])
        existence = (region_max[None, :] >= thresholds[:, None]).sum(axis=1) / len(regions)
        tp = true_hits + near_hits
        p_new = (P + P + near_hits) / 2
        tpr = np.minimum(tp / p_new, 1) * existence
        precision = tp / n_pred
        aps.append(np.sum(np.diff(np.concatenate([[0.0], tpr])) * precision))
    return float(np.mean(aps))
