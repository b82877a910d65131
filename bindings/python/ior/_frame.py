"""Events as pandas DataFrames: one row per system call.

Columns (ior.COLUMNS, in this order; `columns=[...]` in ior.trace(), Session.to_pandas(),
Batch.to_pandas() and frame_from_batches() builds only those, in the order given):

    time          datetime64[ns]  wall clock (UTC) when the call entered the kernel
    enter_ns      int64           the same instant on CLOCK_BOOTTIME (the kernel's clock)
    latency_ns    int64           time in the call; 0 for calls that never return (no_return)
    gap_ns        Int64           since the exit of the thread's previous call; NA on its first
    ret           Int64           return value, negative errno on failure; NA if no_return
    errno         category        "ENOENT"... for failed calls; NA otherwise
    pid, tid      int32           process (thread group) and thread
    comm          category        task name
    syscall       category        syscall name ("openat", "syscall_<nr>" if unknown)
    nr            int32           syscall number (x86_64)
    family        category        syscall family ("FS", "Network", ...)
    file          category        the file the call touched, resolved through the descriptor
                                  tables: a path, "old -> new" (rename/link), "pipe:[n]",
                                  "E:ino:<n>" when only its inode is known; NA if none
    file_status   category        what `file` is: none, path, relative, kernel_name, identity
    path          category        the path the call names; NA if none
    path2         category        the new name of rename/link calls; NA otherwise
    old_file      category        rename/link: the old name; symlink: the target; NA otherwise
    bytes         int64           bytes moved (by the syscall's bytes class)
    bytes_class   category        none, read, write, transfer
    length        int64           extent of mmap/munmap/mremap/madvise/mprotect/mlock calls
    timeout_ns    Int64           sleep request or poll/select/epoll timeout (-1: infinite);
                                  NA when the call has none or it was not readable
    fd, dirfd     Int32           the descriptor argument, the *at() directory descriptor
                                  (AT_FDCWD is -100); NA when the call has none
    target_fd     Int32           epoll_ctl's target, dup2/dup3's new descriptor; NA otherwise
    nfds          int32           poll/select/epoll_wait descriptors or max events, else 0
    fds0, fds1    Int32           pipe/pipe2/socketpair: the descriptors created; NA otherwise
    open_flags    uint32          open/openat/openat2/creat flags, other calls' flags argument
    fd_flags      uint32          open flags of the call's descriptor (O_ACCMODE, status bits)
    mode          uint32          file mode argument, else 0
    epoll_op      category        epoll_ctl's op: ADD, DEL, MOD; NA otherwise
    epoll_events  uint32          epoll_ctl's event mask, else 0
    socket_domain, socket_type, socket_protocol   int32   socket/socketpair arguments, else 0
    file_ino      UInt64          inode of the file the call touched; NA if unknown
    file_dev      UInt64          its device, as os.stat().st_dev has it; NA if unknown
    cgroup_id     UInt64          the task's cgroup v2 id (inode of its cgroup directory); NA
                                  if unknown
    ino0, ino1    UInt64          inodes of the descriptor argument's file and of the returned
                                  descriptor's file (pipe/socketpair: of fds0, fds1); NA if none
    dev0, dev1    UInt64          their devices, as os.stat().st_dev has them; NA if none
    arg0..arg5    uint64          the raw syscall arguments
    event_flags   uint32          ior.EVENT_* bits
    no_return     bool            the call never returns (exit, exit_group, rt_sigreturn)

Times and sizes are signed, so differences (latency_ns - gap_ns) never wrap. Int64/Int32/UInt64
are pandas' nullable integer dtypes: a missing value is pandas.NA, not a sentinel. Strings
(comm, syscall, file, paths, errno names) are categoricals: each distinct value is stored once.
Strings from the traced processes are decoded as os.fsdecode() does. Paths come from the
batches, so frame_from_events() on a bare array has NA in file, path, path2 and old_file.

The frames are built batch by batch in C++ (ior._ior.FrameBuilder): ior.trace() holds no batch
longer than it takes to append it, and the columns are never copied into the DataFrame.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

import numpy as np
import pandas as pd

from ior import _ior

COLUMNS = tuple(_ior.COLUMNS)


def as_columns(columns: Optional[Iterable[str]]) -> List[str]:
    """Checks a `columns=` argument: None (every column) or column names."""
    if columns is None:
        return []
    if isinstance(columns, (str, bytes)):
        raise TypeError("columns must be a list of column names, e.g. ['syscall', "
                        f"'latency_ns'], not a single {type(columns).__name__}")
    names = list(columns)
    for i, name in enumerate(names):
        if not isinstance(name, str):
            raise TypeError(f"columns[{i}] must be a str, not {type(name).__name__}")
    if not names:
        raise ValueError("columns is empty: leave it out (None) for every column")
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are "
                         f"ior.COLUMNS: {', '.join(COLUMNS)}")
    return names


def _series_data(kind: str, values: np.ndarray, mask: Optional[np.ndarray],
                 categories: Optional[list]):
    if kind == "values":
        return values
    if kind == "datetime":
        return values.view("datetime64[ns]")
    if kind == "nullable":
        if values.dtype == np.bool_:
            return pd.arrays.BooleanArray(values, mask)
        return pd.arrays.IntegerArray(values, mask)
    if kind == "category":
        # The codes already have the width pandas picks for this many categories: no copy.
        return pd.Categorical.from_codes(values, dtype=pd.CategoricalDtype(categories))
    raise AssertionError(f"unknown column kind {kind!r}")


def frame_from_columns(parts: Sequence[tuple]) -> pd.DataFrame:
    """The DataFrame of FrameBuilder.finish()'s columns, without copying them."""
    data = {name: _series_data(kind, values, mask, categories)
            for name, kind, values, mask, categories in parts}
    # copy=False: pandas would otherwise copy every column into 2-d blocks. No `columns=`
    # either (the dict keeps the order): with it pandas 1.5 goes through an object Series of the
    # columns that briefly needs more memory than the whole frame.
    return pd.DataFrame(data, copy=False)


def frame_from_batches(batches: Iterable["_ior.Batch"],
                       columns: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """One DataFrame (columns: see the module doc) of several batches, in order. Each batch is
    appended as it comes, so an iterator that drops its batches (Session.batches()) keeps the
    memory at about the frame's size."""
    builder = _ior.FrameBuilder(as_columns(columns))
    for batch in batches:
        builder.add(batch)
    return frame_from_columns(builder.finish())


def frame_from_events(events: np.ndarray, columns: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """DataFrame of a structured array of ior.EVENT_DTYPE (Batch.to_numpy(), or an array built
    from them). A bare array has no strings: file, path, path2 and old_file are NA."""
    if not isinstance(events, np.ndarray) or events.dtype != _ior.EVENT_DTYPE:
        raise TypeError("expected a numpy array of ior.EVENT_DTYPE, got "
                        f"{getattr(events, 'dtype', type(events).__name__)}")
    builder = _ior.FrameBuilder(as_columns(columns))
    builder.add_events(np.ascontiguousarray(events.reshape(-1)))
    return frame_from_columns(builder.finish())


def concat_events(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """One EVENT_DTYPE array of several (np.concatenate would pack away the padding)."""
    out = np.empty(sum(len(a) for a in arrays), dtype=_ior.EVENT_DTYPE)
    at = 0
    for a in arrays:
        out[at:at + len(a)] = a
        at += len(a)
    return out


def stats_frame(stats: "_ior.SessionStats") -> pd.DataFrame:
    """Per-syscall kernel aggregates of a SessionStats, one row per syscall, by count. Columns:
    syscall, count, errors, sampled_out, delivered, latency_sum_ns, latency_min_ns,
    latency_max_ns, degraded (the part of sampled_out left out to keep up, Session(degrade=True)),
    degraded_one_in (the thinnest row rate the kernel fell to: 1 in this many; 0 if none) and
    sample_rate (the rate the syscall was last traced at: 1 every call, N one in N, 0 counted
    only)."""
    names = ["count", "errors", "sampled_out", "delivered", "latency_sum_ns", "latency_min_ns",
             "latency_max_ns", "degraded", "degraded_one_in", "sample_rate"]
    rows = [dict(syscall=s.name, **{k: getattr(s, k) for k in names}) for s in stats.syscalls]
    frame = pd.DataFrame(rows, columns=["syscall"] + names)
    frame = frame.astype({c: "int64" for c in names})
    return frame.sort_values("count", ascending=False, ignore_index=True)


def degrade_frame(stats: "_ior.SessionStats") -> pd.DataFrame:
    """The time windows in which rows were degraded (SessionStats.degrade_windows), one row per
    window, oldest first. Columns: start_ns, end_ns (CLOCK_BOOTTIME, as enter_ns), calls (calls
    degraded in [start_ns, end_ns)) and min_one_in (the thinnest rate of those calls: 1 row in
    this many), all int64. Empty (with these columns) when nothing was degraded."""
    names = ["start_ns", "end_ns", "calls", "min_one_in"]
    rows = [{k: getattr(w, k) for k in names} for w in stats.degrade_windows]
    return pd.DataFrame(rows, columns=names).astype({c: "int64" for c in names})
