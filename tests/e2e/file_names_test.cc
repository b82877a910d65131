// End-to-end: files are named right whatever is selected and however short-lived the process
// (the identity → name map, control records, the kernel's working directory). Each test runs
// a real command under a session and asserts the exact absolute path on the exact rows.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "ior/child_process.h"
#include "ior/file_label.h"
#include "ior/session.h"
#include "ior/syscall_names.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::TempDir;

struct Row {
  std::string comm;
  uint32_t pid;
  std::string name;
  int64_t ret;
  int32_t fd;
  std::string file;
  FileStatus status;
};

std::string PrintRows(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& r : rows) {
    out += r.comm + " " + std::to_string(r.pid) + " " + r.name + "(" + std::to_string(r.fd) +
           ")=" + std::to_string(r.ret) + " " + r.file + "\n";
  }
  return out;
}

// Runs `argv` held back until a session with `syscalls` selected (following children) is
// live, then returns every row once the command has exited.
std::vector<Row> TraceCommand(const std::vector<std::string>& argv,
                              const std::vector<std::string>& syscalls) {
  std::vector<Row> rows;
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::SpawnCommand(argv);
  EXPECT_TRUE(child.ok()) << child.status();
  if (!child.ok()) return rows;
  SessionOptions options;
  options.pids = {(*child)->pid()};
  options.follow = true;
  options.selection.syscalls = syscalls;
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(options);
  EXPECT_TRUE(session.ok()) << session.status();
  if (!session.ok()) return rows;
  absl::Status started = (*session)->Start();
  EXPECT_TRUE(started.ok()) << started;
  if (!started.ok()) return rows;
  EXPECT_TRUE((*child)->Release().ok());
  (*child)->Wait();
  EXPECT_EQ((*child)->ExitCode(), 0);
  EXPECT_TRUE((*session)->Stop().ok());
  std::string scratch;
  for (;;) {
    absl::StatusOr<PollResult> r = (*session)->Poll(absl::Seconds(5), [&](const EventBatch& b) {
      for (const Event& e : b.events()) {
        rows.push_back({e.comm, e.pid, SyscallName(e.nr), e.ret, e.fd,
                        std::string(FileLabel(b, e, &scratch)),
                        static_cast<FileStatus>(e.file_status)});
      }
      return 0;
    });
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->end_of_stream) break;
  }
  SessionStats stats = (*session)->Stats();
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.delivered, rows.size());  // control records are never rows
  return rows;
}

std::vector<Row> Only(const std::vector<Row>& rows, std::string_view comm, std::string_view name) {
  std::vector<Row> out;
  for (const Row& r : rows) {
    if (r.comm == comm && r.name == name) out.push_back(r);
  }
  return out;
}

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

}  // namespace
}  // namespace ior
