#!/usr/bin/python3
"""Generates libior's x86_64 syscall table from the committed tracepoint snapshot.

Inputs (lib/syscall_gen/snapshot/x86_64/):
  formats.txt  one line per tracepoint: `sys_enter_<name>: <type> <arg>; ...` (the non-common
               fields of /sys/kernel/tracing/events/syscalls/*/format, in argument order)
  numbers.txt  `<nr> <name>` for every x86_64 syscall number (asm/unistd_64.h names)
Rules: syscall_rules.py next to this file (or --rules FILE).

Output: lib/syscall_table_x86_64.inc, one ior::SyscallInfo initializer per syscall sorted by
number, then (with IOR_SYSCALL_TABLE_ALIASES defined) the accepted alias names.

Usage:
  generate_syscall_table.py [--snapshot DIR] [--rules FILE] [--output FILE]
                            [--check COMMITTED] [--listing FILE] [--compare OLD_SNAPSHOT_DIR]
  generate_syscall_table.py --capture TRACEFS_SYSCALLS_DIR --snapshot DIR [--numbers FILE]

--check     after writing --output, compare it with COMMITTED; print a diff and exit 1 if they
            differ (the drift test).
--rules     classification rules to apply instead of syscall_rules.py (the generator's
            unit test applies an edited copy).
--listing   also write a tab-separated listing (name, nr, family, kind, bytes, plan, file_op,
            decode, tracked).
--compare   print the syscalls that are new, removed or re-classified in the table of --snapshot
            compared with the table of OLD_SNAPSHOT_DIR.
--capture   rewrite formats.txt of --snapshot from a tracefs events/syscalls directory;
            --numbers merges numbers from an asm/unistd_64.h or a kernel syscall_64.tbl.
Python 3 standard library only.
"""

import argparse
import difflib
import importlib.util
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RULES = os.path.join(HERE, "syscall_rules.py")
DEFAULT_SNAPSHOT = os.path.join(HERE, "snapshot", "x86_64")
DEFAULT_OUTPUT = os.path.join(os.path.dirname(HERE), "syscall_table_x86_64.inc")
# Declares the FileOp and DecodeRule enums whose enumerators the rules name.
HEADER = os.path.join(os.path.dirname(os.path.dirname(HERE)), "include", "ior", "syscalls.h")


def load_rules(path):
    spec = importlib.util.spec_from_file_location("syscall_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = load_rules(DEFAULT_RULES)

BYTES_ENUM = {"none": "kNone", "read": "kRead", "write": "kWrite", "transfer": "kTransfer"}


class GenerateError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Snapshot
# ---------------------------------------------------------------------------------------------

def parse_formats(path):
    """Returns {event name: [(type, arg name), ...]} from formats.txt."""
    events = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            event, sep, rest = line.partition(":")
            if not sep or not event.startswith(("sys_enter_", "sys_exit_")):
                raise GenerateError(f"{path}:{lineno}: expected 'sys_enter_<name>: fields'")
            fields = []
            for decl in filter(None, (d.strip() for d in rest.split(";"))):
                m = re.fullmatch(r"(.*?)\s*\b(\w+)(\[\d*\])?", decl)
                if not m:
                    raise GenerateError(f"{path}:{lineno}: cannot parse field '{decl}'")
                fields.append((m.group(1).strip(), m.group(2)))
            events[event] = fields
    return events


def parse_numbers(path):
    """Returns {nr: name} from numbers.txt."""
    numbers = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[0].isdigit():
                raise GenerateError(f"{path}:{lineno}: expected '<nr> <name>'")
            nr, name = int(parts[0]), parts[1]
            if nr in numbers:
                raise GenerateError(f"{path}:{lineno}: number {nr} listed twice")
            numbers[nr] = name
    return numbers


def load_snapshot(snapshot_dir):
    return (parse_formats(os.path.join(snapshot_dir, "formats.txt")),
            parse_numbers(os.path.join(snapshot_dir, "numbers.txt")))


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------

def family_of(name):
    for family in rules.FAMILY_ORDER:
        if family != "FS" and name in rules.FAMILIES[family]:
            return family
    if any(s in name for s in rules.FS_SUBSTRINGS) or name in rules.FS_NAMES:
        return "FS"
    return "Misc"


def kind_of(name, fields):
    """fields is None for a syscall without a tracepoint in the snapshot."""
    if name in rules.KIND_BY_NAME:
        return rules.KIND_BY_NAME[name]
    if fields is None:
        return "null"
    arg_names = {arg for _, arg in fields}
    for syscall, arg, kind in rules.KIND_BY_NAME_AND_FIELD:
        if name == syscall and arg in arg_names:
            return kind
    if "open" in name and "filename" in arg_names:
        return "open"
    for type_, arg in fields:
        if arg == "newname" and type_ in rules.STRING_TYPES:
            return "name"
        if arg == "fd" and type_ in rules.FD_TYPES:
            return "fd"
        if arg in rules.GENERIC_PATH_FIELDS and type_ in rules.STRING_TYPES:
            return "pathname"
    return "null"


def bytes_of(name):
    for cls, names in rules.BYTES.items():
        if name in names:
            return cls
    return "none"


def first_arg(fields, pred):
    for i, (type_, arg) in enumerate(fields, 1):
        if pred(type_, arg):
            return i
    return 0


def plan_of(name, fields):
    plan = {"fd_arg": 0, "dirfd_arg": 0, "path_args": [0, 0], "flags_arg": 0, "mode_arg": 0,
            "mem_arg": 0, "mem_len": 0, "mem_at_exit": False,
            "returns_fd": name in rules.RETURNS_FD, "noreturn": name in rules.NORETURN}
    if fields is None:
        return plan
    plan["fd_arg"] = first_arg(
        fields, lambda t, a: a in rules.FD_ARG_NAMES and t in rules.FD_TYPES)
    plan["dirfd_arg"] = first_arg(fields, lambda t, a: a in rules.DIRFD_ARG_NAMES)
    if name in rules.FD_DIRFD_OVERRIDES:
        plan["fd_arg"], plan["dirfd_arg"] = rules.FD_DIRFD_OVERRIDES[name]
    paths = [i for i, (t, a) in enumerate(fields, 1)
             if t in rules.STRING_TYPES
             and (a in rules.PATH_ARG_NAMES or (name, a) in rules.PATH_ARG_BY_SYSCALL)]
    plan["path_args"] = (paths + [0, 0])[:2]
    plan["flags_arg"] = first_arg(fields, lambda t, a: a in rules.FLAGS_ARG_NAMES)
    plan["mode_arg"] = first_arg(fields, lambda t, a: a == "mode" and t in rules.MODE_TYPES)
    if name in rules.MEM:
        arg, length, at_exit = rules.MEM[name]
        pos = first_arg(fields, lambda t, a: a == arg)
        if pos == 0:
            raise GenerateError(f"{name}: no argument '{arg}' for the mem rule")
        plan.update(mem_arg=pos, mem_len=length, mem_at_exit=at_exit)
    return plan


def file_op_of(name, plan):
    if name in rules.FILE_OPS:
        return rules.FILE_OPS[name]
    if plan["returns_fd"]:
        return "ProcFd"
    if plan["path_args"][0]:
        return "Pathname"
    if plan["fd_arg"]:
        return "Fd"
    return "None"


def check_enum_rules(names):
    """Every name a FileOp/DecodeRule rule uses is a syscall and a known enumerator."""
    tables = [("FILE_OPS", rules.FILE_OPS, rules.FILE_OP_ENUM),
              ("DECODE_RULES", rules.DECODE_RULES, rules.DECODE_RULE_ENUM),
              ("TRACKED_FILE_OPS", {op: op for op in rules.TRACKED_FILE_OPS}, rules.FILE_OP_ENUM)]
    for table, mapping, enum in tables:
        for name, value in sorted(mapping.items()):
            if table != "TRACKED_FILE_OPS" and name not in names:
                raise GenerateError(f"{table} names '{name}', which is not a syscall of the table")
            if value not in enum:
                raise GenerateError(f"{table}['{name}'] is '{value}', not one of {enum}")


def build_table(events, numbers):
    """Returns (rows sorted by number, aliases {alias: nr})."""
    classic_to_tp = {classic: tp for tp, classic in rules.TRACEPOINT_ALIASES.items()}
    enter = {e[len("sys_enter_"):]: f for e, f in events.items() if e.startswith("sys_enter_")}
    exits = {e[len("sys_exit_"):] for e in events if e.startswith("sys_exit_")}
    rows, aliases, seen = [], {}, set()
    for nr in sorted(numbers):
        classic = numbers[nr]
        name = classic_to_tp.get(classic, classic)
        if name != classic:
            aliases[classic] = nr
        seen.add(name)
        fields = enter.get(name)
        row = {"nr": nr, "name": name, "family": family_of(name), "kind": kind_of(name, fields),
               "bytes": bytes_of(name), "tracepoint": fields is not None,
               "exit": name in exits}
        row.update(plan_of(name, fields))
        row["file_op"] = file_op_of(name, row)
        row["decode"] = rules.DECODE_RULES.get(name, "None")
        row["tracked"] = row["file_op"] in rules.TRACKED_FILE_OPS
        rows.append(row)
    missing = sorted((set(enter) | exits) - seen)
    if missing:
        raise GenerateError("tracepoints without a syscall number (add them to numbers.txt): "
                            + ", ".join(missing))
    used_kinds = {k for _, _, k in rules.KIND_BY_NAME_AND_FIELD} | set(rules.KIND_BY_NAME.values())
    for kind in sorted(used_kinds):
        if kind not in rules.KINDS:
            raise GenerateError(f"rule names unknown kind '{kind}'")
    check_enum_rules(seen)
    return rows, aliases


def header_enum(text, enum):
    """The enumerators of `enum class <enum>` in a C++ header, without their `k`."""
    m = re.search(r"enum class " + enum + r"\b[^{]*\{(.*?)\};", text, re.S)
    if not m:
        raise GenerateError(f"{HEADER}: no enum class {enum}")
    body = re.sub(r"//[^\n]*", "", m.group(1))
    return [e.strip()[1:] for e in body.split(",") if e.strip()]


def check_header(path):
    """The rules' enum lists match the C++ enums the generated rows name, in the same order, so
    that the listing and the C++ code mean the same thing by each value."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for enum, names in (("FileOp", rules.FILE_OP_ENUM), ("DecodeRule", rules.DECODE_RULE_ENUM)):
        declared = header_enum(text, enum)
        if declared != names:
            raise GenerateError(f"{path}: enum class {enum} is {declared}, the rules list {names}")


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def c_bool(v):
    return "true" if v else "false"


def render_inc(rows, aliases):
    out = [
        "// Generated by lib/syscall_gen/generate_syscall_table.py from",
        "// lib/syscall_gen/snapshot/x86_64/{formats,numbers}.txt (tracepoint formats and x86_64",
        "// syscall numbers) with the rules in lib/syscall_gen/syscall_rules.py. Do not edit: change",
        "// the rules or refresh the snapshot (lib/syscall_gen/refresh_snapshot.sh) and regenerate.",
        "//",
        "// Rows: ior::SyscallInfo {nr, name, family, kind, bytes, fd_arg, dirfd_arg, {path_args},",
        "// flags_arg, mode_arg, mem_arg, mem_len, mem_at_exit, returns_fd, noreturn, file_op, decode,",
        "// tracked}, by number.",
        "// A row marked `no tracepoint` has a number but no tracepoint in the snapshot.",
        "// With IOR_SYSCALL_TABLE_ALIASES defined: {alias, nr} for classic names of renamed",
        "// tracepoints.",
        f"// {len(rows)} syscalls, {sum(r['tracepoint'] for r in rows)} with a tracepoint.",
        "// clang-format off",
        "#ifndef IOR_SYSCALL_TABLE_ALIASES",
    ]
    for r in rows:
        line = (f'{{{r["nr"]}, "{r["name"]}", Family::k{r["family"]}, '
                f'"{r["kind"]}", BytesClass::{BYTES_ENUM[r["bytes"]]}, '
                f'{r["fd_arg"]}, {r["dirfd_arg"]}, {{{r["path_args"][0]}, {r["path_args"][1]}}}, '
                f'{r["flags_arg"]}, {r["mode_arg"]}, {r["mem_arg"]}, {r["mem_len"]}, '
                f'{c_bool(r["mem_at_exit"])}, {c_bool(r["returns_fd"])}, '
                f'{c_bool(r["noreturn"])}, FileOp::k{r["file_op"]}, '
                f'DecodeRule::k{r["decode"]}, {c_bool(r["tracked"])}}},')
        if not r["tracepoint"]:
            line += "  // no tracepoint"
        out.append(line)
    out.append("#else")
    for alias, nr in sorted(aliases.items()):
        out.append(f'{{"{alias}", {nr}}},')
    out.append("#endif")
    out.append("// clang-format on")
    return "\n".join(out) + "\n"


LISTING_COLUMNS = ["nr", "family", "kind", "bytes", "fd_arg", "dirfd_arg", "path_args",
                   "flags_arg", "mode_arg", "mem_arg", "mem_len", "mem_at_exit", "returns_fd",
                   "noreturn", "file_op", "decode", "tracked", "tracepoint"]


def listing_fields(row):
    return {c: (",".join(map(str, row[c])) if c == "path_args" else str(row[c]))
            for c in LISTING_COLUMNS}


def render_listing(rows):
    out = ["\t".join(["name"] + LISTING_COLUMNS)]
    for r in rows:
        f = listing_fields(r)
        out.append("\t".join([r["name"]] + [f[c] for c in LISTING_COLUMNS]))
    return "\n".join(out) + "\n"


def compare(old_rows, new_rows):
    """Returns human-readable lines describing what changed from old_rows to new_rows."""
    old = {r["name"]: listing_fields(r) for r in old_rows}
    new = {r["name"]: listing_fields(r) for r in new_rows}
    lines = []
    for name in sorted(new.keys() - old.keys(), key=lambda n: int(new[n]["nr"])):
        n = new[name]
        lines.append(f"new: {name} (nr {n['nr']}, {n['family']}, kind {n['kind']}, "
                     f"bytes {n['bytes']})")
    for name in sorted(old.keys() - new.keys(), key=lambda n: int(old[n]["nr"])):
        lines.append(f"removed: {name} (nr {old[name]['nr']})")
    for name in sorted(old.keys() & new.keys(), key=lambda n: int(new[n]["nr"])):
        changes = [f"{c} {old[name][c]} -> {new[name][c]}" for c in LISTING_COLUMNS
                   if old[name][c] != new[name][c]]
        if changes:
            lines.append(f"changed: {name}: " + ", ".join(changes))
    return lines


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# Capture (used by refresh_snapshot.sh)
# ---------------------------------------------------------------------------------------------

def read_tracefs_format(path):
    """The non-common fields of one tracefs format file as 'type name' strings."""
    fields = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*field:(.*?);\s*offset:", line)
            if not m:
                continue
            decl = m.group(1).strip()
            arg = re.search(r"(\w+)(\[\d*\])?$", decl).group(1)
            if arg.startswith("common_") or arg == "__syscall_nr":
                continue
            fields.append(decl)
    return fields


def capture(tracefs_dir, snapshot_dir, numbers_source):
    lines = []
    for event in sorted(os.listdir(tracefs_dir)):
        fmt = os.path.join(tracefs_dir, event, "format")
        if event.startswith(("sys_enter_", "sys_exit_")) and os.path.isfile(fmt):
            lines.append(f"{event}: " + "; ".join(read_tracefs_format(fmt)))
    if not lines:
        raise GenerateError(f"no sys_enter_*/sys_exit_* format files under {tracefs_dir}")
    header = [
        "# Syscall tracepoint formats: events/syscalls/sys_{enter,exit}_*/format of tracefs,",
        "# reduced to the non-common fields (type and name, in argument order), sorted.",
        f"# Captured from Linux {os.uname().release} ({os.uname().machine}) by",
        "# lib/syscall_gen/refresh_snapshot.sh.",
    ]
    write_if_changed(os.path.join(snapshot_dir, "formats.txt"),
                     "\n".join(header + [l.rstrip() for l in lines]) + "\n")
    if numbers_source:
        merge_numbers(numbers_source, os.path.join(snapshot_dir, "numbers.txt"))


def merge_numbers(source, numbers_path):
    """Adds the x86_64 numbers of an asm/unistd_64.h or a syscall_64.tbl to numbers.txt."""
    found = {}
    with open(source, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#define __NR_(\w+)\s+(\d+)\s*$", line)
            if m:
                found[int(m.group(2))] = m.group(1)
                continue
            parts = line.split("#", 1)[0].split()
            if len(parts) >= 3 and parts[0].isdigit() and parts[1] in ("common", "64"):
                found[int(parts[0])] = parts[2]
    if not found:
        raise GenerateError(f"{source}: no syscall numbers found")
    numbers = parse_numbers(numbers_path)
    added = []
    for nr, name in sorted(found.items()):
        if nr not in numbers:
            added.append(f"{nr} {name}")
        elif numbers[nr] != name:
            print(f"note: {source} names {nr} '{name}', numbers.txt '{numbers[nr]}' (kept)")
    if added:
        with open(numbers_path, "a", encoding="utf-8") as f:
            f.write(f"# added from {os.path.basename(source)}\n" + "\n".join(added) + "\n")
        print(f"numbers.txt: added {', '.join(added)}")


# ---------------------------------------------------------------------------------------------

def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--snapshot", default=DEFAULT_SNAPSHOT)
    p.add_argument("--rules", default=DEFAULT_RULES)
    p.add_argument("--output", default=DEFAULT_OUTPUT)
    p.add_argument("--check")
    p.add_argument("--listing")
    p.add_argument("--compare")
    p.add_argument("--capture")
    p.add_argument("--numbers")
    args = p.parse_args(argv)
    global rules
    try:
        rules = load_rules(args.rules)
        if args.capture:
            capture(args.capture, args.snapshot, args.numbers)
            return 0
        check_header(HEADER)
        rows, aliases = build_table(*load_snapshot(args.snapshot))
        if args.compare:
            old_rows, _ = build_table(*load_snapshot(args.compare))
            changes = compare(old_rows, rows)
            print("\n".join(changes) if changes else "no syscall is new, removed or re-classified")
            return 0
        text = render_inc(rows, aliases)
        write_if_changed(args.output, text)
        if args.listing:
            write_if_changed(args.listing, render_listing(rows))
        if args.check:
            with open(args.check, encoding="utf-8") as f:
                committed = f.read()
            if committed != text:
                sys.stdout.writelines(difflib.unified_diff(
                    committed.splitlines(True), text.splitlines(True),
                    fromfile=args.check + " (committed)",
                    tofile=args.output + " (regenerated from the snapshot)"))
                print(f"\n{args.check} differs from what the generator makes of the snapshot: "
                      "run lib/syscall_gen/generate_syscall_table.py and commit the result.")
                return 1
            print(f"{args.check} matches the snapshot ({len(rows)} syscalls)")
        return 0
    except (GenerateError, OSError) as e:
        print(f"generate_syscall_table.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
