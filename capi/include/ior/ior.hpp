// ior/ior.hpp: a header-only C++17 layer over libior's C ABI (ior/ior.h), for C++ programs that
// want the stable ABI of libior.so rather than the C++ core (ior/session.h, which ties a
// program to the exact libior and Abseil it was built with). Everything here is inline and
// calls only ior_* functions: link with ior::c (or `pkg-config --libs ior`), nothing else.
//
//   namespace abi = ior::abi;
//   abi::Result<abi::Command> cmd = abi::Command::Start({"tar", "-czf", "a.tgz", "dir"});
//   if (!cmd.ok()) return Fail(cmd.error().message());
//   abi::SessionOptions opts;
//   opts.Pids({cmd->pid()}).Follow();
//   opts.selection().Families({"FS"}).ExcludeSyscalls({"fstat"});
//   abi::Result<abi::Session> s = abi::Session::Create(opts);
//   abi::Error err = s.ok() ? s->Start() : s.error();
//   if (err.ok()) err = cmd->Release();
//   if (!err.ok()) return Fail(err.message());
//   abi::EventStream events = s->Events();  // every event until the targets exited
//   for (const ior_event& e : events) {
//     std::cout << abi::SyscallName(e.nr) << ' ' << abi::File(e) << '\n';
//   }
//   if (!events.error().ok()) ...            // why the stream ended early, if it did
//   int code = cmd->Wait().value_or(1);
//
// Errors are values (ior::abi::Error: the C code, its text and ior_last_error()'s detail); no
// exception is thrown. Objects own their C handle (move-only) and free it on destruction.
// Threads: as the C objects they wrap (see ior_session.h, ior_command.h).
#ifndef IOR_IOR_HPP_
#define IOR_IOR_HPP_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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
using SessionPtr = std::unique_ptr<ior_session, SessionDeleter>;
using BatchPtr = std::unique_ptr<ior_batch, BatchDeleter>;
using StatsPtr = std::unique_ptr<ior_stats, StatsDeleter>;
using CommandPtr = std::unique_ptr<ior_command, CommandDeleter>;
using TraceJsonPtr = std::unique_ptr<ior_trace_json, TraceJsonDeleter>;

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

// Builds an ior_selection (see ior_selection.h for the names each list takes).
class Selection {
 public:
  using Names = std::vector<std::string>;
  Selection& Families(const Names& v) { return Set(kFamilies, v); }
  Selection& Kinds(const Names& v) { return Set(kKinds, v); }
  Selection& Syscalls(const Names& v) { return Set(kSyscalls, v); }
  Selection& Tracepoints(const Names& v) { return Set(kTracepoints, v); }
  Selection& ExcludeFamilies(const Names& v) { return Set(kExcludeFamilies, v); }
  Selection& ExcludeKinds(const Names& v) { return Set(kExcludeKinds, v); }
  Selection& ExcludeSyscalls(const Names& v) { return Set(kExcludeSyscalls, v); }
  Selection& ExcludeTracepoints(const Names& v) { return Set(kExcludeTracepoints, v); }
  // 0: counted in the kernel only; 1: every call; N: one call in N.
  Selection& SampleFamily(std::string family, uint32_t rate) {
    family_rates_.emplace_back(std::move(family), rate);
    return *this;
  }
  Selection& SampleSyscall(std::string syscall, uint32_t rate) {
    syscall_rates_.emplace_back(std::move(syscall), rate);
    return *this;
  }

  // The C struct; valid until this object changes or goes away.
  const ior_selection* get() {
    sel_ = IOR_OPTS_INIT(ior_selection);
    sel_.families = lists_[kFamilies].data();
    sel_.families_len = lists_[kFamilies].size();
    sel_.kinds = lists_[kKinds].data();
    sel_.kinds_len = lists_[kKinds].size();
    sel_.syscalls = lists_[kSyscalls].data();
    sel_.syscalls_len = lists_[kSyscalls].size();
    sel_.tracepoints = lists_[kTracepoints].data();
    sel_.tracepoints_len = lists_[kTracepoints].size();
    sel_.exclude_families = lists_[kExcludeFamilies].data();
    sel_.exclude_families_len = lists_[kExcludeFamilies].size();
    sel_.exclude_kinds = lists_[kExcludeKinds].data();
    sel_.exclude_kinds_len = lists_[kExcludeKinds].size();
    sel_.exclude_syscalls = lists_[kExcludeSyscalls].data();
    sel_.exclude_syscalls_len = lists_[kExcludeSyscalls].size();
    sel_.exclude_tracepoints = lists_[kExcludeTracepoints].data();
    sel_.exclude_tracepoints_len = lists_[kExcludeTracepoints].size();
    Rates(family_rates_, &family_c_, &sel_.sample_families, &sel_.sample_families_len);
    Rates(syscall_rates_, &syscall_c_, &sel_.sample_syscalls, &sel_.sample_syscalls_len);
    return &sel_;
  }

 private:
  enum List {
    kFamilies,
    kKinds,
    kSyscalls,
    kTracepoints,
    kExcludeFamilies,
    kExcludeKinds,
    kExcludeSyscalls,
    kExcludeTracepoints,
    kLists
  };
  using RateList = std::vector<std::pair<std::string, uint32_t>>;
  Selection& Set(List which, const Names& v) {
    lists_[which].Assign(v);
    return *this;
  }
  static void Rates(const RateList& in, std::vector<ior_sample_rate>* c,
                    const ior_sample_rate** out, size_t* len) {
    c->clear();
    for (const auto& [name, rate] : in) c->push_back(ior_sample_rate{name.c_str(), rate});
    *out = c->empty() ? nullptr : c->data();
    *len = c->size();
  }

  internal::StringList lists_[kLists];
  RateList family_rates_, syscall_rates_;
  std::vector<ior_sample_rate> family_c_, syscall_c_;
  ior_selection sel_ = IOR_OPTS_INIT(ior_selection);
};

// How a text filter matches.
enum class Match : uint32_t {
  kSubstring = IOR_MATCH_SUBSTRING,
  kExact = IOR_MATCH_EXACT,
  kPrefix = IOR_MATCH_PREFIX,
};

// Builds an ior_session_opts (see ior_session.h for each field's meaning and default).
class SessionOptions {
 public:
  SessionOptions& Pids(std::vector<int32_t> pids) {
    pids_ = std::move(pids);
    return *this;
  }
  SessionOptions& Tids(std::vector<int32_t> tids) {
    tids_ = std::move(tids);
    return *this;
  }
  SessionOptions& Follow(bool on = true) {
    opts_.follow = on ? 1 : 0;
    return *this;
  }
  SessionOptions& KeepAfterTargetsExit(bool on = true) {
    opts_.keep_after_targets_exit = on ? 1 : 0;
    return *this;
  }
  // Shortcuts added to selection(): families and syscalls by name.
  SessionOptions& Families(const std::vector<std::string>& v) {
    families_.Assign(v);
    return *this;
  }
  SessionOptions& Syscalls(const std::vector<std::string>& v) {
    syscalls_.Assign(v);
    return *this;
  }
  // The full selection; using it at all (even left empty) passes it to the session.
  Selection& selection() {
    has_selection_ = true;
    return selection_;
  }
  SessionOptions& CgroupId(uint64_t id) {
    opts_.cgroup_id = id;
    return *this;
  }
  SessionOptions& CgroupPath(std::string path) {
    cgroup_path_ = std::move(path);
    return *this;
  }
  SessionOptions& CommFilter(std::string text, Match match = Match::kSubstring) {
    comm_filter_ = std::move(text);
    opts_.comm_filter_match = static_cast<uint32_t>(match);
    return *this;
  }
  SessionOptions& PathFilter(std::string text, Match match = Match::kSubstring) {
    path_filter_ = std::move(text);
    opts_.path_filter_match = static_cast<uint32_t>(match);
    return *this;
  }
  SessionOptions& TrackFiles(bool on) {
    opts_.no_track_files = on ? 0 : 1;
    return *this;
  }
  SessionOptions& BatchSize(size_t n) {
    opts_.batch_size = n;
    return *this;
  }
  SessionOptions& MaxDelayNs(uint64_t ns) {
    opts_.max_delay_ns = ns;
    return *this;
  }
  SessionOptions& RingBytes(size_t n) {
    opts_.ring_bytes = n;
    return *this;
  }
  SessionOptions& MaxQueuedBatches(size_t n) {
    opts_.max_queued_batches = n;
    return *this;
  }
  SessionOptions& BtfPath(std::string path) {
    btf_path_ = std::move(path);
    return *this;
  }

  // The C struct; valid until this object changes or goes away.
  const ior_session_opts* get() {
    opts_.pids = pids_.empty() ? nullptr : pids_.data();
    opts_.pids_len = pids_.size();
    opts_.tids = tids_.empty() ? nullptr : tids_.data();
    opts_.tids_len = tids_.size();
    opts_.families = families_.data();
    opts_.families_len = families_.size();
    opts_.syscalls = syscalls_.data();
    opts_.syscalls_len = syscalls_.size();
    opts_.selection = has_selection_ ? selection_.get() : nullptr;
    opts_.cgroup_path = cgroup_path_ ? cgroup_path_->c_str() : nullptr;
    opts_.comm_filter = comm_filter_ ? comm_filter_->c_str() : nullptr;
    opts_.path_filter = path_filter_ ? path_filter_->c_str() : nullptr;
    opts_.btf_path = btf_path_ ? btf_path_->c_str() : nullptr;
    return &opts_;
  }

 private:
  ior_session_opts opts_ = IOR_OPTS_INIT(ior_session_opts);
  std::vector<int32_t> pids_, tids_;
  internal::StringList families_, syscalls_;
  bool has_selection_ = false;
  Selection selection_;
  std::optional<std::string> cgroup_path_, comm_filter_, path_filter_, btf_path_;
};

// A batch of events pulled with Session::Next(); iterable as `const ior_event&`.
class Batch {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = ior_event;
    using difference_type = std::ptrdiff_t;
    using pointer = const ior_event*;
    using reference = const ior_event&;
    iterator(const ior_batch* b, size_t i) : b_(b), i_(i) {}
    reference operator*() const { return *ior_batch_event(b_, i_); }
    pointer operator->() const { return ior_batch_event(b_, i_); }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }
    bool operator!=(const iterator& o) const { return i_ != o.i_; }

   private:
    const ior_batch* b_;
    size_t i_;
  };

  explicit Batch(ior_batch* b) : batch_(b) {}
  size_t size() const { return ior_batch_size(batch_.get()); }
  const ior_event& operator[](size_t i) const { return *ior_batch_event(batch_.get(), i); }
  iterator begin() const { return iterator(batch_.get(), 0); }
  iterator end() const { return iterator(batch_.get(), size()); }
  const ior_batch* get() const { return batch_.get(); }

 private:
  BatchPtr batch_;
};

// A snapshot of a session's figures.
class Stats {
 public:
  explicit Stats(ior_stats* s) : stats_(s) {}
  uint64_t Get(ior_stat which) const { return ior_stats_get(stats_.get(), which); }
  size_t syscalls_size() const { return ior_stats_syscalls_len(stats_.get()); }
  const ior_syscall_stats& syscall(size_t i) const { return *ior_stats_syscall(stats_.get(), i); }
  uint64_t Percentile(size_t i, double q) const { return ior_stats_percentile(stats_.get(), i, q); }
  const ior_stats* get() const { return stats_.get(); }

 private:
  StatsPtr stats_;
};

// Every event of a session, batch by batch, until the stream ends (the targets exited, or
// Stop()); see Session::Events(). Single pass.
class EventStream {
 public:
  struct sentinel {};
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = ior_event;
    using difference_type = std::ptrdiff_t;
    using pointer = const ior_event*;
    using reference = const ior_event&;
    explicit iterator(EventStream* e) : e_(e) {}
    reference operator*() const { return (*e_->batch_)[e_->index_]; }
    pointer operator->() const { return &**this; }
    iterator& operator++() {
      e_->Advance();
      return *this;
    }
    bool operator!=(sentinel) const { return !e_->done_; }
    bool operator==(sentinel) const { return e_->done_; }

   private:
    EventStream* e_;
  };

  EventStream(ior_session* session, int timeout_ms) : session_(session), timeout_ms_(timeout_ms) {}
  iterator begin() {
    if (!started_) {
      started_ = true;
      Pull();
    }
    return iterator(this);
  }
  sentinel end() const { return {}; }
  // After the loop: ok() if the stream ended normally (IOR_EEOS); otherwise why it stopped
  // (-EAGAIN: no event within the timeout).
  const Error& error() const { return error_; }

 private:
  void Advance() {
    if (++index_ < batch_->size()) return;
    Pull();
  }
  void Pull() {
    batch_.reset();
    index_ = 0;
    ior_batch* b = nullptr;
    const int rc = ior_session_next(&b, session_, timeout_ms_);
    if (rc != 0) {
      if (rc != IOR_EEOS) error_ = Error(rc);
      done_ = true;
      return;
    }
    batch_.emplace(b);
  }

  ior_session* session_;
  int timeout_ms_;
  bool started_ = false;
  bool done_ = false;
  std::optional<Batch> batch_;
  size_t index_ = 0;
  Error error_;
};

// A trace session (ior_session.h).
class Session {
 public:
  static Result<Session> Create(SessionOptions options) {
    ior_session* s = nullptr;
    const int rc = ior_session_new(&s, options.get());
    if (rc != 0) return Error(rc);
    return Session(s);
  }
  // With default options: every process, the FS family.
  static Result<Session> Create() {
    SessionOptions defaults;
    return Create(defaults);
  }

  Error Start() { return Error(ior_session_start(session_.get())); }
  Error Stop() { return Error(ior_session_stop(session_.get())); }

  // Hands every waiting event to `on_event` (callable with `const ior_event&`, returning void
  // or an int that stops the poll when non-zero). Error: see ior_session_poll(); end_of_stream()
  // once every event was delivered. An exception thrown by `on_event` comes back as
  // IOR_ECALLBACK.
  template <typename F>
  Error Poll(int timeout_ms, F&& on_event) {
    using Fn = std::remove_reference_t<F>;
    return Error(ior_session_poll(session_.get(), timeout_ms, &Trampoline<Fn>,
                                  const_cast<void*>(static_cast<const void*>(&on_event))));
  }

  // The next batch; Error -EAGAIN if none came within `timeout_ms`, IOR_EEOS at the end.
  Result<Batch> Next(int timeout_ms) {
    ior_batch* b = nullptr;
    const int rc = ior_session_next(&b, session_.get(), timeout_ms);
    if (rc != 0) return Error(rc);
    return Batch(b);
  }

  // Every event until the stream ends: `for (const ior_event& e : session.Events()) ...`.
  // `timeout_ms` bounds the wait for each batch (negative: no bound).
  EventStream Events(int timeout_ms = -1) { return EventStream(session_.get(), timeout_ms); }

  int fd() const { return ior_session_fd(session_.get()); }

  Error SetTargets(const std::vector<int32_t>& pids, const std::vector<int32_t>& tids = {}) {
    return Error(ior_session_set_targets(session_.get(), pids.data(), pids.size(), tids.data(),
                                         tids.size()));
  }
  Error SetSyscalls(const std::vector<std::string>& names) {
    internal::StringList list;
    list.Assign(names);
    return Error(ior_session_set_syscalls(session_.get(), list.data(), list.size()));
  }
  Error SetSelection(Selection& selection) {
    return Error(ior_session_set_selection(session_.get(), selection.get()));
  }

  Result<Stats> GetStats() const {
    ior_stats* st = nullptr;
    const int rc = ior_session_stats(&st, session_.get());
    if (rc != 0) return Error(rc);
    return Stats(st);
  }

  ior_session* get() const { return session_.get(); }

 private:
  explicit Session(ior_session* s) : session_(s) {}
  template <typename Fn>
  static int Trampoline(void* user_data, const ior_event* e) {
    Fn& fn = *static_cast<Fn*>(user_data);
    if constexpr (std::is_void_v<std::invoke_result_t<Fn&, const ior_event&>>) {
      fn(*e);
      return 0;
    } else {
      return static_cast<int>(fn(*e));
    }
  }

  SessionPtr session_;
};

// A command held back until Release() (ior_command.h).
class Command {
 public:
  struct Options {
    // The whole environment ("NAME=value"); none: the caller's.
    std::optional<std::vector<std::string>> env;
    // Where it runs; empty: the caller's directory.
    std::string cwd;
  };

  static Result<Command> Start(const std::vector<std::string>& argv, const Options& options) {
    internal::StringList args, env;
    args.Assign(argv);
    std::vector<const char*> argv_c(args.data(), args.data() + args.size());
    argv_c.push_back(nullptr);
    std::vector<const char*> env_c;
    ior_command_opts o = IOR_OPTS_INIT(ior_command_opts);
    if (options.env) {
      env.Assign(*options.env);
      env_c.assign(env.data(), env.data() + env.size());
      env_c.push_back(nullptr);
      o.env = env_c.data();
    }
    if (!options.cwd.empty()) o.cwd = options.cwd.c_str();
    ior_command* c = nullptr;
    const int rc = ior_command_new(&c, argv_c.data(), &o);
    if (rc != 0) return Error(rc);
    return Command(c);
  }
  static Result<Command> Start(const std::vector<std::string>& argv) {
    return Start(argv, Options());
  }

  int32_t pid() const { return ior_command_pid(command_.get()); }
  // Runs it; the errno of a command that could not run (-ENOENT...).
  Error Release() { return Error(ior_command_release(command_.get())); }
  // Its exit code (128 + signal if killed) once it ended; Error -EAGAIN after `timeout_ms`.
  Result<int> Wait(int timeout_ms = -1) {
    int code = 0;
    const int rc = ior_command_wait(command_.get(), timeout_ms, &code);
    if (rc != 0) return Error(rc);
    return code;
  }
  Error Kill(int sig) { return Error(ior_command_kill(command_.get(), sig)); }
  ior_command* get() const { return command_.get(); }

 private:
  explicit Command(ior_command* c) : command_(c) {}
  CommandPtr command_;
};

// A Perfetto/Chrome timeline of a session (ior_trace_json.h).
class TraceJson {
 public:
  static Result<TraceJson> Create(const std::string& path, uint64_t max_events = 0) {
    ior_trace_json_opts o = IOR_OPTS_INIT(ior_trace_json_opts);
    o.max_events = max_events;
    ior_trace_json* t = nullptr;
    const int rc = ior_trace_json_new(&t, path.c_str(), &o);
    if (rc != 0) return Error(rc);
    return TraceJson(t);
  }
  Error Record(Session& session) {
    return Error(ior_trace_json_record(trace_.get(), session.get()));
  }
  Error Close() { return Error(ior_trace_json_close(trace_.get())); }
  uint64_t events() const { return ior_trace_json_events(trace_.get()); }
  uint64_t dropped() const { return ior_trace_json_dropped(trace_.get()); }

 private:
  explicit TraceJson(ior_trace_json* t) : trace_(t) {}
  TraceJsonPtr trace_;
};

}  // namespace ior::abi

#endif  // IOR_IOR_HPP_
