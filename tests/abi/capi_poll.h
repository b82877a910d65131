// The poll loop the C ABI tests share: ior_session_poll() until the stream ends.
#ifndef IOR_TESTS_ABI_CAPI_POLL_H_
#define IOR_TESTS_ABI_CAPI_POLL_H_

#include <gtest/gtest.h>

#include <type_traits>
#include <utility>
#include <vector>

#include "ior/ior.h"

namespace ior::testing {

// Polls `s` with `cb` until a call returns non-zero and returns that value: IOR_EEOS when the
// stream ended (the targets exited, or the session was stopped and drained), else the error or
// the callback's stop value. Each wait is bounded by `timeout_ms`, and a timeout goes on
// polling, so a test that never ends is cut by ctest's timeout, not by a guess here.
inline int PollUntilEnd(ior_session* s, ior_event_cb cb, void* user_data, int timeout_ms = 5000) {
  int rc;
  while ((rc = ior_session_poll(s, timeout_ms, cb, user_data)) == 0) {
  }
  return rc;
}

// Every event until the stream ends, each turned into a value by `keep(const ior_event&)`
// during its callback (while its borrowed strings are valid). Fails the test unless the stream
// ended normally (IOR_EEOS).
template <typename Keep>
auto CollectUntilEnd(ior_session* s, Keep keep) {
  using Value = std::invoke_result_t<Keep&, const ior_event&>;
  struct State {
    Keep& keep;
    std::vector<Value> values;
  } state{keep, {}};
  const int rc = PollUntilEnd(
      s,
      [](void* user_data, const ior_event* e) {
        auto* st = static_cast<State*>(user_data);
        st->values.push_back(st->keep(*e));
        return 0;
      },
      &state);
  EXPECT_EQ(rc, IOR_EEOS) << ior_strerror(rc) << ": " << ior_last_error();
  return std::move(state.values);
}

}  // namespace ior::testing

#endif  // IOR_TESTS_ABI_CAPI_POLL_H_
