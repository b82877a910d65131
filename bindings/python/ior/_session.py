"""ior.Session and ior.trace(): the Pythonic layer over the extension module."""

from __future__ import annotations

import datetime
import os
from typing import (Any, Callable, Iterable, Iterator, List, Mapping, Optional, Sequence,
                    Union)

import numpy as np
import pandas as pd

from ior import _errors, _flame, _frame, _ior

Seconds = Union[int, float, datetime.timedelta]

# The library's defaults (ior::SessionOptions).
_DEFAULT_BATCH_SIZE = _ior.SESSION_DEFAULTS["batch_size"]
_DEFAULT_MAX_DELAY = _ior.SESSION_DEFAULTS["max_delay"]
_DEFAULT_RING_BYTES = _ior.SESSION_DEFAULTS["ring_bytes"]
_DEFAULT_MAX_QUEUED_BATCHES = _ior.SESSION_DEFAULTS["max_queued_batches"]


def _core_options(families: Any, syscalls: Any, batch_size: Any, max_delay: Any, ring_bytes: Any,
                  max_queued_batches: Any) -> dict:
    delay = _errors.as_seconds("max_delay", max_delay)
    if delay == 0:
        raise _errors.invalid("max_delay must be > 0 seconds, not 0")
    return dict(
        families=_errors.as_families(families),
        syscalls=_errors.as_syscalls(syscalls),
        batch_size=_errors.as_count("batch_size", batch_size),
        max_delay=delay,
        ring_bytes=_errors.as_count("ring_bytes", ring_bytes),
        max_queued_batches=_errors.as_count("max_queued_batches", max_queued_batches),
    )


# The selection and filter arguments every entry point takes (ior.Session documents them),
# with their defaults.
_EXTRA_DEFAULTS: dict = dict(
    kinds=None, tracepoints=None, exclude_families=None, exclude_kinds=None,
    exclude_syscalls=None, exclude_tracepoints=None, sample_families=None,
    sample_syscalls=None, cgroup=None, comm_filter=None, comm_match="substring",
    path_filter=None, path_match="substring", track_files=True, btf_path=None)


def _extra_options(where: str, **options: Any) -> dict:
    """The `extra` dict of the extension's entry points (bindings/python/options.h) from the
    selection and filter keyword arguments of `where` ("trace"); TypeError for an unknown one
    or a wrong type. Names and rates are checked by the library when the session is made."""
    unknown = sorted(set(options) - set(_EXTRA_DEFAULTS))
    if unknown:
        raise TypeError(f"{where}() got an unexpected keyword argument {unknown[0]!r}")
    o = {**_EXTRA_DEFAULTS, **options}
    extra: dict = {}
    for name in ("kinds", "tracepoints", "exclude_families", "exclude_kinds", "exclude_syscalls",
                 "exclude_tracepoints"):
        if o[name] is not None:
            extra[name] = _errors.as_names(name, o[name])
    for name in ("sample_families", "sample_syscalls"):
        if o[name] is not None:
            extra[name] = _errors.as_rates(name, o[name])
    cgroup = o["cgroup"]
    if isinstance(cgroup, (str, os.PathLike)):
        extra["cgroup_path"] = os.fspath(cgroup)
    elif cgroup is not None:
        number = _errors.as_int("cgroup", cgroup)
        if number < 1:
            raise _errors.invalid(f"cgroup must be a cgroup v2 id (>= 1) or a path, not {number}")
        extra["cgroup_id"] = number
    for what in ("comm", "path"):
        text = o[f"{what}_filter"]
        match = _errors.as_match(f"{what}_match", o[f"{what}_match"])
        if text is not None:
            if not isinstance(text, str):
                raise TypeError(f"{what}_filter must be a str, not {type(text).__name__}")
            extra[f"{what}_filter"] = text
            extra[f"{what}_match"] = match
    if not isinstance(o["track_files"], bool):
        raise TypeError(f"track_files must be a bool, not {type(o['track_files']).__name__}")
    extra["track_files"] = o["track_files"]
    if o["btf_path"] is not None:
        if not isinstance(o["btf_path"], (str, os.PathLike)):
            raise TypeError(f"btf_path must be a path, not {type(o['btf_path']).__name__}")
        extra["btf_path"] = os.fspath(o["btf_path"])
    return extra


class Session:
    """One trace of system calls: `with ior.Session(pid=...) as s:` starts it and stops it.

    Arguments (all optional; keyword-only except `pid`):
      pid, pids: trace these processes (thread group ids). None/empty: every process except
        this one.
      tids: trace only these threads.
      families: syscall families ("FS", "Network", ..., case-insensitive; "all" for every
        syscall), see ior.family_names().
      syscalls: syscall names ("openat", "syscall_<nr>"), added to the families.
        With neither families nor syscalls, the FS family is traced (the original tool's
        default); families=["all"] traces everything.
      batch_size: a batch is delivered when it holds this many events...
      max_delay: ...or when its oldest event has waited this many seconds.
      ring_bytes: size of the kernel ring buffer (a power of two, at least 4096).
      max_queued_batches: batches decoded but not yet consumed before the kernel ring buffers
        the backlog.
      follow: the processes the targets start become targets too (needs pid/pids).
      end_with_targets: with pid/pids/tids (the default True), batches() ends by itself once
        every target has exited and all they wrote was delivered; False traces until stop().
      aggregate_only: count and time every selected call in the kernel only: no batches, and
        stats() has exact per-syscall counts, errors and latency histograms (the cheapest
        way to trace).
      measure_kernel_time: time the kernel programs while the session runs (stats().cost;
        host-wide: every BPF program run pays two clock reads meanwhile).
      degrade: degrade instead of drop: when the kernel ring fills faster than it is drained,
        rows are thinned to 1 in N per syscall (N a power of two) rather than lost at random;
        counts stay exact, and stats().degraded / .degrade_windows say how much was left out.

    What to trace, beyond families and syscalls (the C++ Selection; ior.family_names()):
      kinds: syscall kinds ("open", "sleep", "socket", ...; a wrong one lists them) to add.
      tracepoints: regexes over the syscalls' tracepoint names ("^sys_enter_read") to add.
      exclude_families, exclude_kinds, exclude_syscalls, exclude_tracepoints: removed from
        what the others selected.
      sample_families, sample_syscalls: sampling rates by name, {"read": 100}: 0 = counted in
        the kernel only (no events), 1 = every call, N = one call in N; a syscall's own rate
        wins over its family's. stats() counts stay exact.
    Filters:
      cgroup: trace only tasks of this cgroup v2: its id (int) or its path, absolute or
        relative to /sys/fs/cgroup ("system.slice/cron.service").
      comm_filter, path_filter: deliver only the events whose task name / file matches this
        text; comm_match, path_match: "substring" (default), "exact" or "prefix". Events left
        out are counted in stats().filtered.
      track_files: False keeps no descriptor tables: events name only the paths their calls
        carry (openat's, not read's), and the session's thread does less.
      btf_path: the BTF file the programs are relocated against (default: the kernel's own).

    Wrong argument types raise TypeError, bad values (negative pid, unknown syscall) ValueError,
    before anything is loaded. Tracing errors are ior.Error (OSError) subclasses with `errno`.

    Consuming: `for batch in s:` (the same as s.batches()), next_batch(), poll(), to_pandas()
    (one DataFrame built batch by batch; columns=[...] for only some columns). Recordings fed
    by every delivered batch: record_parquet(), record_trace_json(), flame().

    Threads: consume (batches/next_batch/poll/to_pandas) from one thread at a time; stop(),
    stats(), set_targets() and set_syscalls() may be called from any thread, so another thread
    can end a `for batch in s.batches()` loop with s.stop().
    """

    def __init__(self, pid: Optional[int] = None, *, pids: Optional[Iterable[int]] = None,
                 tids: Optional[Iterable[int]] = None,
                 families: Optional[Iterable[str]] = None,
                 syscalls: Optional[Iterable[str]] = None,
                 batch_size: int = _DEFAULT_BATCH_SIZE, max_delay: Seconds = _DEFAULT_MAX_DELAY,
                 ring_bytes: int = _DEFAULT_RING_BYTES,
                 max_queued_batches: int = _DEFAULT_MAX_QUEUED_BATCHES,
                 follow: bool = False, end_with_targets: bool = True,
                 aggregate_only: bool = False, measure_kernel_time: bool = False,
                 degrade: bool = False,
                 kinds: Optional[Iterable[str]] = None,
                 tracepoints: Optional[Iterable[str]] = None,
                 exclude_families: Optional[Iterable[str]] = None,
                 exclude_kinds: Optional[Iterable[str]] = None,
                 exclude_syscalls: Optional[Iterable[str]] = None,
                 exclude_tracepoints: Optional[Iterable[str]] = None,
                 sample_families: Optional[Mapping[str, int]] = None,
                 sample_syscalls: Optional[Mapping[str, int]] = None,
                 cgroup: Union[int, str, os.PathLike, None] = None,
                 comm_filter: Optional[str] = None, comm_match: str = "substring",
                 path_filter: Optional[str] = None, path_match: str = "substring",
                 track_files: bool = True,
                 btf_path: Union[str, os.PathLike, None] = None) -> None:
        targets = _errors.as_ids("pids", pids)
        if pid is not None:
            targets.insert(0, _errors.as_id("pid", pid))
        for name, value in (("follow", follow), ("end_with_targets", end_with_targets),
                            ("aggregate_only", aggregate_only),
                            ("measure_kernel_time", measure_kernel_time),
                            ("degrade", degrade)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
        self._core = _ior.Session(
            pids=targets, tids=_errors.as_ids("tids", tids),
            **_core_options(families, syscalls, batch_size, max_delay, ring_bytes,
                            max_queued_batches),
            follow=follow, end_with_targets=end_with_targets, aggregate_only=aggregate_only,
            measure_kernel_time=measure_kernel_time, degrade=degrade,
            extra=_extra_options(
                "Session", kinds=kinds, tracepoints=tracepoints, exclude_families=exclude_families,
                exclude_kinds=exclude_kinds, exclude_syscalls=exclude_syscalls,
                exclude_tracepoints=exclude_tracepoints, sample_families=sample_families,
                sample_syscalls=sample_syscalls, cgroup=cgroup, comm_filter=comm_filter,
                comm_match=comm_match, path_filter=path_filter, path_match=path_match,
                track_files=track_files, btf_path=btf_path))
        self._flames: List[_flame.Flame] = []  # flame(): fed every delivered batch

    def _delivered(self, batch: Optional[_ior.Batch]) -> Optional[_ior.Batch]:
        if batch is not None:
            for flame in self._flames:
                flame.add(batch)
        return batch

    # Lifecycle.

    def start(self) -> "Session":
        """Loads and attaches the probes; every later syscall of the targets is traced.

        Raises ior.NotFoundError (a FileNotFoundError) when none of the target processes (or
        threads) exists, ior.PermissionDeniedError without root (or CAP_BPF and CAP_PERFMON),
        ior.Error without BTF (ENOTSUP) or BPF (ENOSYS), and ior.Error (EBADFD; `code` -4004,
        the C ABI's IOR_ESTATE) when already started.
        """
        self._core.start()
        return self

    def stop(self) -> None:
        """Detaches the probes. Events already traced stay available to the consumers, after
        which batches() ends. Idempotent."""
        self._core.stop()

    def __enter__(self) -> "Session":
        if not self._core.started:
            self._core.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._core.stop()

    @property
    def started(self) -> bool:
        return self._core.started

    @property
    def stopped(self) -> bool:
        return self._core.stopped

    @property
    def ended(self) -> bool:
        """True once the session is stopped and every event has been consumed."""
        return self._core.ended

    @property
    def fd(self) -> int:
        """Readable while a batch waits (for select/poll/asyncio loops)."""
        return self._core.fd

    # Consuming.

    def next_batch(self, timeout: Optional[Seconds] = None) -> Optional[_ior.Batch]:
        """The next batch; None if none came within `timeout` seconds (None: no limit) or once
        the stream has ended (see `ended`). The GIL is released while waiting; Ctrl-C raises
        KeyboardInterrupt within 0.1 s."""
        return self._delivered(
            self._core.next_batch(_errors.as_seconds("timeout", timeout, allow_none=True)))

    def batches(self, timeout: Optional[Seconds] = None) -> Iterator[_ior.Batch]:
        """Yields batches as they come. The iteration ends when every event has been yielded
        and the session is stopped or (end_with_targets) its targets have all exited, or when
        no batch came for `timeout` seconds (None: wait for that end, a stop() from another
        thread, or Ctrl-C)."""
        seconds = _errors.as_seconds("timeout", timeout, allow_none=True)
        while True:
            batch = self._delivered(self._core.next_batch(seconds))
            if batch is None:
                return
            yield batch

    def poll(self, callback: Callable[[_ior.Batch], Any],
             timeout: Optional[Seconds] = None) -> _ior.PollResult:
        """Waits up to `timeout` seconds for a batch, then calls `callback(batch)` for it and
        the batches queued by then (those queued meanwhile wait for the next call, so a busy
        trace cannot keep one call running). A callback returning a true value other than None
        stops the poll (it comes back as `callback_result`); an exception it raises stops the
        poll and propagates."""
        if not callable(callback):
            raise TypeError(f"callback must be callable, not {type(callback).__name__}")
        if self._flames:
            user_callback = callback
            callback = lambda batch: user_callback(self._delivered(batch))  # noqa: E731
        return self._core.poll(callback,
                               _errors.as_seconds("timeout", timeout, allow_none=True))

    def to_numpy(self, timeout: Optional[Seconds] = None) -> np.ndarray:
        """Every remaining event (see batches() for when it ends) as one EVENT_DTYPE array."""
        return _frame.concat_events([b.to_numpy() for b in self.batches(timeout)])

    def __iter__(self) -> Iterator[_ior.Batch]:
        """`for batch in session:` is `for batch in session.batches():`."""
        return self.batches()

    def to_pandas(self, timeout: Optional[Seconds] = None, *,
                  columns: Optional[Iterable[str]] = None) -> pd.DataFrame:
        """Every remaining event (see batches() for when it ends) as one DataFrame (columns: see
        ior.COLUMNS; `columns`: only these), built batch by batch as they come; typically called
        after the `with` block, which stopped the session, or with end_with_targets."""
        return _frame.frame_from_batches(self.batches(timeout), columns)

    # Statistics and live changes.

    def stats(self) -> _ior.SessionStats:
        """Kernel aggregates (exact, whatever was dropped) and delivery counters, read now."""
        return self._core.stats()

    def stats_frame(self) -> pd.DataFrame:
        """stats() per syscall as a DataFrame, by count."""
        return _frame.stats_frame(self._core.stats())

    def degrade_frame(self) -> pd.DataFrame:
        """stats().degrade_windows as a DataFrame, oldest first (see ior.degrade_frame)."""
        return _frame.degrade_frame(self._core.stats())

    def set_targets(self, pids: Optional[Iterable[int]] = None,
                    tids: Optional[Iterable[int]] = None) -> None:
        """Replaces the traced processes and threads of the running session."""
        self._core.set_targets(_errors.as_ids("pids", pids), _errors.as_ids("tids", tids))

    def set_syscalls(self, syscalls: Optional[Iterable[str]]) -> None:
        """Replaces the traced syscalls of the running session by these names."""
        self._core.set_syscalls(_errors.as_syscalls(syscalls))

    # Recording.

    def flame(self, max_keys: Optional[int] = _flame.DEFAULT_MAX_KEYS) -> _flame.Flame:
        """A new ior.Flame that aggregates every batch delivered from now on (by poll(),
        next_batch(), batches(), to_pandas()...), before the caller sees it; several may be
        attached. Consume the session to the end, then read the flame (collapsed(),
        to_pandas(), write_recording(session=s))."""
        flame = _flame.Flame(max_keys)
        self._flames.append(flame)
        return flame

    def record_parquet(self, path: Union[str, os.PathLike], *, overwrite: bool = True,
                       row_group_rows: int = 1 << 20, zstd_level: int = 1) -> None:
        """Writes every batch delivered from now on (by poll(), next_batch(), batches()...) to a
        Parquet file as well: one row per event, the columns of ior/parquet.h (the original
        ior's 24, then bytes_class, errno, wall_time_ns, ...). The file is written to a
        temporary `path.XXXXXX.tmp` beside it and appears at `path` when close_parquet() (or the session's end)
        closes it; overwrite=False refuses an existing path (ior.Error, errno EEXIST)."""
        self._core.record_parquet(os.fspath(path), bool(overwrite), int(row_group_rows),
                                  int(zstd_level))

    def close_parquet(self) -> Optional[dict]:
        """Ends the recording: the session's statistics go in the footer and the file is
        published. Returns {"path", "rows", "rows_shed"}, or None if nothing was recorded.
        Call it after the session is stopped and drained to record every event."""
        return self._core.close_parquet()

    def record_trace_json(self, path: Union[str, os.PathLike], *, overwrite: bool = True,
                          max_events: int = 0) -> None:
        """Writes every batch delivered from now on to a Chrome trace-event JSON file as well
        (what `ior -trace-json` writes; Perfetto and chrome://tracing open it): one slice per
        call on its thread's track, process and thread names, exec/fork/exit marks.
        `max_events` > 0 caps the slices written (the rest are counted). The file is written to a
        temporary `path.XXXXXX.tmp` beside it and appears at `path` when close_trace_json() closes it;
        overwrite=False refuses an existing path (ior.Error, errno EEXIST)."""
        if not isinstance(overwrite, bool):
            raise TypeError(f"overwrite must be a bool, not {type(overwrite).__name__}")
        self._core.record_trace_json(os.fspath(path), overwrite,
                                     _errors.as_count("max_events", max_events, minimum=0))

    def close_trace_json(self) -> Optional[dict]:
        """Ends the JSON document and publishes the file. Returns {"path", "events",
        "events_dropped"}, or None if nothing was recording. Call it after the session is
        stopped and drained to record every event."""
        return self._core.close_trace_json()


def _as_argv(argv: Any) -> List[str]:
    if isinstance(argv, (str, bytes)):
        raise TypeError("argv must be a list of strings, e.g. ['ls', '-l'], not a single "
                        f"{type(argv).__name__}")
    if not isinstance(argv, Sequence):
        raise TypeError(f"argv must be a list of strings, not {type(argv).__name__}")
    if len(argv) == 0:
        raise _errors.invalid("argv is empty: trace() needs a command to run")
    out = []
    for i, a in enumerate(argv):
        if isinstance(a, os.PathLike):
            a = os.fspath(a)
        if isinstance(a, bytes):
            a = os.fsdecode(a)
        if not isinstance(a, str):
            raise TypeError(f"argv[{i}] must be a str, not {type(a).__name__}")
        if "\0" in a:
            raise _errors.invalid(f"argv[{i}] contains a NUL character")
        out.append(a)
    return out


def trace(argv: Sequence[Union[str, os.PathLike]], syscalls: Optional[Iterable[str]] = None, *,
          families: Optional[Iterable[str]] = None, batch_size: int = _DEFAULT_BATCH_SIZE,
          max_delay: Seconds = _DEFAULT_MAX_DELAY, ring_bytes: int = _DEFAULT_RING_BYTES,
          max_queued_batches: int = _DEFAULT_MAX_QUEUED_BATCHES, follow: bool = True,
          columns: Optional[Iterable[str]] = None, **options: Any) -> pd.DataFrame:
    """Runs `argv` (looked up in PATH) under the tracer, from its first system call (its
    execve) to its exit, tracing `families` and `syscalls` as ior.Session does (default: the
    FS family; families=["all"] for everything), and returns its events as one DataFrame
    (columns: see ior.COLUMNS and the ior._frame docs; `columns=[...]` builds only those).
    `options` are ior.Session's selection and filter arguments (kinds, ..., sample_syscalls,
    cgroup, comm_filter, path_filter, track_files, btf_path).

    The command is forked and held before exec until the session traces its pid, so nothing is
    missed. With `follow` (the default, as the CLI does for a command) the processes it starts
    are traced too, from their first call, and the trace ends when all of them have exited;
    follow=False traces that process only. Its exit status is in `df.attrs["exit_code"]` (128 +
    signal if killed), the delivery figures in `df.attrs["kernel_count"]`, `["delivered"]` and
    `["dropped"]`. Ctrl-C kills the command and raises KeyboardInterrupt. A command that cannot
    be run raises ior.NotFoundError (also a FileNotFoundError) or ior.Error.

    Memory: the columns are built in C++ as the batches come and each batch is dropped once
    appended, so a long trace costs about the DataFrame itself (bench/python_memory.py).
    """
    args = _as_argv(argv)
    if not isinstance(follow, bool):
        raise TypeError(f"follow must be a bool, not {type(follow).__name__}")
    names = _frame.as_columns(columns)
    parts, exit_code, stats = _ior.trace(
        args, follow=follow, columns=names,
        **_core_options(families, syscalls, batch_size, max_delay, ring_bytes,
                        max_queued_batches),
        extra=_extra_options("trace", **options))
    frame = _frame.frame_from_columns(parts)
    del parts
    _set_attrs(frame, args, exit_code, stats)
    return frame


def _set_attrs(frame: pd.DataFrame, args: List[str], exit_code: Optional[int],
               stats: _ior.SessionStats) -> None:
    frame.attrs["command"] = list(args)
    frame.attrs["exit_code"] = exit_code
    frame.attrs["kernel_count"] = stats.kernel_count
    frame.attrs["delivered"] = stats.delivered
    frame.attrs["dropped"] = stats.dropped
    frame.attrs["filtered"] = stats.filtered


class CommandTrace:
    """A command traced from its first system call to its exit, as a stream of batches: what
    ior.trace_batches() returns.

        with ior.trace_batches(["make", "-j2"], families=["all"]) as run:
            for batch in run:                     # ends when every traced process has exited
                print(len(batch), batch.to_pandas(columns=["syscall", "latency_ns"]).head())
        print(run.exit_code, run.stats().dropped)

    Iterating yields ior.Batch objects as they are delivered (the command runs meanwhile);
    leaving the `with` block (or close()) before the end kills the command. Consume from one
    thread.
    """

    def __init__(self, args: List[str], core: "_ior.TraceRun") -> None:
        self._args = args
        self._core = core

    def __iter__(self) -> Iterator[_ior.Batch]:
        return self.batches()

    def batches(self, timeout: Optional[Seconds] = None) -> Iterator[_ior.Batch]:
        """Yields batches as they come; ends when every traced process has exited and its
        events were yielded, or when no batch came for `timeout` seconds (None: no limit).
        The GIL is released while waiting; Ctrl-C raises KeyboardInterrupt within 0.1 s."""
        seconds = _errors.as_seconds("timeout", timeout, allow_none=True)
        while True:
            batch = self._core.next_batch(seconds)
            if batch is None:
                return
            yield batch

    def next_batch(self, timeout: Optional[Seconds] = None) -> Optional[_ior.Batch]:
        """The next batch; None after `timeout` seconds without one or at the end (`ended`)."""
        return self._core.next_batch(_errors.as_seconds("timeout", timeout, allow_none=True))

    def to_pandas(self, *, columns: Optional[Iterable[str]] = None) -> pd.DataFrame:
        """The remaining events as one DataFrame, built batch by batch (what ior.trace()
        returns, attrs included)."""
        frame = _frame.frame_from_batches(self.batches(), columns)
        _set_attrs(frame, self._args, self.exit_code, self.stats())
        return frame

    @property
    def pid(self) -> int:
        """Process id of the command."""
        return self._core.pid

    @property
    def ended(self) -> bool:
        """True once every traced process has exited and every batch was handed out."""
        return self._core.ended

    @property
    def exit_code(self) -> Optional[int]:
        """The command's exit status (128 + signal if killed) once `ended`, else None."""
        return self._core.exit_code

    def stats(self) -> _ior.SessionStats:
        """Kernel aggregates and delivery counters (final once `ended`)."""
        return self._core.stats()

    def close(self) -> None:
        """Kills the command if it still runs. Batches already traced can still be read."""
        self._core.kill()

    def __enter__(self) -> "CommandTrace":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if not self._core.ended:
            self.close()


def trace_batches(argv: Sequence[Union[str, os.PathLike]],
                  syscalls: Optional[Iterable[str]] = None, *,
                  families: Optional[Iterable[str]] = None, batch_size: int = _DEFAULT_BATCH_SIZE,
                  max_delay: Seconds = _DEFAULT_MAX_DELAY, ring_bytes: int = _DEFAULT_RING_BYTES,
                  max_queued_batches: int = _DEFAULT_MAX_QUEUED_BATCHES,
                  follow: bool = True, **options: Any) -> CommandTrace:
    """Starts `argv` under the tracer as ior.trace() does (same arguments) and returns a
    CommandTrace that yields its batches while it runs: a stream for commands too long to hold
    in one DataFrame. The command runs from this call on; iterate to consume its events."""
    args = _as_argv(argv)
    if not isinstance(follow, bool):
        raise TypeError(f"follow must be a bool, not {type(follow).__name__}")
    core = _ior.TraceRun(args, follow=follow,
                         **_core_options(families, syscalls, batch_size, max_delay, ring_bytes,
                                         max_queued_batches),
                         extra=_extra_options("trace_batches", **options))
    return CommandTrace(args, core)
