// ior_session.h over the C++ core (ior::Session): options, start/stop, poll and next, live
// changes. Events and batches are in event.cc, statistics in stats.cc.
#include "ior/session.h"

#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "capi_internal.h"
#include "ior/cgroup.h"
#include "ior/event.h"
#include "ior/ior_error.h"
#include "ior/ior_event.h"
#include "ior/ior_selection.h"
#include "ior/ior_session.h"
#include "ior/ior_stats.h"
#include "ior/latency_histogram.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

// pids cross the C boundary as int32_t.
static_assert(sizeof(int32_t) == sizeof(pid_t));

struct ior_session {
  enum class State { kCreated, kStarted, kStopped };

  std::unique_ptr<ior::Session> session;
  std::atomic<State> state{State::kCreated};
  // The batch a callback stopped in, and the index of its first event not yet consumed. Only
  // touched by poll/next, which run on one thread at a time.
  ior::EventBatch pending;
  size_t pending_pos = 0;
  // Recorders (ior_parquet, ior_flame) by ior::capi::TeeSlot; empty slots hold nothing.
  std::array<ior::capi::BatchTee, ior::capi::kTeeSlots> tees;
};

namespace ior::capi {
namespace {

absl::Duration Timeout(int timeout_ms) {
  return timeout_ms < 0 ? absl::InfiniteDuration() : absl::Milliseconds(timeout_ms);
}

int RequireStarted(const ior_session* s) {
  if (s->state.load() == ior_session::State::kCreated) {
    return Fail(IOR_ESTATE, "the session has not been started");
  }
  return 0;
}

// A text filter of the options, or none. -EINVAL (recorded) for an unknown match.
int ToFilter(const char* text, uint32_t match, const char* field, std::optional<TextFilter>* out) {
  if (match > IOR_MATCH_PREFIX) {
    return Fail(-EINVAL, absl::StrCat("ior_session_opts.", field, "_match ", match,
                                      " is not an IOR_MATCH_* value"));
  }
  if (text == nullptr) return 0;
  static constexpr TextFilter::Match kMatches[] = {
      TextFilter::Match::kSubstring, TextFilter::Match::kExact, TextFilter::Match::kPrefix};
  *out = TextFilter{text, kMatches[match]};
  return 0;
}

// The core's opts from a caller's ior_session_opts of any size (libbpf's OPTS_VALID/OPTS_GET).
int ToOptions(const ior_session_opts* opts, SessionOptions* out) {
  if (opts == nullptr) return 0;
  constexpr size_t kKnown = offsetof(ior_session_opts, ior_session_opts__last_field) +
                            sizeof(ior_session_opts::ior_session_opts__last_field);
  if (int err = CheckOptsSize(opts, opts->sz, kKnown, "ior_session_opts"); err != 0) return err;
  const ior_session_opts o = OptsPrefix(opts);
  if ((o.pids == nullptr && o.pids_len != 0) || (o.tids == nullptr && o.tids_len != 0)) {
    return Fail(-EINVAL, "ior_session_opts: an array is NULL but its length is not 0");
  }
  out->pids.assign(o.pids, o.pids + o.pids_len);
  out->tids.assign(o.tids, o.tids + o.tids_len);
  if (int err =
          AppendNames(o.syscalls, o.syscalls_len, "ior_session_opts.syscalls", &out->syscalls);
      err != 0) {
    return err;
  }
  if (int err = ToSelection(o.selection, &out->selection); err != 0) return err;
  // `families` adds to the selection's own, as `syscalls` does (EffectiveSelection).
  if (int err = AppendNames(o.families, o.families_len, "ior_session_opts.families",
                            &out->selection.families);
      err != 0) {
    return err;
  }
  if (o.batch_size != 0) out->batch_size = o.batch_size;
  if (o.max_delay_ns != 0) {
    if (o.max_delay_ns > static_cast<uint64_t>(INT64_MAX)) {
      return Fail(-EINVAL, "ior_session_opts.max_delay_ns is out of range");
    }
    out->max_delay = absl::Nanoseconds(static_cast<int64_t>(o.max_delay_ns));
  }
  if (o.ring_bytes != 0) out->ring_bytes = o.ring_bytes;
  if (o.max_queued_batches != 0) out->max_queued_batches = o.max_queued_batches;
  out->follow = o.follow != 0;
  out->end_with_targets = o.keep_after_targets_exit == 0;
  if (o.cgroup_id != 0 && o.cgroup_path != nullptr) {
    return Fail(-EINVAL, "ior_session_opts: set cgroup_id or cgroup_path, not both");
  }
  out->cgroup_id = o.cgroup_id;
  if (o.cgroup_path != nullptr) {
    absl::StatusOr<uint64_t> id = CgroupIdOfPath(o.cgroup_path);
    if (!id.ok()) return FailWith(id.status());
    out->cgroup_id = *id;
  }
  if (int err = ToFilter(o.comm_filter, o.comm_filter_match, "comm_filter", &out->comm_filter);
      err != 0) {
    return err;
  }
  if (int err = ToFilter(o.path_filter, o.path_filter_match, "path_filter", &out->path_filter);
      err != 0) {
    return err;
  }
  out->track_files = o.no_track_files == 0;
  if (o.reserved0 != 0) return Fail(-EINVAL, "ior_session_opts.reserved0 must be 0");
  if (o.btf_path != nullptr) out->btf_path = o.btf_path;
  out->aggregate_only = o.aggregate_only != 0;
  out->measure_kernel_time = o.measure_kernel_time != 0;
  out->degrade = o.degrade != 0;
  if (o.reserved1 != 0) return Fail(-EINVAL, "ior_session_opts.reserved1 must be 0");
  return 0;
}

// Hands the pending events to `cb` until none is left or it returns non-zero. An event is
// consumed before its callback runs, so a stop or an exception resumes after it.
int DeliverPending(ior_session* s, ior_event_cb cb, void* user_data) {
  std::span<const Event> events = s->pending.events();
  ior_event ev;
  while (s->pending_pos < events.size()) {
    ToC(s->pending, events[s->pending_pos++], &ev);
    int rc;
    try {
      rc = cb(user_data, &ev);
    } catch (const std::exception& e) {
      return Fail(IOR_ECALLBACK, absl::StrCat("the event callback threw: ", e.what()));
    } catch (...) {
      return Fail(IOR_ECALLBACK, "the event callback threw a C++ exception");
    }
    if (rc != 0) {
      return Fail(rc, absl::StrCat("the event callback returned ", rc));
    }
  }
  s->pending = EventBatch();
  s->pending_pos = 0;
  return 0;
}

// Hands a batch to the session's recorders before the caller sees it.
void Tee(ior_session* s, const EventBatch& batch) {
  for (const BatchTee& tee : s->tees) {
    if (tee) tee(batch);
  }
}

int NextBatch(ior_session* s, absl::Duration timeout, std::optional<EventBatch>* out) {
  absl::StatusOr<std::optional<EventBatch>> next = s->session->NextBatch(timeout);
  if (!next.ok()) {
    if (next.status().code() == absl::StatusCode::kOutOfRange) {
      return Fail(IOR_EEOS, next.status().message());
    }
    return FailWith(next.status());
  }
  *out = *std::move(next);
  if (out->has_value()) Tee(s, **out);
  return 0;
}

}  // namespace

void SetBatchTee(ior_session* session, TeeSlot slot, BatchTee tee) {
  session->tees[static_cast<size_t>(slot)] = std::move(tee);
}

SessionStats StatsOf(const ior_session* session) { return session->session->Stats(); }

}  // namespace ior::capi

using ior::capi::Fail;
using ior::capi::FailWith;

extern "C" {

IOR_API int ior_session_new(ior_session** out, const ior_session_opts* opts) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_session_new: out is NULL");
  *out = nullptr;
  ior::SessionOptions options;
  if (int err = ior::capi::ToOptions(opts, &options); err != 0) return err;
  absl::StatusOr<std::unique_ptr<ior::Session>> session = ior::Session::Create(options);
  if (!session.ok()) return FailWith(session.status());
  auto s = std::make_unique<ior_session>();
  s->session = *std::move(session);
  *out = s.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_start(ior_session* session) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_session_start: session is NULL");
  using State = ior_session::State;
  State expected = State::kCreated;
  if (!session->state.compare_exchange_strong(expected, State::kStarted)) {
    if (expected == State::kStarted) {
      return Fail(-EALREADY, "the session was already started");
    }
    return Fail(IOR_ESTATE, "the session was stopped; create a new one");
  }
  if (absl::Status s = session->session->Start(); !s.ok()) {
    // The core leaves a session whose start failed unusable for tracing: end its stream so
    // that poll/next report IOR_EEOS rather than waiting forever.
    (void)session->session->Stop();
    session->state.store(State::kStopped);
    return FailWith(s);
  }
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_stop(ior_session* session) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_session_stop: session is NULL");
  absl::Status s = session->session->Stop();
  // A session stopped before it started has an empty, ended stream: poll/next may use it.
  session->state.store(ior_session::State::kStopped);
  if (!s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API void ior_session_free(ior_session* session) {
  try {
    delete session;
  } catch (...) {
    // ~Session() does not throw; nothing may cross the C boundary regardless.
  }
}

IOR_API int ior_session_poll(ior_session* session, int timeout_ms, ior_event_cb cb,
                             void* user_data) {
  IOR_CAPI_TRY
  if (session == nullptr || cb == nullptr) {
    return Fail(-EINVAL, "ior_session_poll: session or callback is NULL");
  }
  if (int err = ior::capi::RequireStarted(session); err != 0) return err;
  absl::Duration timeout = ior::capi::Timeout(timeout_ms);
  if (session->pending_pos < session->pending.size()) {
    if (int rc = ior::capi::DeliverPending(session, cb, user_data); rc != 0) return rc;
    timeout = absl::ZeroDuration();  // something was delivered: do not wait for more
  }
  // Session::Poll() bounds the call (the batches queued when its wait ended), so a busy trace
  // cannot keep the caller here; each batch is moved into `pending`, which keeps the rest of
  // a batch a callback stopped in for the next poll or next.
  int stopped = 0;
  absl::StatusOr<ior::PollResult> polled =
      session->session->Poll(timeout, [session, cb, user_data, &stopped](ior::EventBatch& batch) {
        ior::capi::Tee(session, batch);
        session->pending = std::move(batch);
        session->pending_pos = 0;
        stopped = ior::capi::DeliverPending(session, cb, user_data);
        return stopped != 0 ? 1 : 0;
      });
  if (stopped != 0) return stopped;
  if (!polled.ok()) return ior::capi::FailWith(polled.status());
  if (polled->end_of_stream) {
    return Fail(IOR_EEOS, "the session is stopped and every event was delivered");
  }
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_next(ior_batch** out, ior_session* session, int timeout_ms) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_session_next: out is NULL");
  *out = nullptr;
  if (session == nullptr) return Fail(-EINVAL, "ior_session_next: session is NULL");
  if (int err = ior::capi::RequireStarted(session); err != 0) return err;
  auto batch = std::make_unique<ior_batch>();
  size_t first = 0;
  if (session->pending_pos < session->pending.size()) {
    // What a stopped poll left: the rest of the pending batch.
    first = session->pending_pos;
    batch->source = std::move(session->pending);
  } else {
    std::optional<ior::EventBatch> next;
    if (int err = ior::capi::NextBatch(session, ior::capi::Timeout(timeout_ms), &next); err != 0) {
      return err;
    }
    if (!next.has_value()) return Fail(-EAGAIN, "no batch came within the timeout");
    batch->source = *std::move(next);
  }
  std::span<const ior::Event> events = batch->source.events().subspan(first);
  batch->events.resize(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    ior::capi::ToC(batch->source, events[i], &batch->events[i]);
  }
  session->pending = ior::EventBatch();
  session->pending_pos = 0;
  *out = batch.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_fd(const ior_session* session) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_session_fd: session is NULL");
  return session->session->fd();
  IOR_CAPI_CATCH
}

IOR_API int ior_session_set_targets(ior_session* session, const int32_t* pids, size_t pids_len,
                                    const int32_t* tids, size_t tids_len) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_session_set_targets: session is NULL");
  if ((pids == nullptr && pids_len != 0) || (tids == nullptr && tids_len != 0)) {
    return Fail(-EINVAL, "ior_session_set_targets: an array is NULL but its length is not 0");
  }
  std::vector<pid_t> p(pids, pids + pids_len);
  std::vector<pid_t> t(tids, tids + tids_len);
  if (absl::Status s = session->session->SetTargets(p, t); !s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_set_syscalls(ior_session* session, const char* const* names, size_t len) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_session_set_syscalls: session is NULL");
  std::vector<std::string> list;
  if (int err = ior::capi::AppendNames(names, len, "the syscall array", &list); err != 0) {
    return err;
  }
  if (absl::Status s = session->session->SetSyscalls(list); !s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_set_selection(ior_session* session, const ior_selection* selection) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_session_set_selection: session is NULL");
  ior::Selection core;
  if (int err = ior::capi::ToSelection(selection, &core); err != 0) return err;
  if (absl::Status s = session->session->SetSelection(core); !s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_session_stats(ior_stats** out, const ior_session* session) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_session_stats: out is NULL");
  *out = nullptr;
  if (session == nullptr) return Fail(-EINVAL, "ior_session_stats: session is NULL");
  *out = ior::capi::NewStats(session->session->Stats());
  return 0;
  IOR_CAPI_CATCH
}

}  // extern "C"
