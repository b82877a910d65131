// End-to-end: files are named right whatever is selected and however short-lived the process
// (the identity → name map, control records, the kernel's working directory). Each test runs
// a real command under a session and asserts the exact absolute path on the exact rows.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "trace_command.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::Only;
using ::ior::testing::PrintRows;
using ::ior::testing::Row;
using ::ior::testing::TempDir;
using ::ior::testing::TraceCommand;

// The shell's redirect moves the descriptor with fcntl/dup2, which are not selected: the write
// is still named by the file's identity, learnt from the (unselected) openat.
TEST(FileNamesE2E, ShellRedirectWithOnlyWriteSelected) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  const std::string x = dir.path() + "/x";
  std::vector<Row> rows = TraceCommand({"/bin/sh", "-c", "echo hi > " + x}, {"write"});
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> writes = Only(rows, "sh", "write");
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].ret, 3);
  EXPECT_EQ(writes[0].fd, 1);
  EXPECT_EQ(writes[0].file, x);
  EXPECT_EQ(writes[0].status, FileStatus::kPath);
  for (const Row& r : rows) EXPECT_EQ(r.name, "write");  // the selection decides the rows
}

// A relative path in a process that exits at once: joined with the directory the kernel
// reported, not with what /proc could say after the fact.
TEST(FileNamesE2E, RelativePathsOfAShortLivedProcessAreAbsolute) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  ASSERT_EQ(mkdir((dir.path() + "/sub").c_str(), 0755), 0);
  const std::string relf = dir.path() + "/sub/relf";
  int fd = open(relf.c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "x\n", 2), 2);
  close(fd);
  std::vector<Row> rows = TraceCommand(
      {"/bin/sh", "-c", "cd " + dir.path() + " && cd sub && exec cat relf ./relf ../sub/relf"},
      {"openat"});
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> opens;
  for (const Row& r : Only(rows, "cat", "openat")) {
    if (r.file.find("relf") != std::string::npos) opens.push_back(r);
  }
  ASSERT_EQ(opens.size(), 3u);
  for (const Row& r : opens) {
    EXPECT_GE(r.ret, 0);
    EXPECT_EQ(r.file, relf);
    EXPECT_EQ(r.status, FileStatus::kPath);
  }
}

// A descriptor the command inherited from before the trace, used by a child that lives a
// moment after a dup2 nobody selected.
TEST(FileNamesE2E, DescriptorOpenedBeforeTheTraceInAShortLivedChild) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  const std::string pre = dir.path() + "/pre";
  int fd = open(pre.c_str(), O_CREAT | O_RDWR, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "hello\n", 6), 6);
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  // Not close-on-exec: the command inherits it (dash takes single-digit descriptors only).
  const int inherited = 9;
  ASSERT_EQ(dup2(fd, inherited), inherited);
  close(fd);
  std::vector<Row> rows = TraceCommand(
      {"/bin/sh", "-c", "cat <&" + std::to_string(inherited) + " > /dev/null"}, {"read"});
  close(inherited);
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> reads;
  for (const Row& r : Only(rows, "cat", "read")) {
    if (r.fd == 0) reads.push_back(r);
  }
  ASSERT_GE(reads.size(), 2u);  // the data, then end of file
  EXPECT_EQ(reads[0].ret, 6);
  for (const Row& r : reads) EXPECT_EQ(r.file, pre);
}

// dup'd descriptors in a chain of calls that are not selected: 5 → 6 (fcntl F_DUPFD), 5 closed,
// 6 → 1 (dup2) for the echo.
TEST(FileNamesE2E, DupChainNobodySelected) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  const std::string target = dir.path() + "/dup";
  std::vector<Row> rows = TraceCommand(
      {"/bin/sh", "-c", "exec 5>" + target + "; exec 6>&5; exec 5>&-; echo x >&6"}, {"write"});
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> writes = Only(rows, "sh", "write");
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].fd, 1);
  EXPECT_EQ(writes[0].file, target);
}

// A file renamed while open (by another process, with an unselected rename): later calls on
// the open descriptor show the new name.
TEST(FileNamesE2E, RenameOfAnOpenFile) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  const std::string from = dir.path() + "/old";
  const std::string to = dir.path() + "/new";
  std::vector<Row> rows = TraceCommand(
      {"/bin/sh", "-c", "exec 3>" + from + "; echo a >&3; mv " + from + " " + to + "; echo b >&3"},
      {"write"});
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> writes = Only(rows, "sh", "write");
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].file, from);
  EXPECT_EQ(writes[1].file, to);
}

// Paths far beyond 255 bytes, absolute and relative to a deep working directory, are named in
// full (the kernel reads strings and walks directories up to PATH_MAX).
TEST(FileNamesE2E, LongPathsAreNamedInFull) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  std::string deep = dir.path();
  for (char c = 'a'; c < 'a' + 12; ++c) {  // 12 components of 200 bytes: ~2.4 KB
    deep += "/" + std::string(200, c);
    ASSERT_EQ(mkdir(deep.c_str(), 0755), 0) << deep.size();
  }
  const std::string file = deep + "/f";
  const int fd = open(file.c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  close(fd);
  std::vector<Row> rows = TraceCommand(
      {"/bin/sh", "-c", "cat '" + file + "'; cd '" + deep + "' && exec cat f"}, {"openat"});
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> opens;
  for (const Row& r : Only(rows, "cat", "openat")) {
    if (r.file.size() > 1000) opens.push_back(r);
  }
  ASSERT_EQ(opens.size(), 2u);
  for (const Row& r : opens) {
    EXPECT_GE(r.ret, 0);
    EXPECT_EQ(r.file, file);
    EXPECT_EQ(r.status, FileStatus::kPath);
  }
}

}  // namespace
}  // namespace ior
