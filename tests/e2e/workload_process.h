// Starts tests/e2e/workload.cc as a child process (ior::ChildProcess) and steps it through its
// handshake: after its exec it says "ready" and blocks reading the go byte, so that neither
// the exec nor the loader is part of what a test traces.
#ifndef IOR_TESTS_E2E_WORKLOAD_PROCESS_H_
#define IOR_TESTS_E2E_WORKLOAD_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ior/child_process.h"

namespace ior::testing {

class WorkloadProcess {
 public:
  // Runs `ior-workload --wait <args>` and returns once it is blocked in read(2) on its stdin,
  // waiting for the go byte. Aborts the test binary if it cannot.
  static WorkloadProcess Start(const std::vector<std::string>& args);
  // The same handshake with another program that follows it (`<path> --wait <args>`).
  static WorkloadProcess StartProgram(const std::string& path,
                                      const std::vector<std::string>& args);

  WorkloadProcess(WorkloadProcess&& other) noexcept
      : child_(std::move(other.child_)), go_fd_(std::exchange(other.go_fd_, -1)) {}
  // Kills the workload if it still runs.
  ~WorkloadProcess();

  pid_t pid() const { return child_->pid(); }
  // Lets the scenario run.
  void Go();
  // Waits for the process to end; its exit code, or 128 + signal.
  int Wait();

 private:
  WorkloadProcess(std::unique_ptr<ChildProcess> child, int go_fd)
      : child_(std::move(child)), go_fd_(go_fd) {}
  std::unique_ptr<ChildProcess> child_;  // the library's held-back child, released at once
  int go_fd_ = -1;
};

// The path of the workload binary (set by the build).
std::string WorkloadPath();

// One call of a scenario as the workload lists it: the syscall and its return value, or
// `any_fd` for a new descriptor.
struct ExpectedCall {
  std::string name;
  int64_t ret = 0;
  bool any_fd = false;
};
// What `ior-workload basic <file> <n>` does after its go byte (`ior-workload expect-basic <n>`).
std::vector<ExpectedCall> ExpectedBasic(int n);

// A file with some content in a fresh temporary directory, removed on destruction.
class TempFile {
 public:
  TempFile();
  ~TempFile();
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

// A fresh empty temporary directory, removed (with what is left in it) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Whether this process may load eBPF programs (root with BTF). Tests skip with a message
// otherwise; CI runs them as root.
bool CanTrace(std::string* why);

// First statement of a test that traces: skips it, saying why, where tracing is impossible.
#define IOR_REQUIRE_TRACING()                                 \
  do {                                                        \
    std::string why;                                          \
    if (!::ior::testing::CanTrace(&why)) GTEST_SKIP() << why; \
  } while (0)

}  // namespace ior::testing

#endif  // IOR_TESTS_E2E_WORKLOAD_PROCESS_H_
