// ior::Session: one trace of system calls, from loading the kernel programs to the last event.
//
//   ior::SessionOptions opts;
//   opts.pids = {child_pid};
//   absl::StatusOr<std::unique_ptr<ior::Session>> s = ior::Session::Create(opts);
//   if (!s.ok()) return s.status();
//   if (absl::Status st = (*s)->Start(); !st.ok()) return st;
//   ... (*s)->Poll(absl::Milliseconds(100), on_batch) until done ...
//   (*s)->Stop();                      // detach, drain what the kernel already wrote
//   while (!(*s)->Poll(absl::ZeroDuration(), on_batch)->end_of_stream) {}
//
// Threads: a session runs one drain thread of its own that reads the ring buffer, decodes and
// batches; it never runs user code. Poll() and NextBatch() run on the caller's thread; call them
// from one thread at a time. Stats(), fd() and the Set* live-change calls may be called from any
// thread. Sessions share nothing: several may run in one process.
#ifndef IOR_INCLUDE_IOR_SESSION_H_
#define IOR_INCLUDE_IOR_SESSION_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ior/event.h"
#include "ior/selection.h"
#include "ior/stats.h"

namespace ior {

// How a filter text matches.
struct TextFilter {
  enum class Match { kSubstring, kExact, kPrefix };
  std::string text;
  Match match = Match::kSubstring;
  bool Matches(std::string_view value) const {
    switch (match) {
      case Match::kExact:
        return value == text;
      case Match::kPrefix:
        return value.starts_with(text);
      case Match::kSubstring:
        break;
    }
    return value.find(text) != std::string_view::npos;
  }
};

struct SessionOptions {
  // Trace only these processes (thread group ids). Empty: every process except the tracer.
  // A target is the process that has the id when the session starts (or when SetTargets()
  // names it): the calls of a process that takes the id after the target exited are counted
  // in SessionStats::filtered, not delivered. (Only with end_with_targets on, the default;
  // with it off, the id alone is the target.)
  std::vector<pid_t> pids;
  // Trace only these threads, with the same rule for a reused id. Empty: every thread of the
  // selected processes.
  std::vector<pid_t> tids;
  // Children the target processes create (fork, clone) become targets in the kernel before
  // their first call, and so do theirs. Only meaningful with `pids`.
  bool follow = false;
  // With `pids` or `tids`: the stream ends by itself (Poll's end_of_stream, NextBatch's
  // OutOfRange) once every target has exited (with `follow`, every descendant too) and what
  // they wrote is delivered. Off: the session traces until Stop(), whatever its targets do.
  bool end_with_targets = true;
  // Trace only tasks of this cgroup (v2 id: the inode number of its directory under
  // /sys/fs/cgroup). 0: any cgroup.
  uint64_t cgroup_id = 0;
  // Keep per-process descriptor tables to name the file of every call (EventBatch::File()).
  // Off: only the paths calls name themselves are reported, and the drain thread does less.
  bool track_files = true;
  // Output filters on the task name and on the file a call touched, applied after enrichment
  // (descriptor tables stay correct for filtered calls). Events that fail them are counted in
  // SessionStats::filtered.
  std::optional<TextFilter> comm_filter;
  std::optional<TextFilter> path_filter;
  // Count and time every selected call in the kernel only: no events (Poll() delivers none,
  // the stream still ends with the targets), no file tracking, and the per-syscall counts,
  // errors and latency histograms of Stats() exact. The cheapest way to trace: the kernel
  // side does the filter, two timestamps and the aggregate update. Overrides the sampling
  // rates; the comm and path filters (which pick events) cannot be combined with it.
  bool aggregate_only = false;
  // Time the session's kernel programs while it runs (BPF_ENABLE_STATS, for
  // SessionStats::cost). The switch is host-wide: while it is on, every run of every BPF
  // program on the host pays two clock reads (~20-40 ns). Needs CAP_SYS_ADMIN; without it
  // the figures stay 0 and a warning is logged.
  bool measure_kernel_time = false;
  // Degrade instead of drop: when the kernel ring fills faster than the consumer drains it
  // (half full), the kernel thins the rows of each syscall to 1 in N (N a power of two up to
  // 65536, raised at most every 1 ms per CPU and syscall, lowered at most every 100 ms once
  // the ring is down to an eighth) rather than losing records at random. The per-syscall
  // aggregates stay exact; degraded calls count in SessionStats::sampled_out and
  // SessionStats::degraded, with the time windows they fell in. The file tracker still sees
  // the calls it needs. Records can still be dropped while the rate climbs, or when even the
  // thinned rows overflow. No effect with aggregate_only (no rows).
  bool degrade = false;
  // Which syscalls to trace and how to sample them (see ior/selection.h). Nothing chosen: the
  // FS family; `selection.families = {"all"}` traces every syscall.
  Selection selection;
  // Shortcut, added to selection.syscalls: trace these syscalls, by name ("openat") or
  // "syscall_<nr>".
  std::vector<std::string> syscalls;
  // A batch is delivered when it holds this many events...
  size_t batch_size = 1024;
  // ...or when its oldest event has waited this long, whichever comes first.
  absl::Duration max_delay = absl::Milliseconds(50);
  // Size of the kernel ring buffer; a power of two, at least one page. When it is full the
  // kernel counts the records it could not write (SessionStats::dropped).
  size_t ring_bytes = size_t{16} << 20;
  // Batches decoded but not yet polled. When full, the drain thread waits (and the kernel ring
  // absorbs the backlog), so a slow consumer loses nothing until the ring fills.
  size_t max_queued_batches = 256;
  // The BTF file the tracing programs are relocated against (CO-RE). Empty: the running
  // kernel's own, /sys/kernel/btf/vmlinux. Another file (BTF generated for this kernel, or a
  // copy of its own) serves for relocation only: the kernel must still support BTF-typed
  // tracepoints. Start() fails with FailedPrecondition (error number kErrorNoBtf) when the
  // file is missing, unreadable or holds no BTF.
  std::string btf_path;
};

// Checks options without touching the kernel. InvalidArgument with a message naming the field.
absl::Status ValidateOptions(const SessionOptions& options);

// options.selection with options.syscalls merged in.
Selection EffectiveSelection(const SessionOptions& options);

// Receives each batch. Return 0 to go on; a non-zero value stops Poll(), which reports it in
// PollResult::callback_result. The batch is lent for the duration of the call; a callback that
// keeps it moves it out (`kept.push_back(std::move(batch))`): Poll() does not look at a batch
// again once its callback returned, so bindings hand batches on without copying them.
using BatchCallback = std::function<int(EventBatch& batch)>;

struct PollResult {
  size_t batches = 0;       // batches handed to the callback
  size_t events = 0;        // events in them
  int callback_result = 0;  // the non-zero value a callback returned, else 0
  // The session is stopped and every event has been delivered: no further batch will come.
  bool end_of_stream = false;
};

// Where the library's diagnostics go (libbpf's messages included). Process-wide, because libbpf
// has one print hook per process. Thread-safe. Default: discarded.
enum class LogLevel { kDebug, kInfo, kWarning };
using LogSink = std::function<void(LogLevel level, std::string_view message)>;
void SetLogSink(LogSink sink);

class Session {
 public:
  // Validates the options and prepares the session; nothing is loaded yet. Errors:
  // InvalidArgument for bad options.
  static absl::StatusOr<std::unique_ptr<Session>> Create(const SessionOptions& options);

  ~Session();  // stops the trace if it is running
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Loads and attaches the kernel programs and starts the drain thread. When it returns OK,
  // every later syscall of the targets is traced. Errors: NotFound (none of the target pids,
  // or none of the tids, exists), PermissionDenied (not root, no CAP_BPF/CAP_PERFMON),
  // FailedPrecondition (no BTF or a btf_path that holds none, no BPF support, called twice),
  // Internal otherwise; the message is one sentence that says what is missing. A Start() that
  // fails for want of BTF has loaded nothing and holds no descriptor.
  absl::Status Start();

  // Detaches the programs, drains what the kernel already wrote and ends the stream. Events
  // not yet polled stay available to Poll()/NextBatch(). Idempotent.
  absl::Status Stop();

  // Waits up to `timeout` for batches and hands the batches queued by then to `callback`, in
  // order, until they are done or the callback returns non-zero (batches queued meanwhile wait
  // for the next call, so a busy trace cannot hold the caller). FailedPrecondition before
  // Start().
  absl::StatusOr<PollResult> Poll(absl::Duration timeout, const BatchCallback& callback);

  // Pull form of Poll(): the next batch, or nullopt if none came within `timeout`.
  // OutOfRange once the session is stopped and drained.
  absl::StatusOr<std::optional<EventBatch>> NextBatch(absl::Duration timeout);

  // A file descriptor that is readable while a batch is waiting, for epoll/poll/select
  // integration. Owned by the session; valid until it is destroyed.
  int fd() const;

  // Live changes: take effect for the next syscall, without re-attaching. Errors:
  // InvalidArgument for a bad pid or unknown syscall name; FailedPrecondition before Start().
  absl::Status SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids);
  absl::Status SetSyscalls(std::span<const std::string> syscalls);
  // Replaces the whole selection and sampling; syscalls selected before and after the change
  // stay traced throughout.
  absl::Status SetSelection(const Selection& selection);

  // Kernel aggregates and delivery figures, read now.
  SessionStats Stats() const;

  class Impl;

 private:
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_SESSION_H_
