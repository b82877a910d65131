// Links against the installed libior and uses its public API (no tracing: runs unprivileged).
#include <cstdio>

#include "ior/session.h"
#include "ior/syscall_names.h"

int main() {
  ior::SessionOptions options;
  options.syscalls = {"openat", "pread64"};
  if (!ior::ValidateOptions(options).ok()) return 1;
  auto session = ior::Session::Create(options);
  if (!session.ok()) return 2;
  if (ior::SyscallName(257) != "openat") return 3;
  std::puts("consumer ok");
  return 0;
}
