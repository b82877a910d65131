// ior/ior_result.hpp: part of ior/ior.hpp (include that): errors as values (Error, Result),
// unique_ptr deleters for the C handles, the name helpers, and the string lists the option
// builders hand to the C structs. Header-only C++17 over the C ABI (ior/ior.h).
#ifndef IOR_IOR_RESULT_HPP_
#define IOR_IOR_RESULT_HPP_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ior/ior.h"

namespace ior::abi {

// The outcome of a call: 0 (ok) or a negative errno / IOR_E* code, with the detail libior gave.
class Error {
 public:
  Error() = default;
  // Captures ior_last_error() when `code` is a failure: make it right after the failed call.
  explicit Error(int code) : code_(code), detail_(code != 0 ? ior_last_error() : "") {}

  bool ok() const { return code_ == 0; }
  int code() const { return code_; }
  // The stream ended normally (IOR_EEOS): not a failure for loops that read to the end.
  bool end_of_stream() const { return code_ == IOR_EEOS; }
  // "Invalid argument", "end of stream", ...
  const char* text() const { return ior_strerror(code_); }
  // ior_last_error() at the time of the failure, e.g. "unknown syscall 'opnat'".
  const std::string& detail() const { return detail_; }
  // "text: detail" (or just the text).
  std::string message() const {
    std::string m = text();
    if (!detail_.empty()) m.append(": ").append(detail_);
    return m;
  }

 private:
  int code_ = 0;
  std::string detail_;
};

// A value or the Error that prevented it (absl::StatusOr / std::expected in spirit).
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}      // NOLINT: implicit, as StatusOr's
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Error& error() const { return error_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return *std::move(value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  template <typename U>
  T value_or(U&& fallback) const& {
    return value_.has_value() ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::optional<T> value_;
  Error error_;
};

// unique_ptr deleters for the C handles (libjxl's *_cxx.h style), for who wants only those.
struct SessionDeleter {
  void operator()(ior_session* s) const { ior_session_free(s); }
};
struct BatchDeleter {
  void operator()(ior_batch* b) const { ior_batch_free(b); }
};
struct StatsDeleter {
  void operator()(ior_stats* s) const { ior_stats_free(s); }
};
struct CommandDeleter {
  void operator()(ior_command* c) const { ior_command_free(c); }
};
struct TraceJsonDeleter {
  void operator()(ior_trace_json* t) const { ior_trace_json_free(t); }
};
struct ParquetDeleter {
  void operator()(ior_parquet* p) const { ior_parquet_free(p); }
};
struct FlameDeleter {
  void operator()(ior_flame* f) const { ior_flame_free(f); }
};
using SessionPtr = std::unique_ptr<ior_session, SessionDeleter>;
using BatchPtr = std::unique_ptr<ior_batch, BatchDeleter>;
using StatsPtr = std::unique_ptr<ior_stats, StatsDeleter>;
using CommandPtr = std::unique_ptr<ior_command, CommandDeleter>;
using TraceJsonPtr = std::unique_ptr<ior_trace_json, TraceJsonDeleter>;
using ParquetPtr = std::unique_ptr<ior_parquet, ParquetDeleter>;
using FlamePtr = std::unique_ptr<ior_flame, FlameDeleter>;

// "openat", or "syscall_<nr>" for a number the library does not know.
inline std::string SyscallName(uint32_t nr) {
  const char* name = ior_syscall_name(nr);
  return name != nullptr ? std::string(name) : "syscall_" + std::to_string(nr);
}

// "FS", "Network", ... for ior_event::family; "" for an unknown value.
inline std::string_view FamilyName(uint32_t family) {
  const char* name = ior_family_name(family);
  return name != nullptr ? std::string_view(name) : std::string_view();
}

// The event's file (ior_event::file): a path or a kernel name; empty when it has none or the
// library predates the field. Borrowed as the event is.
inline std::string_view File(const ior_event& e) {
  return IOR_EVENT_HAS(&e, file) && e.file != nullptr ? std::string_view(e.file)
                                                      : std::string_view();
}

namespace internal {

// Owns strings and the pointer array the C structs borrow.
class StringList {
 public:
  void Assign(std::initializer_list<std::string_view> list) { Assign(list.begin(), list.end()); }
  void Assign(const std::vector<std::string>& list) { Assign(list.begin(), list.end()); }
  const char* const* data() {
    pointers_.clear();
    for (const std::string& s : strings_) pointers_.push_back(s.c_str());
    return pointers_.empty() ? nullptr : pointers_.data();
  }
  size_t size() const { return strings_.size(); }

 private:
  template <typename It>
  void Assign(It first, It last) {
    strings_.clear();
    for (; first != last; ++first) strings_.emplace_back(*first);
  }
  std::vector<std::string> strings_;
  std::vector<const char*> pointers_;
};

}  // namespace internal

}  // namespace ior::abi

#endif  // IOR_IOR_RESULT_HPP_
