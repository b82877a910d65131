"""Checks of Python-side arguments, with messages that name the argument."""

from __future__ import annotations

import datetime
import errno
import numbers
import operator
from typing import Any, Dict, Iterable, List, Mapping, Optional

from ior import _ior

# Linux's PID_MAX_LIMIT on 64-bit: no pid or tid is larger.
PID_MAX_LIMIT = 4 * 1024 * 1024


def invalid(message: str) -> Exception:
    """An argument the library refuses too, refused before reaching it: the error the library's
    refusal raises, ior.InvalidArgumentError (also a ValueError) with the C ABI's code."""
    error = _ior.InvalidArgumentError(errno.EINVAL, message)
    error.code = -errno.EINVAL
    error.status_code = "INVALID_ARGUMENT"
    return error


def _type_name(value: Any) -> str:
    return type(value).__name__


def as_int(name: str, value: Any) -> int:
    """`value` as an int (ints and numpy integers; not bool, float or str), else TypeError."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not bool")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, not {_type_name(value)}") from None


def as_id(name: str, value: Any) -> int:
    """A pid or tid: an int in 1..PID_MAX_LIMIT."""
    number = as_int(name, value)
    if not 1 <= number <= PID_MAX_LIMIT:
        raise invalid(f"{name} {number} is out of range: expected 1..{PID_MAX_LIMIT}")
    return number


def as_ids(name: str, values: Optional[Iterable[Any]]) -> List[int]:
    if values is None:
        return []
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of ints, not {_type_name(values)}")
    return [as_id(f"{name}[{i}]", v) for i, v in enumerate(values)]


def as_names(name: str, values: Optional[Iterable[Any]]) -> List[str]:
    """A list of str (syscalls, families, kinds, tracepoint regexes, names to exclude): the
    type checks every list of names gets; what the names mean is the caller's to check."""
    if values is None:
        return []
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list of names, not a single {_type_name(values)}: "
                        f"write {name}=[{values!r}]")
    if not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of names, not {_type_name(values)}")
    out = []
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise TypeError(f"{name}[{i}] must be a str, not {_type_name(v)}")
        out.append(v)
    return out


def as_syscalls(values: Optional[Iterable[Any]]) -> List[str]:
    """Syscall names ("openat" or "syscall_<nr>"), each checked against the table."""
    names = as_names("syscalls", values)
    for i, v in enumerate(names):
        if _ior.syscall_number(v) is None:
            raise invalid(f"unknown syscall {v!r} (syscalls[{i}])")
    return names


def as_families(values: Optional[Iterable[Any]]) -> List[str]:
    """Family names ("FS", "Network", ..., case-insensitive) or "all"."""
    names = as_names("families", values)
    valid = {n.lower(): n for n in _ior.family_names()}
    valid["all"] = "all"
    for i, v in enumerate(names):
        if v.lower() not in valid:
            raise invalid(f"unknown syscall family {v!r} (families[{i}]): expected one of "
                             + ", ".join(list(_ior.family_names()) + ["all"]))
    return names


def as_count(name: str, value: Any, minimum: int = 1) -> int:
    number = as_int(name, value)
    if number < minimum:
        raise invalid(f"{name} must be at least {minimum}, not {number}")
    return number


def as_seconds(name: str, value: Any, *, allow_none: bool = False) -> Optional[float]:
    """Seconds as a float from an int, a float or a datetime.timedelta; >= 0."""
    if value is None:
        if allow_none:
            return None
        raise TypeError(f"{name} must be a number of seconds, not None")
    if isinstance(value, datetime.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        try:
            seconds = float(operator.index(value))
        except TypeError:
            raise TypeError(
                f"{name} must be a number of seconds (int, float or timedelta), "
                f"not {_type_name(value)}") from None
    else:
        seconds = float(value)
    if not seconds >= 0:  # NaN too
        raise invalid(f"{name} must be >= 0 seconds, not {value!r}")
    return seconds


def syscall_name(nr: Any) -> str:
    """The name of syscall number `nr` ("openat"), or "syscall_<nr>" for a number the table
    does not know."""
    number = as_int("nr", nr)
    if not 0 <= number <= 0xFFFFFFFF:
        raise invalid(f"nr must be in 0..4294967295, not {number}")
    return _ior.syscall_name(number)


def syscall_number(name: Any) -> Optional[int]:
    """The number of syscall `name` ("openat" or "syscall_<nr>"), or None if unknown."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {_type_name(name)}")
    return _ior.syscall_number(name)


def as_rates(name: str, rates: Optional[Mapping[Any, Any]]) -> Dict[str, int]:
    """Sampling rates by family or syscall name: 0 = counted in the kernel only, 1 = every call,
    N = one call in N."""
    if rates is None:
        return {}
    if not isinstance(rates, Mapping):
        raise TypeError(f"{name} must be a dict of name -> rate, not {_type_name(rates)}")
    out = {}
    for key, value in rates.items():
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be str, not {_type_name(key)}")
        rate = as_int(f"{name}[{key!r}]", value)
        if not 0 <= rate <= 0xFFFFFFFF:
            raise invalid(f"{name}[{key!r}] must be in 0..4294967295, not {rate}")
        out[key] = rate
    return out


MATCHES = ("substring", "exact", "prefix")


def as_match(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    if value not in MATCHES:
        raise invalid(f"{name} must be one of {', '.join(MATCHES)}, not {value!r}")
    return value
