#include "missing_syscalls.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ior/session.h"
#include "ior/syscalls.h"
#include "log.h"

namespace ior::internal {
namespace {

constexpr std::string_view kEntryPrefix = "__x64_sys_";

// The whole of /proc/kallsyms ("" when it cannot be read). Read in large pieces: the kernel
// hands out at most a page per read, but a large buffer keeps the copies few.
std::string ReadKallsyms() {
  std::string text;
  int fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  std::vector<char> buf(size_t{1} << 16);
  for (;;) {
    ssize_t n = read(fd, buf.data(), buf.size());
    if (n <= 0) break;
    text.append(buf.data(), static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

void LogMissing(const ResolvedSelection& selection) {
  std::vector<std::string> missing = MissingSyscalls(selection, ReadKallsyms());
  if (missing.empty()) return;
  Log(LogLevel::kWarning, absl::StrCat("skipping ", missing.size(),
                                       " selected syscalls this kernel does not implement: ",
                                       absl::StrJoin(missing, ", ")));
}

}  // namespace

std::vector<std::string> MissingSyscalls(const ResolvedSelection& selection,
                                         std::string_view kallsyms) {
  // Lines are "<address> <type> <symbol>[\t[module]]"; entry points are text ('T' or 't'),
  // the stubs of syscalls configured out are weak ('W').
  absl::flat_hash_set<std::string_view> present;
  while (!kallsyms.empty()) {
    size_t end = kallsyms.find('\n');
    std::string_view line = kallsyms.substr(0, end);
    kallsyms = end == std::string_view::npos ? std::string_view() : kallsyms.substr(end + 1);
    size_t type_at = line.find(' ');
    if (type_at == std::string_view::npos || type_at + 3 > line.size()) continue;
    char type = line[type_at + 1];
    std::string_view symbol = line.substr(type_at + 3);
    symbol = symbol.substr(0, symbol.find_first_of("\t "));
    if ((type == 'T' || type == 't') && symbol.starts_with(kEntryPrefix)) {
      present.insert(symbol.substr(kEntryPrefix.size()));
    }
  }
  std::vector<std::string> missing;
  if (present.empty()) return missing;  // symbols hidden: nothing to say
  for (const SyscallInfo& s : AllSyscalls()) {
    if (s.nr < selection.enabled.size() && selection.enabled[s.nr] && !present.contains(s.name)) {
      missing.emplace_back(s.name);
    }
  }
  return missing;
}

MissingSyscallCheck::MissingSyscallCheck(const ResolvedSelection& selection)
    : thread_([this, selection] { Look(selection); }) {}

MissingSyscallCheck::~MissingSyscallCheck() { Join(); }

void MissingSyscallCheck::Look(const ResolvedSelection& selection) {
  {
    std::lock_guard lock(mu_);
    sched_param idle{};
    if (!joining_ && sched_setscheduler(0, SCHED_IDLE, &idle) == 0) idle_tid_ = gettid();
  }
  LogMissing(selection);
  // Join() must never touch a thread id that may already belong to another thread.
  std::lock_guard lock(mu_);
  idle_tid_ = 0;
}

void MissingSyscallCheck::Join() {
  {
    std::lock_guard lock(mu_);
    joining_ = true;
    if (idle_tid_ != 0) {
      sched_param normal{};
      sched_setscheduler(idle_tid_, SCHED_OTHER, &normal);  // best effort: it ends either way
      idle_tid_ = 0;
    }
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace ior::internal
