#!/usr/bin/python3
"""Unit test of generate_syscall_table.py: a per-syscall rule is one entry in syscall_rules.py.

Each case applies an edited copy of the rules (--rules) to the committed snapshot and checks
that the table changes in exactly the row and columns that the edit names, and that the drift
check (--check against the committed table) then fails. Python 3 standard library only; run by
CTest as `syscall_rules_test`.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "generate_syscall_table.py")
RULES = os.path.join(HERE, "syscall_rules.py")
COMMITTED = os.path.join(os.path.dirname(HERE), "syscall_table_x86_64.inc")


def row_fields(line):
    """The comma-separated fields of an .inc row, e.g. ['{292', '"dup3"', ..., 'false},']."""
    return line.split(", ")


class OneRuleOneChange(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="syscall_rules_test.")
        self.addCleanup(shutil.rmtree, self.tmp)
        with open(RULES, encoding="utf-8") as f:
            self.rules_text = f.read()
        with open(COMMITTED, encoding="utf-8") as f:
            self.committed = f.read().splitlines()

    def generate(self, rules_text):
        """Runs the generator with `rules_text` as its rules; returns (exit code, output, lines)."""
        rules = os.path.join(self.tmp, "syscall_rules.py")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(rules_text)
        output = os.path.join(self.tmp, "table.inc")
        if os.path.exists(output):
            os.remove(output)
        proc = subprocess.run(
            [sys.executable, GENERATOR, "--rules", rules, "--output", output, "--check",
             COMMITTED],
            capture_output=True, text=True, check=False)
        lines = None
        if os.path.exists(output):
            with open(output, encoding="utf-8") as f:
                lines = f.read().splitlines()
        return proc.returncode, proc.stdout + proc.stderr, lines

    def edited(self, old, new):
        """The rules with the one occurrence of `old` replaced by `new`."""
        self.assertEqual(self.rules_text.count(old), 1, f"the rules should hold {old!r} once")
        return self.rules_text.replace(old, new)

    def assert_one_row_changed(self, lines, name, changes):
        """Only the row of syscall `name` differs from the committed table, in exactly
        `changes` ({field index: (committed, generated)})."""
        self.assertEqual(len(lines), len(self.committed))
        differing = [(a, b) for a, b in zip(self.committed, lines) if a != b]
        self.assertEqual(len(differing), 1, differing)
        before, after = map(row_fields, differing[0])
        self.assertEqual(before[1], f'"{name}"')
        self.assertEqual(len(before), len(after))
        got = {i: (a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b}
        self.assertEqual(got, changes)

    # Field positions in a row (see the .inc's header comment); {path_args} spans two fields.
    FILE_OP, DECODE, TRACKED = 16, 17, 18

    def test_committed_rules_give_the_committed_table(self):
        code, out, lines = self.generate(self.rules_text)
        self.assertEqual(code, 0, out)
        self.assertEqual(lines, self.committed)

    def test_changed_file_op_changes_only_that_row(self):
        code, out, lines = self.generate(self.edited('"dup3": "Dup3",', '"dup3": "Dup2",'))
        self.assertEqual(code, 1, out)  # the drift test catches it
        self.assertIn("differs from what the generator makes", out)
        self.assert_one_row_changed(lines, "dup3",
                                    {self.FILE_OP: ("FileOp::kDup3", "FileOp::kDup2")})

    def test_new_decode_rule_is_one_entry(self):
        # mseal(addr, len, flags) has its length in argument 2, like munmap.
        code, out, lines = self.generate(
            self.edited('"mremap": "Mremap",', '"mremap": "Mremap", "mseal": "Extent1",'))
        self.assertEqual(code, 1, out)
        self.assert_one_row_changed(lines, "mseal",
                                    {self.DECODE: ("DecodeRule::kNone", "DecodeRule::kExtent1")})

    def test_tracked_follows_the_file_op(self):
        code, out, lines = self.generate(self.edited('"connect": "Connect",', ''))
        self.assertEqual(code, 1, out)
        # Without its rule connect falls back to its descriptor argument, which is not tracked.
        self.assert_one_row_changed(lines, "connect", {
            self.FILE_OP: ("FileOp::kConnect", "FileOp::kFd"),
            self.TRACKED: ("true},", "false},"),
        })

    def test_unknown_enumerator_is_an_error(self):
        code, out, _ = self.generate(self.edited('"dup3": "Dup3",', '"dup3": "Dup4",'))
        self.assertEqual(code, 2, out)
        self.assertIn("FILE_OPS['dup3'] is 'Dup4'", out)

    def test_unknown_syscall_is_an_error(self):
        code, out, _ = self.generate(self.edited('"pipe": "FdPair",', '"pipe3": "FdPair",'))
        self.assertEqual(code, 2, out)
        self.assertIn("DECODE_RULES names 'pipe3'", out)

    def test_rules_follow_the_cpp_enum(self):
        # The rules list the enumerators of include/ior/syscalls.h in its order.
        code, out, _ = self.generate(
            self.edited('"None", "Fd", "Mmap", "Pathname",', '"None", "Mmap", "Fd", "Pathname",'))
        self.assertEqual(code, 2, out)
        self.assertIn("enum class FileOp", out)


if __name__ == "__main__":
    unittest.main()
