// End-to-end: the file column, through descriptor tables, process lifecycle and -follow, for
// the `files` scenario of tests/e2e/workload.cc.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "ior/file_label.h"
#include "ior/session.h"
#include "ior/syscall_names.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::TempDir;
using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

struct Row {
  std::string name;
  int64_t ret;
  uint32_t pid, tid;
  std::string file;
};

std::vector<Row> Trace(WorkloadProcess& workload, const SessionOptions& options) {
  std::vector<Row> rows;
  std::string scratch;
  SessionStats stats = ::ior::testing::TraceWorkload(workload, options, [&](const EventBatch& b) {
    for (const Event& e : b.events()) {
      rows.push_back(
          {SyscallName(e.nr), e.ret, e.pid, e.tid, std::string(FileLabel(b, e, &scratch))});
    }
  });
  EXPECT_EQ(stats.delivered, rows.size());
  return rows;
}

std::string PrintRows(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& r : rows) {
    out += r.name + "=" + std::to_string(r.ret) + " [" + std::to_string(r.pid) + "." +
           std::to_string(r.tid) + "] " + r.file + "\n";
  }
  return out;
}

uint64_t Inode(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(FilesE2E, FileColumnThroughDescriptorTablesForksAndExec) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  TempFile pre;  // opened by the workload before the trace starts
  WorkloadProcess workload = WorkloadProcess::Start({"files", dir.path(), pre.path()});
  const uint32_t pid = static_cast<uint32_t>(workload.pid());
  SessionOptions options;
  options.selection.families = {"FS"};
  options.selection.syscalls = {"pipe2", "socket"};
  options.follow = true;
  std::vector<Row> rows = Trace(workload, options);
  SCOPED_TRACE(PrintRows(rows));
  const std::string d = dir.path();

  struct Want {
    std::string name;
    std::string file;  // exact
  };
  // The scenario up to the exec, in order, for the main thread (the thread's and the child's
  // rows are checked apart).
  const std::vector<Want> main_rows = {
      {"chdir", d},
      {"openat", d + "/a"},
      {"write", d + "/a"},
      {"openat", d},
      {"openat", d + "/b"},
      {"write", d + "/b"},
      {"dup", d + "/a"},
      {"pread64", d + "/a"},
      {"dup2", d + "/a"},
      {"pread64", d + "/a"},
      {"dup3", d + "/b"},
      {"pread64", d + "/b"},
      {"fcntl", d + "/a"},
      {"pread64", d + "/a"},
      {"close_range", ""},
      {"pread64", ""},  // EBADF: 40 was closed by close_range
      {"close", d + "/a"},
      {"openat", d + "/c"},
      {"write", d + "/c"},  // the reused number names the new file
      {"pread64", pre.path()},
      {"pipe2", ""},  // checked below: pipe:[inode]
      {"write", ""},
      {"read", ""},
      {"socket", ""},  // checked below: socket:[inode]
      {"close", ""},
      {"close", d + "/b"},
      {"renameat2", d + "/c -> " + d + "/c2"},
      {"linkat", d + "/c2 -> " + d + "/c3"},
  };
  std::vector<Row> main;
  std::vector<Row> thread, child;
  for (const Row& r : rows) {
    if (r.pid != pid) {
      child.push_back(r);
    } else if (r.tid != pid) {
      thread.push_back(r);
    } else {
      main.push_back(r);
    }
  }
  ASSERT_GE(main.size(), main_rows.size() + 2);
  for (size_t i = 0; i < main_rows.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(main[i].name, main_rows[i].name);
    if (main_rows[i].name == "pipe2" || i == 21 || i == 22) {
      EXPECT_TRUE(main[i].file.starts_with("pipe:[")) << main[i].file;
    } else if (i == 23 || i == 24) {
      EXPECT_TRUE(main[i].file.starts_with("socket:[")) << main[i].file;
    } else {
      EXPECT_EQ(main[i].file, main_rows[i].file);
    }
  }
  EXPECT_EQ(main[15].ret, -EBADF);
  EXPECT_EQ(main[21].file, main[20].file);  // both ends: one pipe inode
  EXPECT_EQ(main[22].file, main[20].file);
  EXPECT_EQ(main[24].file, main[23].file);
  // The thread shares the process's table.
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(thread[0].name, "pread64");
  EXPECT_EQ(thread[0].file, d + "/a");
  // The forked child (followed) writes through the inherited descriptor.
  ASSERT_EQ(child.size(), 1u);
  EXPECT_EQ(child[0].name, "write");
  EXPECT_EQ(child[0].file, d + "/b");
  EXPECT_EQ(child[0].ret, 5);
  // After exec (the loader's own file calls come first), the kept descriptor still names
  // d/a, and the close-on-exec pipe end is gone.
  const Row& kept = main[main.size() - 2];
  const Row& dropped = main[main.size() - 1];
  EXPECT_EQ(kept.name, "pread64");
  EXPECT_EQ(kept.file, d + "/a");
  EXPECT_EQ(dropped.name, "read");
  EXPECT_EQ(dropped.ret, -EBADF);
  EXPECT_EQ(dropped.file, "");
}

TEST(FilesE2E, OutputFiltersCountWhatTheyLeaveOut) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "30"});
  SessionOptions options;
  options.selection.families = {"all"};
  options.path_filter = TextFilter{file.path(), TextFilter::Match::kExact};
  options.comm_filter = TextFilter{"ior-work", TextFilter::Match::kPrefix};
  std::vector<Row> rows = Trace(workload, options);
  // openat, 30 preads and close of the file, then openat and close of it again; the failing
  // calls (missing path, closed descriptor) and exit_group have other or no files.
  ASSERT_EQ(rows.size(), 34u) << PrintRows(rows);
  for (const Row& r : rows) EXPECT_EQ(r.file, file.path()) << r.name;
}

// The cgroup v2 hierarchy's mount point, or "" if none is mounted.
std::string Cgroup2Root() {
  std::ifstream mounts("/proc/mounts");
  std::string dev, dir, type, rest;
  while (mounts >> dev >> dir >> type && std::getline(mounts, rest)) {
    if (type == "cgroup2") return dir;
  }
  return "";
}

TEST(FilesE2E, CgroupFilterKeepsOnlyTheTasksOfTheCgroup) {
  IOR_REQUIRE_TRACING();
  std::string root = Cgroup2Root();
  ASSERT_FALSE(root.empty()) << "no cgroup2 hierarchy is mounted";
  const std::string cgroup = root + "/ior-e2e-" + std::to_string(getpid());
  ASSERT_EQ(mkdir(cgroup.c_str(), 0755), 0) << cgroup;
  struct Cleanup {
    std::string dir;
    ~Cleanup() { rmdir(dir.c_str()); }
  } cleanup{cgroup};
  TempFile file;
  WorkloadProcess inside = WorkloadProcess::Start({"basic", file.path(), "25"});
  WorkloadProcess outside = WorkloadProcess::Start({"basic", file.path(), "25"});
  { std::ofstream(cgroup + "/cgroup.procs") << inside.pid() << "\n"; }
  SessionOptions options;
  options.selection.families = {"all"};
  options.cgroup_id = Inode(cgroup);
  ASSERT_NE(options.cgroup_id, 0u);
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(options);
  ASSERT_TRUE(session.ok()) << session.status();
  ASSERT_TRUE((*session)->Start().ok());
  inside.Go();
  outside.Go();
  ASSERT_EQ(inside.Wait(), 0);
  ASSERT_EQ(outside.Wait(), 0);
  ASSERT_TRUE((*session)->Stop().ok());
  int preads = 0;
  size_t events = 0;
  for (;;) {
    absl::StatusOr<PollResult> r = (*session)->Poll(absl::Seconds(5), [&](const EventBatch& b) {
      for (const Event& e : b.events()) {
        EXPECT_EQ(e.pid, static_cast<uint32_t>(inside.pid())) << SyscallName(e.nr);
        EXPECT_EQ(e.cgroup_id, options.cgroup_id) << SyscallName(e.nr);  // every row says so
        preads += SyscallName(e.nr) == "pread64";
        ++events;
      }
      return 0;
    });
    if (!r.ok() || r->end_of_stream) break;
  }
  EXPECT_EQ(preads, 25);
  EXPECT_EQ(events, 25u + 7u);  // the basic scenario: n preads and seven other calls
}

}  // namespace
}  // namespace ior
