#include "workload_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ior::testing {
namespace {

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::abort();
}

// True once `pid` sleeps inside read(2) (x86_64 number 0).
bool BlockedInRead(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/syscall");
  std::string nr;
  return static_cast<bool>(in >> nr) && nr == "0";
}

}  // namespace

std::string WorkloadPath() { return IOR_WORKLOAD_PATH; }

std::vector<ExpectedCall> ExpectedBasic(int n) {
  const std::string cmd = WorkloadPath() + " expect-basic " + std::to_string(n);
  FILE* in = popen(cmd.c_str(), "r");
  if (in == nullptr) Die("popen ior-workload expect-basic");
  std::vector<ExpectedCall> calls;
  char name[64];
  char ret[32];
  while (std::fscanf(in, "%63s %31s", name, ret) == 2) {
    ExpectedCall call{name};
    call.any_fd = std::strcmp(ret, "fd") == 0;
    if (!call.any_fd) call.ret = std::strtoll(ret, nullptr, 10);
    calls.push_back(call);
  }
  if (pclose(in) != 0 || calls.empty()) Die("ior-workload expect-basic failed");
  return calls;
}

WorkloadProcess WorkloadProcess::Start(const std::vector<std::string>& args) {
  return StartProgram(WorkloadPath(), args);
}

WorkloadProcess WorkloadProcess::StartProgram(const std::string& path,
                                              const std::vector<std::string>& args) {
  int go[2], ready[2];
  if (pipe2(go, O_CLOEXEC) != 0 || pipe2(ready, O_CLOEXEC) != 0) Die("pipe2");
  std::vector<std::string> argv = {path, "--wait"};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess::Options options;
  options.stdin_fd = go[0];
  options.stdout_fd = ready[1];
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::SpawnCommand(argv, options);
  if (!child.ok()) Die("fork");
  close(go[0]);
  close(ready[1]);
  if (absl::Status s = (*child)->Release(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    std::abort();
  }
  char line[6];
  if (read(ready[0], line, sizeof(line)) != sizeof(line)) Die("workload did not get ready");
  close(ready[0]);
  // "ready" is written just before the read(2); wait until the child actually sleeps in it,
  // so that no call of the scenario can begin before the test starts tracing.
  const pid_t pid = (*child)->pid();
  for (int i = 0; !BlockedInRead(pid); ++i) {
    if (i > 5000) Die("workload never blocked in read");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return WorkloadProcess(*std::move(child), go[1]);
}

WorkloadProcess::~WorkloadProcess() {
  if (go_fd_ >= 0) close(go_fd_);
  if (child_ != nullptr && !child_->reaped()) {
    child_->Kill(SIGKILL);
    child_->Wait();
  }
}

void WorkloadProcess::Go() {
  if (write(go_fd_, "g", 1) != 1) Die("write go byte");
  close(go_fd_);
  go_fd_ = -1;
}

int WorkloadProcess::Wait() {
  child_->Wait();
  return child_->ExitCode();
}

TempFile::TempFile() {
  char tmpl[] = "/tmp/ior-e2e-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp");
  dir_ = tmpl;
  path_ = dir_ + "/data";
  std::ofstream(path_) << "libior end-to-end test data\n";
}

TempFile::~TempFile() {
  unlink(path_.c_str());
  rmdir(dir_.c_str());
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/ior-e2e-dir-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp");
  path_ = tmpl;
}

TempDir::~TempDir() { std::filesystem::remove_all(path_); }

bool CanTrace(std::string* why) {
  if (geteuid() != 0) {
    *why = "tracing needs root";
    return false;
  }
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
    *why = "the kernel has no BTF";
    return false;
  }
  return true;
}

}  // namespace ior::testing
