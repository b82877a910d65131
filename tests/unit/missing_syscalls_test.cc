// The selected syscalls a kernel lacks, read from /proc/kallsyms text (lib/missing_syscalls).
#include "missing_syscalls.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ior/selection.h"

namespace ior::internal {
namespace {

ResolvedSelection Select(const std::vector<std::string>& names) {
  Selection selection;
  selection.syscalls = names;
  absl::StatusOr<ResolvedSelection> r = ResolveSelection(selection);
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

// Entry points as the kernel lists them: text symbols ('T' global, 't' local) for syscalls it
// has, weak ('W') stubs for those configured out; a module's symbols carry "\t[module]".
constexpr char kKallsyms[] =
    "ffffffff81000000 T _stext\n"
    "ffffffff8130c7d0 T __x64_sys_ni_syscall\n"
    "ffffffff81400000 T __x64_sys_openat\n"
    "ffffffff81400100 t __x64_sys_getpid\n"
    "ffffffff8138ee80 W __x64_sys_init_module\n"
    "ffffffff8138edf0 W __x64_sys_kexec_load\n"
    "ffffffffc0000000 t __x64_sys_read\t[some_module]\n"
    "ffffffff81400200 T __x64_sys_pread64";  // no newline at the end

TEST(MissingSyscallsTest, WeakStubsAndAbsentEntryPointsAreMissing) {
  std::vector<std::string> missing = MissingSyscalls(
      Select({"openat", "getpid", "init_module", "kexec_load", "pread64", "read", "write"}),
      kKallsyms);
  // Table order; "read" counts as present (a module's text symbol), "write" has no entry point.
  EXPECT_EQ(missing, (std::vector<std::string>{"write", "init_module", "kexec_load"}));
}

TEST(MissingSyscallsTest, OnlySelectedSyscallsAreNamed) {
  EXPECT_TRUE(MissingSyscalls(Select({"openat", "pread64"}), kKallsyms).empty());
}

TEST(MissingSyscallsTest, HiddenSymbolsSayNothing) {
  // kptr_restrict: no entry point is listed at all, so none can be told missing.
  EXPECT_TRUE(MissingSyscalls(Select({"init_module"}), "0000000000000000 T _stext\n").empty());
  EXPECT_TRUE(MissingSyscalls(Select({"init_module"}), "").empty());
}

TEST(MissingSyscallsTest, MalformedLinesAreSkipped) {
  std::vector<std::string> missing =
      MissingSyscalls(Select({"openat", "init_module"}),
                      "garbage\n\nffff T\nffff T __x64_sys_openat\nffff W __x64_sys_init_module\n");
  EXPECT_EQ(missing, (std::vector<std::string>{"init_module"}));
}

}  // namespace
}  // namespace ior::internal
