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
  // Verifier logs come as one message of many kilobytes: size it first.
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (n <= 0) return 0;
  std::string message(static_cast<size_t>(n) + 1, '\0');
  std::vsnprintf(message.data(), message.size(), format, args);
  message.resize(static_cast<size_t>(n));
  while (!message.empty() && message.back() == '\n') message.pop_back();
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
