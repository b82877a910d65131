#include "log.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>

namespace ior {
namespace {

// The one piece of process-wide mutable state, because libbpf's print hook is process-wide.
struct SinkHolder {
  std::mutex mu;
  LogSink sink;
};

SinkHolder& Holder() {
  static SinkHolder* holder = new SinkHolder();
  return *holder;
}

int LibbpfPrint(enum libbpf_print_level level, const char* format, va_list args) {
  char buf[1024];
  int n = std::vsnprintf(buf, sizeof(buf), format, args);
  if (n <= 0) return 0;
  std::string_view message(buf, std::min<size_t>(static_cast<size_t>(n), sizeof(buf) - 1));
  while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  LogLevel ours = level == LIBBPF_WARN   ? LogLevel::kWarning
                  : level == LIBBPF_INFO ? LogLevel::kInfo
                                         : LogLevel::kDebug;
  internal::Log(ours, message);
  return n;
}

}  // namespace

void SetLogSink(LogSink sink) {
  SinkHolder& h = Holder();
  std::lock_guard lock(h.mu);
  h.sink = std::move(sink);
}

namespace internal {

void Log(LogLevel level, std::string_view message) {
  SinkHolder& h = Holder();
  std::lock_guard lock(h.mu);
  if (h.sink) h.sink(level, message);
}

void InstallLibbpfPrintHook() {
  static std::once_flag once;
  std::call_once(once, [] { libbpf_set_print(LibbpfPrint); });
}

}  // namespace internal
}  // namespace ior
