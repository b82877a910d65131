// The terminal the dashboard takes over: curses on the alternate screen, keys without echo,
// hidden cursor, colours where the terminal has them; and getting it back exactly as it was, on
// a normal exit, on SIGINT/SIGTERM (the caller's loop ends and the destructor runs) and on a
// crash (a fatal-signal handler writes the terminal's exit sequences and restores the saved
// tty modes before the signal's default action).
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_TERMINAL_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_TERMINAL_H_

#include <cstdio>
#include <memory>

#include "absl/status/statusor.h"

namespace ior::dashboard {

class Terminal {
 public:
  // Takes over the terminal on stdout (keys from stdin, or /dev/tty when stdin is not a
  // terminal). FailedPrecondition if TERM names no known terminal.
  static absl::StatusOr<std::unique_ptr<Terminal>> Open();
  ~Terminal();  // restores the terminal
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // The next key (curses key code), or -1 after `timeout_ms` without one.
  int ReadKey(int timeout_ms);
  bool colors() const { return colors_; }
  bool colors256() const { return colors256_; }

 private:
  Terminal() = default;
  void* screen_ = nullptr;  // SCREEN*
  FILE* input_ = nullptr;   // /dev/tty when we opened it
  bool colors_ = false;
  bool colors256_ = false;
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_TERMINAL_H_
