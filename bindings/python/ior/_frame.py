"""Events as pandas DataFrames: one row per system call.

Leading columns (the rest follow in struct order, see ior.EVENT_DTYPE):

    enter_ns    uint64    CLOCK_BOOTTIME when the call entered the kernel
    latency_ns  uint64    time in the call; 0 for calls that never return
    gap_ns      uint64    since the exit of the thread's previous call; 0 on its first call
    ret         int64     return value, negative errno on failure
    pid, tid    uint32    process (thread group) and thread
    comm        category  task name
    syscall     category  syscall name ("openat"); `nr` keeps the number
    family      category  syscall family ("FS", "Network", ...)
    file        category  the file the call touched, resolved through the descriptor tables
                          (a path, "old -> new", "pipe:[n]"; NaN if none)
    path        category  the path the call names (NaN if none); `path2` the new name of
                          rename/link calls
    bytes       uint64    bytes moved (by the syscall's bytes class, a category too)

Array fields are split: args -> arg0..arg5, fds -> fds0, fds1. Every other field keeps its
integer type. Paths come from the batches' string arenas, so `file` is only filled by
frame_from_batches() / Batch.to_pandas(), not by frame_from_events() on a bare array.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ior import _ior

_LEADING = ["enter_ns", "latency_ns", "gap_ns", "ret", "pid", "tid", "comm", "syscall", "family",
            "file", "path", "path2", "bytes", "bytes_class"]
_HIDDEN = {"path_ref", "file_ref"}  # replaced by file / path / path2

PathParts = Sequence[Tuple[np.ndarray, Sequence[str]]]


def _syscall_column(nr: np.ndarray) -> pd.Categorical:
    numbers, codes = np.unique(nr, return_inverse=True)
    names = [_ior.syscall_name(int(n)) for n in numbers]
    return pd.Categorical.from_codes(codes.astype(np.int32, copy=False), categories=names)


def _comm_column(comm: np.ndarray) -> pd.Categorical:
    values, codes = np.unique(comm, return_inverse=True)
    names = [v.decode("utf-8", "replace") for v in values]
    if len(set(names)) != len(names):  # two byte strings that decode alike
        return pd.Categorical([names[c] for c in codes])
    return pd.Categorical.from_codes(codes.astype(np.int32, copy=False), categories=names)


def _enum_column(values: np.ndarray, names: List[str]) -> pd.Categorical:
    codes = values.astype(np.int32)
    codes[codes >= len(names)] = -1  # a value this version does not know: NaN
    return pd.Categorical.from_codes(codes, categories=names)


def _path_column(parts: Optional[PathParts], n: int) -> pd.Categorical:
    """Merges per-batch (codes, categories) into one Categorical of n rows."""
    if parts is None:
        return pd.Categorical.from_codes(np.full(n, -1, dtype=np.int32), categories=[])
    index: Dict[str, int] = {}
    merged = []
    for codes, categories in parts:
        # The trailing -1 maps code -1 (no path) to itself.
        mapping = np.array([index.setdefault(c, len(index)) for c in categories] + [-1],
                           dtype=np.int32)
        merged.append(mapping[codes])
    codes = np.concatenate(merged) if merged else np.empty(0, dtype=np.int32)
    return pd.Categorical.from_codes(codes, categories=list(index))


def concat_events(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """One EVENT_DTYPE array of several (np.concatenate would pack away the padding)."""
    out = np.empty(sum(len(a) for a in arrays), dtype=_ior.EVENT_DTYPE)
    at = 0
    for a in arrays:
        out[at:at + len(a)] = a
        at += len(a)
    return out


def frame_from_events(events: np.ndarray, paths: Optional[PathParts] = None,
                      paths2: Optional[PathParts] = None,
                      files: Optional[PathParts] = None) -> pd.DataFrame:
    """DataFrame (columns: see the module doc) of a structured array of ior.EVENT_DTYPE.

    `paths`/`paths2`/`files`: per-batch Batch.paths(0)/paths(1)/paths(2) results covering
    `events` in order; without them `path`/`path2`/`file` are all NaN."""
    if events.dtype.names != _ior.EVENT_DTYPE.names:
        raise TypeError(f"expected an array of ior.EVENT_DTYPE, got {events.dtype}")
    n = len(events)
    columns: Dict[str, Any] = {}
    for name in events.dtype.names:
        if name in _HIDDEN:
            continue
        field = events[name]
        if name == "comm":
            columns[name] = _comm_column(field)
        elif name == "nr":
            columns["syscall"] = _syscall_column(field)
            columns[name] = field.copy()
        elif name == "family":
            columns[name] = _enum_column(field, list(_ior.family_names()))
        elif name == "bytes_class":
            columns[name] = _enum_column(field, list(_ior.bytes_class_names()))
        elif field.ndim == 2:
            prefix = "arg" if name == "args" else name
            for i in range(field.shape[1]):
                columns[f"{prefix}{i}"] = field[:, i].copy()
        else:
            columns[name] = field.copy()
    if "path_ref" in events.dtype.names:
        columns["file"] = _path_column(files, n)
        columns["path"] = _path_column(paths, n)
        columns["path2"] = _path_column(paths2, n)
    order = [c for c in _LEADING if c in columns]
    order += [c for c in columns if c not in order]
    return pd.DataFrame(columns, columns=order)


def frame_from_batches(batches: Iterable["_ior.Batch"]) -> pd.DataFrame:
    """One DataFrame of several batches, in order, with their paths."""
    batches = list(batches)
    arrays = [b.to_numpy() for b in batches]
    events = arrays[0] if len(arrays) == 1 else concat_events(arrays)
    with_paths = "path_ref" in _ior.EVENT_DTYPE.names
    return frame_from_events(events,
                             [b.paths(0) for b in batches] if with_paths else None,
                             [b.paths(1) for b in batches] if with_paths else None,
                             [b.paths(2) for b in batches] if with_paths else None)


def stats_frame(stats: "_ior.SessionStats") -> pd.DataFrame:
    """Per-syscall kernel aggregates of a SessionStats, one row per syscall, by count."""
    names = ["count", "errors", "sampled_out", "delivered", "latency_sum_ns", "latency_min_ns",
             "latency_max_ns"]
    rows = [dict(syscall=s.name, **{k: getattr(s, k) for k in names}) for s in stats.syscalls]
    frame = pd.DataFrame(rows, columns=["syscall"] + names)
    frame = frame.astype({c: "uint64" for c in names})
    return frame.sort_values("count", ascending=False, ignore_index=True)
