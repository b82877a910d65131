// Pid reuse (issue 15): a traced process exits and a new process is given its pid (clone3 with
// set_tid, as root) while the session runs.
//
// - Not a target: the session targets the process that had the pid, not the number. The new
//   process's calls are counted (filtered) and never delivered; the old one's rows keep their
//   own name and files.
// - A followed child: a target's child that takes the pid of its reaped sibling is a target.
//   Its rows carry its own name, descriptors and working directory, none of its predecessor's.
//
// The first runs with end_with_targets on (the default) and off: the session tells its targets
// apart by identity either way. Each adds its row to the table of fault_support.cc.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fault_support.h"
#include "ior/session.h"
#include "ior/syscall_names.h"
#include "workload_process.h"

namespace ior::fault {
namespace {

using ::ior::testing::TempDir;

// One delivered row, with what the tracker and the name cache made of it.
struct Row {
  std::string name;
  uint32_t pid = 0;
  uint32_t tid = 0;
  std::string comm;
  std::string file;
};

// Every row (Seen, which the helpers fill, counts the getpid rows).
struct Rows {
  Seen seen;
  std::vector<Row> rows;
  int Add(const EventBatch& b) {
    for (const Event& e : b.events()) {
      rows.push_back({std::string(SyscallName(e.nr)), e.pid, e.tid,
                      std::string(e.comm, strnlen(e.comm, kCommLength)), std::string(b.File(e))});
    }
    return 0;
  }
  std::vector<Row> Of(pid_t pid) const {
    std::vector<Row> out;
    for (const Row& r : rows) {
      if (r.pid == static_cast<uint32_t>(pid)) out.push_back(r);
    }
    return out;
  }
};

void WriteFile(const std::string& path) { std::ofstream(path) << "content\n"; }

std::vector<std::string> Names(const std::vector<Row>& rows) {
  std::vector<std::string> names;
  for (const Row& r : rows) names.push_back(r.name);
  return names;
}

void PidReuseByAProcessThatIsNotATarget(bool end_with_targets) {
  TempDir old_dir, new_dir;
  WriteFile(old_dir.path() + "/f");
  WriteFile(new_dir.path() + "/f");
  // Two targets: one that stays (so that the session runs on) and one whose pid is reused.
  WorkloadProcess holder = StartWorkload({"block", "1"});
  WorkloadProcess first = StartWorkload({"files", "old", old_dir.path(), "5"});
  const pid_t reused = first.pid();
  SessionOptions options;
  options.pids = {holder.pid(), reused};
  options.syscalls = {"getpid", "openat", "read"};
  options.end_with_targets = end_with_targets;
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  holder.Go();
  first.Go();
  ASSERT_EQ(first.Wait(), 0);  // exited and reaped: its pid is free
  // A process that is no target takes the pid; it is made by one that is no target either.
  WorkloadProcess spawner =
      StartWorkload({"as-pid", std::to_string(reused), "files", "new", new_dir.path(), "7"});
  spawner.Go();
  ASSERT_EQ(spawner.Wait(), 0) << "7: another process took pid " << reused << " meanwhile";
  Rows rows;
  PollUntil(
      *session, rows.seen, [&] { return BlockedIn(holder.pid()) == 0; }, absl::Seconds(30),
      [&](const EventBatch& b) { return rows.Add(b); });
  ASSERT_EQ(kill(holder.pid(), SIGKILL), 0);
  EXPECT_EQ(holder.Wait(), 128 + SIGKILL);
  const SessionStats stats =
      StopAndAccount(end_with_targets ? "pid reuse (not a target)" : "pid reuse (no end)", *session,
                     rows.seen, [&](const EventBatch& b) { return rows.Add(b); });

  // The pid's rows are the first process's, with its name and its files.
  const std::vector<Row> of_reused = rows.Of(reused);
  EXPECT_EQ(Names(of_reused), (std::vector<std::string>{"openat", "read", "getpid", "getpid",
                                                        "getpid", "getpid", "getpid"}));
  for (const Row& r : of_reused) {
    EXPECT_EQ(r.comm, "old") << r.name;
    if (r.name != "getpid") EXPECT_EQ(r.file, old_dir.path() + "/f") << r.name;
  }
  for (const Row& r : rows.rows) {
    EXPECT_NE(r.comm, "new") << r.name << " " << r.file;
    EXPECT_EQ(r.file.find(new_dir.path()), std::string::npos) << r.name << " " << r.file;
  }
  EXPECT_EQ(rows.Of(holder.pid()).size(), 2u);  // its getpid, and the read it was killed in
  EXPECT_EQ(rows.Of(holder.pid()).size() + of_reused.size(), rows.rows.size());
  EXPECT_EQ(rows.seen.getpid, 1u + 5u);
  // The new process's calls were counted, not delivered: its 7 getpid, its openat and read of
  // "f", and the calls of its start (the dynamic loader's).
  EXPECT_GE(stats.filtered, 9u);
  EXPECT_EQ(stats.dropped, 0u);
}

TEST(FaultTest, PidReuseByAProcessThatIsNotATarget) {
  IOR_REQUIRE_TRACING();
  PidReuseByAProcessThatIsNotATarget(/*end_with_targets=*/true);
}

TEST(FaultTest, PidReuseByAProcessThatIsNotATargetWhenTheSessionOutlivesItsTargets) {
  IOR_REQUIRE_TRACING();
  PidReuseByAProcessThatIsNotATarget(/*end_with_targets=*/false);
}

TEST(FaultTest, PidReuseByAFollowedChild) {
  IOR_REQUIRE_TRACING();
  TempDir dir, old_dir;
  WriteFile(dir.path() + "/parent-file");
  WriteFile(dir.path() + "/g");
  WriteFile(old_dir.path() + "/f");
  WorkloadProcess w = StartWorkload({"reuse", dir.path(), old_dir.path()});
  SessionOptions options;
  options.pids = {w.pid()};
  options.follow = true;
  options.syscalls = {"getpid", "openat", "read"};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  w.Go();
  ASSERT_EQ(w.Wait(), 0) << "7: another process took the child's pid meanwhile";
  Rows rows;
  const SessionStats stats = StopAndAccount("pid reuse (followed child)", *session, rows.seen,
                                            [&](const EventBatch& b) { return rows.Add(b); });

  const std::vector<Row> parent = rows.Of(w.pid());
  ASSERT_EQ(Names(parent), (std::vector<std::string>{"openat", "getpid"}));
  EXPECT_EQ(parent[0].file, dir.path() + "/parent-file");
  const std::string parent_comm = parent[1].comm;
  EXPECT_NE(parent_comm, "old");
  // Both children, under one pid: the first one's rows, then the second one's.
  std::set<uint32_t> child_pids;
  std::vector<Row> children;
  for (const Row& r : rows.rows) {
    if (r.pid == static_cast<uint32_t>(w.pid())) continue;
    child_pids.insert(r.pid);
    children.push_back(r);
    EXPECT_EQ(r.tid, r.pid);
  }
  ASSERT_EQ(child_pids.size(), 1u) << "the second child did not get the first one's pid";
  ASSERT_EQ(Names(children),
            (std::vector<std::string>{"openat", "read", "getpid", "getpid", "getpid",  // first
                                      "read", "getpid", "getpid", "getpid", "getpid",
                                      "openat"}));  // second
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(children[i].comm, "old") << i;
    if (i < 2) EXPECT_EQ(children[i].file, old_dir.path() + "/f") << i;
  }
  // The second child: the parent's name, the parent's descriptor (not the file its predecessor
  // had at that number) and the parent's directory (not its predecessor's).
  for (size_t i = 5; i < children.size(); ++i) EXPECT_EQ(children[i].comm, parent_comm) << i;
  EXPECT_EQ(children[5].file, dir.path() + "/parent-file");
  EXPECT_EQ(children[10].file, dir.path() + "/g");
  EXPECT_EQ(rows.seen.getpid, 1u + 3u + 4u);
  EXPECT_EQ(stats.filtered, 0u);
  EXPECT_EQ(stats.dropped, 0u);
}

}  // namespace
}  // namespace ior::fault
