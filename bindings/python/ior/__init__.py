"""libior for Python: trace Linux system calls with eBPF into numpy arrays and pandas frames.

    import ior

    df = ior.trace(["/bin/ls", "/"], families=["all"])   # a command, first syscall to exit
    df.groupby("syscall", observed=True)["latency_ns"].describe()
    df = ior.trace(["make"], columns=["time", "syscall", "file", "latency_ns"])  # only these

    for batch in ior.trace_batches(["make", "-j2"]):    # a stream while the command runs
        print(batch.to_pandas(columns=["syscall", "errno"]).value_counts())

    with ior.Session(pid=1234, syscalls=["openat", "read"]) as s:
        for batch in s.batches(timeout=1.0):      # ends after 1 s without events, or at stop()
            events = batch.to_numpy()             # structured array over the batch, no copy
            print(events["latency_ns"].mean())

    flame = ior.aggregate(df)                     # flamegraph keys: path, syscall, comm, pid...
    flame.collapsed(count="bytes")                # [(stack, value)], as `ior collapsed`
    ior.read_recording(flame.write_recording())   # a .ior.zst file, as `ior -flamegraph`

DataFrame columns (ior.COLUMNS; details in help(ior._frame)): `time` (wall clock,
datetime64[ns]), signed int64 times and sizes, categoricals for strings (comm, syscall, family,
file, path, errno) and pandas NA (nullable Int64/Int32/UInt64) where a value is missing.

Tracing needs root (or CAP_BPF + CAP_PERFMON) and a kernel with BTF. Errors of the tracer are
`ior.Error` (an OSError with `errno`); bad arguments raise TypeError or ValueError.
"""

from ior._ior import (
    EVENT_DTYPE,
    EVENT_FIRST_ON_THREAD,
    EVENT_NO_RETURN,
    EVENT_SIZE,
    Batch,
    Error,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    PollResult,
    SessionStats,
    SyscallStats,
    bytes_class_names,
    family_names,
    syscall_table,
)
from ior._flame import Flame, aggregate, read_recording
from ior._errors import syscall_name, syscall_number
from ior._frame import (COLUMNS, degrade_frame, frame_from_batches, frame_from_events,
                        stats_frame)
from ior._session import CommandTrace, Session, trace, trace_batches

__all__ = [
    "COLUMNS",
    "CommandTrace",
    "EVENT_DTYPE",
    "EVENT_FIRST_ON_THREAD",
    "EVENT_NO_RETURN",
    "EVENT_SIZE",
    "Batch",
    "Error",
    "Flame",
    "InvalidArgumentError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollResult",
    "Session",
    "SessionStats",
    "SyscallStats",
    "aggregate",
    "bytes_class_names",
    "degrade_frame",
    "family_names",
    "frame_from_batches",
    "frame_from_events",
    "read_recording",
    "stats_frame",
    "syscall_name",
    "syscall_number",
    "syscall_table",
    "trace",
    "trace_batches",
]
