// ior/ior_session.hpp: part of ior/ior.hpp (include that): Session, its batches, event stream
// and statistics, and Command (a command held until the session is live).
#ifndef IOR_IOR_SESSION_HPP_
#define IOR_IOR_SESSION_HPP_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ior/ior.h"
#include "ior/ior_options.hpp"
#include "ior/ior_result.hpp"

namespace ior::abi {

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
  // The windows in which rows were degraded (SessionOptions::Degrade()), oldest first.
  std::vector<ior_degrade_window> DegradeWindows() const {
    std::vector<ior_degrade_window> out(ior_stats_degrade_windows_len(stats_.get()),
                                        IOR_OPTS_INIT(ior_degrade_window));
    for (size_t i = 0; i < out.size(); ++i) ior_stats_degrade_window(stats_.get(), i, &out[i]);
    return out;
  }
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

  // Hands the events queued when its wait ended to `on_event` (callable with `const
  // ior_event&`, returning void or an int that stops the poll when non-zero). Error: see
  // ior_session_poll(); end_of_stream() once every event was delivered. An exception thrown
  // by `on_event` comes back as IOR_ECALLBACK.
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

}  // namespace ior::abi

#endif  // IOR_IOR_SESSION_HPP_
