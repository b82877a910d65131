"""ior.Flame, ior.read_recording() and ior.aggregate(): flamegraph aggregation and `.ior.zst`
recordings, the same library code as `ior -flamegraph`, `ior collapsed` and `ior svg`.

    flame = ior.aggregate(ior.trace(["make"]))          # or: s.flame() on a Session
    flame.collapsed(count="bytes")                      # [("make;enter_read;;/usr;/x", 4096), ...]
    flame.to_pandas()                                   # one row per key, with its counters
    path = flame.write_recording(name="build")          # host-build-<time>.ior.zst in "."
    back = ior.read_recording(path)                     # the same flame, and its run's figures

Events are summed per key (path, syscall, comm, pid, tid, open flags) into count, duration_ns
(latency), duration_to_prev_ns (gap) and bytes. Memory is bounded by `max_keys`: past it, new
keys fold into pid 0/tid 0 keys, then "[other]" keys; every total stays exact.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import pandas as pd

from ior import _errors, _ior

DEFAULT_MAX_KEYS = _ior.FLAME_DEFAULT_MAX_KEYS
DEFAULT_FIELDS = ("comm", "tracepoint", "path")
COUNTS = ("count", "duration", "durationToPrev", "bytes")

Fields = Union[str, Sequence[str]]
_KEY_COLUMNS = ["file", "syscall", "comm", "pid", "tid", "fd_flags"]


def _fields(fields: Fields) -> str:
    if isinstance(fields, str):
        return fields
    if not isinstance(fields, (list, tuple)) or not all(isinstance(f, str) for f in fields):
        raise TypeError("fields must be a str ('comm,tracepoint,path') or a list of str")
    return ",".join(fields)


def _count(count: str) -> str:
    if not isinstance(count, str):
        raise TypeError(f"count must be a str, one of {', '.join(COUNTS)}")
    return count


def _escape(escape: Any) -> bool:
    if isinstance(escape, bool):
        return escape
    if escape in ("always", "never"):
        return escape == "always"
    raise TypeError("escape must be a bool, 'always' or 'never'")


class Flame:
    """A flamegraph aggregation: ior.Flame() (then add batches), Session.flame(),
    ior.aggregate(...) or ior.read_recording(path).

    Not thread-safe: use a Flame from one thread at a time (a Flame attached to a Session is
    fed by the thread that consumes the session)."""

    def __init__(self, max_keys: Optional[int] = DEFAULT_MAX_KEYS) -> None:
        """`max_keys`: keys kept exactly before folding starts; None for no limit."""
        self._core = _ior.Flame(0 if max_keys is None else _errors.as_count("max_keys", max_keys))

    @classmethod
    def _wrap(cls, core: "_ior.Flame") -> "Flame":
        flame = cls.__new__(cls)
        flame._core = core
        return flame

    # Feeding.

    def add(self, batch: "_ior.Batch") -> None:
        """Adds every event of a batch (from Session.batches(), next_batch(), poll())."""
        if not isinstance(batch, _ior.Batch):
            raise TypeError(f"batch must be an ior.Batch, not {type(batch).__name__}")
        self._core.add(batch)

    def add_record(self, path: Union[str, bytes, None], syscall: str, comm: Union[str, bytes],
                   pid: int = 0, tid: int = 0, flags: int = 0, *, count: int = 1,
                   duration_ns: int = 0, duration_to_prev_ns: int = 0, bytes: int = 0) -> None:
        """Adds counters to a key given by its parts, subject to the cap like events."""
        if not isinstance(syscall, str):
            raise TypeError(f"syscall must be a str, not {type(syscall).__name__}")
        path_bytes = b"" if path is None else os.fsencode(path)
        comm_bytes = os.fsencode(comm)
        self._core.add_record(path_bytes, syscall, comm_bytes, _errors.as_int("pid", pid),
                              _errors.as_int("tid", tid), _errors.as_int("flags", flags),
                              _errors.as_int("count", count),
                              _errors.as_int("duration_ns", duration_ns),
                              _errors.as_int("duration_to_prev_ns", duration_to_prev_ns),
                              _errors.as_int("bytes", bytes))

    def merge(self, other: "Flame") -> None:
        """Adds every key of `other` (left unchanged)."""
        if not isinstance(other, Flame):
            raise TypeError(f"other must be an ior.Flame, not {type(other).__name__}")
        self._core.merge(other._core)

    # Reading.

    def collapsed(self, fields: Fields = DEFAULT_FIELDS, count: str = "count",
                  escape: Union[bool, str] = False) -> List[Tuple[str, int]]:
        """The collapsed stacks as `ior collapsed` writes them: [(stack, value)], sorted by
        stack, equal stacks summed, no value 0. `fields`: frames among comm, tracepoint, path,
        pid, tid, flags (path split per directory); `count`: count, duration, durationToPrev or
        bytes; `escape`: also write control bytes and invalid UTF-8 as \\xHH ("always")."""
        return self._core.collapsed(_fields(fields), _count(count), _escape(escape))

    def collapsed_text(self, fields: Fields = DEFAULT_FIELDS, count: str = "count",
                       escape: Union[bool, str] = False) -> str:
        """collapsed() as text, one "stack value\\n" line each (flamegraph.pl's input)."""
        return "".join(f"{s} {v}\n" for s, v in self.collapsed(fields, count, escape))

    def to_pandas(self) -> pd.DataFrame:
        """One row per key: path (the file label, "" without a file), syscall, comm
        (categories), pid, tid (int32), open_flags (uint32: the descriptor's open flags),
        count, duration_ns, duration_to_prev_ns, bytes (int64)."""
        columns: Dict[str, Any] = self._core.records()
        for name in ("path", "syscall", "comm"):
            columns[name] = pd.Categorical(columns[name])
        return pd.DataFrame(columns)

    def svg(self, fields: Fields = DEFAULT_FIELDS, count: str = "count",
            title: Optional[str] = None, width: int = 1200) -> str:
        """A self-contained interactive SVG flamegraph (hover, click to zoom, search)."""
        return self._core.svg(_fields(fields), _count(count), title or "",
                              _errors.as_count("width", width))

    def write_svg(self, path: Union[str, os.PathLike], **options: Any) -> None:
        """Writes svg(**options) to a new file at `path` (FileExistsError if it exists)."""
        with open(path, "x", encoding="utf-8") as f:
            f.write(self.svg(**options))

    def write_recording(self, dir: Union[str, os.PathLike] = ".", name: Optional[str] = None,
                        *, session: Any = None, selection: Optional[str] = None,
                        host: Optional[str] = None) -> str:
        """Writes the flame as `<host>-<name>-<YYYY-MM-DD_HH:MM:SS>.ior.zst` into `dir`
        (name default "default"), atomically, never overwriting ("-1", "-2"... are added), and
        returns its path. With `session` (an ior.Session), the recording keeps its kernel
        figures (per-syscall counts, latency histograms, loss, degrade figures and windows)."""
        stats = None
        if session is not None:
            stats = session.stats()
        return self._core.write_recording(os.fspath(dir), name, selection, host, stats)

    @property
    def keys(self) -> int:
        """Distinct keys held (fold keys included)."""
        return self._core.keys

    def __len__(self) -> int:
        return self._core.keys

    @property
    def max_keys(self) -> int:
        """The cap (0: none, e.g. a recording read back)."""
        return self._core.max_keys

    @property
    def totals(self) -> Dict[str, int]:
        """{count, duration_ns, duration_to_prev_ns, bytes} over every event: exact."""
        return self._core.totals

    @property
    def folds(self) -> Dict[str, int]:
        """{pidless, other}: events folded into pid 0/tid 0 keys and into "[other]" keys."""
        return self._core.folds

    @property
    def info(self) -> Optional[Dict[str, Any]]:
        """A recording's header (tool_version, host, name, selection, start_unix_ns,
        end_unix_ns, max_keys, sample_rates); None for a flame not read from a file."""
        return self._core.info

    def stats(self) -> Optional["_ior.SessionStats"]:
        """The kernel's exact figures a recording holds; None for a flame not read."""
        return self._core.stats()

    def __repr__(self) -> str:
        t = self.totals
        return f"<ior.Flame of {self.keys} keys, {t['count']} events>"


def read_recording(path: Union[str, os.PathLike]) -> Flame:
    """Reads a `.ior.zst` recording (from `ior -flamegraph` or Flame.write_recording()).
    A missing file raises ior.NotFoundError; a file that is not a recording
    ior.InvalidArgumentError (a ValueError); a truncated or corrupt one ior.Error with errno
    EIO."""
    return Flame._wrap(_ior.read_recording(os.fspath(path)))


def _aggregate_frame(flame: Flame, frame: pd.DataFrame) -> None:
    missing = [c for c in _KEY_COLUMNS + ["latency_ns", "gap_ns", "bytes"]
               if c not in frame.columns]
    if missing:
        raise ValueError("the DataFrame lacks the columns " + ", ".join(missing) +
                         " (use one from ior.trace(), Session.to_pandas() or Batch.to_pandas())")
    # A call without a file has NaN there; the aggregator's key for it is the empty path (and
    # groupby drops NaN keys of categoricals whatever dropna says, in pandas 1.5).
    files = frame["file"].astype(object).where(frame["file"].notna(), "")
    groups = frame.assign(file=files).groupby(_KEY_COLUMNS, observed=True, sort=False)
    sums = groups.agg(count=("latency_ns", "size"), duration_ns=("latency_ns", "sum"),
                      duration_to_prev_ns=("gap_ns", "sum"), bytes=("bytes", "sum"))
    for key, row in zip(sums.index, sums.itertuples(index=False)):
        path, syscall, comm, pid, tid, flags = key
        flame.add_record(path, str(syscall), str(comm), int(pid),
                         int(tid), int(flags), count=int(row.count),
                         duration_ns=int(row.duration_ns),
                         duration_to_prev_ns=int(row.duration_to_prev_ns), bytes=int(row.bytes))


def aggregate(source: Any, *, max_keys: Optional[int] = DEFAULT_MAX_KEYS) -> Flame:
    """A Flame of `source`: an ior.Session (every batch it still delivers, until it ends as
    Session.batches() does), an iterable of ior.Batch, or a DataFrame of events (from
    ior.trace(), Session.to_pandas(), Batch.to_pandas(): its file, syscall, comm, pid, tid,
    fd_flags, latency_ns, gap_ns and bytes columns)."""
    from ior._session import Session  # the session module imports this one

    flame = Flame(max_keys)
    if isinstance(source, pd.DataFrame):
        _aggregate_frame(flame, source)
    elif isinstance(source, Session):
        for batch in source.batches():
            flame.add(batch)
    elif isinstance(source, _ior.Batch):
        flame.add(source)
    elif isinstance(source, Iterable):
        for batch in source:
            flame.add(batch)
    else:
        raise TypeError("aggregate() takes an ior.Session, ior.Batch objects or a DataFrame, "
                        f"not {type(source).__name__}")
    return flame
