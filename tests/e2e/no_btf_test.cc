// No BTF (issue 15): a session pointed at a BTF file that is missing, empty or not BTF
// (SessionOptions::btf_path) fails to start with a typed error that names the file and the
// fault, leaves no descriptor behind and can still be stopped and destroyed; pointed at the
// kernel's own file, a new session traces as usual.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

#include "ior/error.h"
#include "ior/session.h"
#include "ior/syscall_names.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::TempDir;
using ::ior::testing::WorkloadProcess;

// The descriptors this process has open now.
int OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int n = 0;
  while (readdir(dir) != nullptr) ++n;
  closedir(dir);
  return n - 3;  // ".", ".." and the directory's own descriptor
}

SessionOptions WithBtf(std::string btf_path) {
  SessionOptions options;
  options.pids = {getppid()};  // exists: the start gets as far as the BTF
  options.syscalls = {"getpid"};
  options.btf_path = std::move(btf_path);
  return options;
}

// Start() fails with kErrorNoBtf and a message naming `path` and saying `what`; nothing is
// left open; a second Start() fails the same way; Stop() and the destructor work.
void ExpectNoBtf(const std::string& path, const std::string& what) {
  SCOPED_TRACE(path);
  const int fds_before = OpenFds();
  {
    absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(WithBtf(path));
    ASSERT_TRUE(session.ok()) << session.status();  // nothing is read before Start()
    const int fds_created = OpenFds();
    for (int attempt = 0; attempt < 2; ++attempt) {
      const absl::Status started = (*session)->Start();
      EXPECT_EQ(started.code(), absl::StatusCode::kFailedPrecondition) << started;
      EXPECT_EQ(ErrorNumber(started), kErrorNoBtf) << started;
      const std::string message(started.message());
      EXPECT_NE(message.find("'" + path + "'"), std::string::npos) << message;
      EXPECT_NE(message.find(what), std::string::npos) << message;
      // One sentence about the library's input: no command line, no advice to a shell user.
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      EXPECT_EQ(message.find("sudo"), std::string::npos) << message;
      EXPECT_EQ(message.find(" -"), std::string::npos) << message;
      EXPECT_EQ(OpenFds(), fds_created) << "a failed Start() left a descriptor open";
    }
    // Stopped, it is an ended stream without events.
    EXPECT_TRUE((*session)->Stop().ok());
    absl::StatusOr<PollResult> r =
        (*session)->Poll(absl::ZeroDuration(), [](const EventBatch&) { return 0; });
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->end_of_stream);
    EXPECT_EQ(r->events, 0u);
  }
  EXPECT_EQ(OpenFds(), fds_before) << "the destroyed session left a descriptor open";
}

TEST(NoBtfTest, MissingEmptyOrForeignFileIsATypedErrorAndLeavesNothingOpen) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  const std::string missing = dir.path() + "/missing.btf";
  const std::string empty = dir.path() + "/empty.btf";
  const std::string text = dir.path() + "/text.btf";
  std::ofstream(empty).close();
  std::ofstream(text) << "this is not BTF\n";
  ExpectNoBtf(missing, "does not exist");
  ExpectNoBtf(dir.path() + "/no-such-dir/vmlinux", "does not exist");
  ExpectNoBtf(empty, "holds no BTF type information");
  ExpectNoBtf(text, "holds no BTF type information");
  ExpectNoBtf(dir.path(), "holds no BTF type information");  // a directory
}

TEST(NoBtfTest, NulInThePathIsAnInvalidOption) {
  absl::StatusOr<std::unique_ptr<Session>> session =
      Session::Create(WithBtf(std::string("/sys/kernel/btf/vmlinux\0x", 25)));
  EXPECT_EQ(session.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(session.status().message().find("btf_path"), std::string::npos);
}

// After the failures, the kernel's own file given explicitly: the session traces exactly.
TEST(NoBtfTest, PointedAtTheKernelsOwnBtfANewSessionTraces) {
  IOR_REQUIRE_TRACING();
  {
    absl::StatusOr<std::unique_ptr<Session>> failed = Session::Create(WithBtf("/nonexistent"));
    ASSERT_TRUE(failed.ok());
    ASSERT_FALSE((*failed)->Start().ok());
  }
  constexpr int kCalls = 25;
  WorkloadProcess w =
      WorkloadProcess::StartProgram(IOR_FAULT_WORKLOAD_PATH, {"calls", std::to_string(kCalls)});
  SessionOptions options = WithBtf("/sys/kernel/btf/vmlinux");
  options.pids = {w.pid()};
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(options);
  ASSERT_TRUE(session.ok()) << session.status();
  const absl::Status started = (*session)->Start();
  ASSERT_TRUE(started.ok()) << started;
  w.Go();
  EXPECT_EQ(w.Wait(), 0);
  uint64_t getpid = 0;
  for (;;) {
    absl::StatusOr<PollResult> r = (*session)->Poll(absl::Seconds(5), [&](const EventBatch& b) {
      for (const Event& e : b.events()) getpid += SyscallName(e.nr) == "getpid" ? 1 : 0;
      return 0;
    });
    ASSERT_TRUE(r.ok()) << r.status();
    if (r->end_of_stream) break;  // the workload exited: the session ends by itself
  }
  EXPECT_EQ(getpid, uint64_t{kCalls});
}

}  // namespace
}  // namespace ior
