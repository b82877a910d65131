// ior_command.h over the library's ior::ChildProcess (the code the CLI runs commands with).
#include <errno.h>
#include <unistd.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "capi_internal.h"
#include "ior/child_process.h"
#include "ior/ior_command.h"
#include "ior/ior_error.h"

struct ior_command {
  std::unique_ptr<ior::ChildProcess> child;
  bool released = false;
};

namespace {

using ior::capi::Fail;
using ior::capi::FailWith;

// A NULL-terminated C string array as strings.
std::vector<std::string> Strings(const char* const* list) {
  std::vector<std::string> out;
  for (; *list != nullptr; ++list) out.emplace_back(*list);
  return out;
}

}  // namespace

extern "C" {

IOR_API int ior_command_new(ior_command** out, const char* const* argv,
                            const ior_command_opts* opts) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_command_new: out is NULL");
  *out = nullptr;
  if (argv == nullptr || argv[0] == nullptr) {
    return Fail(-EINVAL, "ior_command_new: argv is NULL or empty");
  }
  ior::ChildProcess::Options options;
  if (opts != nullptr) {
    constexpr size_t kKnown = offsetof(ior_command_opts, ior_command_opts__last_field) +
                              sizeof(ior_command_opts::ior_command_opts__last_field);
    if (int err = ior::capi::CheckOptsSize(opts, opts->sz, kKnown, "ior_command_opts"); err != 0) {
      return err;
    }
    const ior_command_opts o = ior::capi::OptsPrefix(opts);
    if (o.env != nullptr) options.env = Strings(o.env);
    if (o.cwd != nullptr) {
      if (o.cwd[0] == '\0') return Fail(-EINVAL, "ior_command_opts.cwd is empty");
      options.cwd = o.cwd;
    }
  }
  absl::StatusOr<std::unique_ptr<ior::ChildProcess>> child =
      ior::ChildProcess::SpawnCommand(Strings(argv), options);
  if (!child.ok()) return FailWith(child.status());
  auto command = std::make_unique<ior_command>();
  command->child = *std::move(child);
  *out = command.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int32_t ior_command_pid(const ior_command* command) {
  if (command == nullptr) return Fail(-EINVAL, "ior_command_pid: command is NULL");
  return command->child->pid();
}

IOR_API int ior_command_release(ior_command* command) {
  IOR_CAPI_TRY
  if (command == nullptr) return Fail(-EINVAL, "ior_command_release: command is NULL");
  if (command->released) return Fail(IOR_ESTATE, "the command was already released");
  command->released = true;
  if (absl::Status s = command->child->Release(); !s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_command_wait(ior_command* command, int timeout_ms, int* exit_code) {
  IOR_CAPI_TRY
  if (command == nullptr) return Fail(-EINVAL, "ior_command_wait: command is NULL");
  if (!command->released) {
    return Fail(IOR_ESTATE, "the command was never released: it would wait forever");
  }
  ior::ChildProcess& child = *command->child;
  if (timeout_ms < 0) {
    child.Wait();
  } else {
    // waitpid has no timeout: check every few milliseconds until the deadline.
    const absl::Time deadline = absl::Now() + absl::Milliseconds(timeout_ms);
    while (!child.TryReap() && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(5));
    }
  }
  if (!child.reaped()) return Fail(-EAGAIN, "the command is still running");
  if (exit_code != nullptr) *exit_code = child.ExitCode();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_command_kill(ior_command* command, int sig) {
  IOR_CAPI_TRY
  if (command == nullptr) return Fail(-EINVAL, "ior_command_kill: command is NULL");
  if (sig < 1 || sig > 64) return Fail(-EINVAL, "ior_command_kill: not a signal number");
  command->child->Kill(sig);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API void ior_command_free(ior_command* command) {
  try {
    delete command;
  } catch (...) {
    // ~ChildProcess() does not throw; nothing may cross the C boundary regardless.
  }
}

}  // extern "C"
