#include "trace_command.h"

#include <gtest/gtest.h>

#include <memory>

#include "ior/child_process.h"
#include "ior/file_label.h"
#include "ior/session.h"
#include "ior/syscall_names.h"

namespace ior::testing {

std::string PrintRows(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& r : rows) {
    out += r.comm + " " + std::to_string(r.pid) + " " + r.name + "(" + std::to_string(r.fd) +
           ")=" + std::to_string(r.ret) + " " + r.file + "\n";
  }
  return out;
}

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

}  // namespace ior::testing
