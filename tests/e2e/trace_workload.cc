#include "trace_workload.h"

#include <gtest/gtest.h>

#include <memory>

namespace ior::testing {

std::unique_ptr<Session> StartSession(const SessionOptions& options) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Create(options);
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return nullptr;
  absl::Status started = (*s)->Start();
  EXPECT_TRUE(started.ok()) << started;
  if (!started.ok()) return nullptr;
  return *std::move(s);
}

SessionStats TraceWorkload(WorkloadProcess& workload, SessionOptions options,
                           const std::function<void(const EventBatch&)>& on_batch) {
  options.pids = {workload.pid()};
  std::unique_ptr<Session> session = StartSession(options);
  if (session == nullptr) return {};
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  EXPECT_TRUE(session->Stop().ok());
  for (;;) {
    absl::StatusOr<PollResult> r = session->Poll(absl::Seconds(5), [&](const EventBatch& b) {
      on_batch(b);
      return 0;
    });
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->end_of_stream) break;
  }
  SessionStats stats = session->Stats();
  EXPECT_EQ(stats.kernel_count,
            stats.delivered + stats.sampled_out + stats.dropped + stats.filtered);
  return stats;
}

}  // namespace ior::testing
