#include "signals.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace ior::cli {
namespace {

std::atomic<int> g_stop_signal{0};
std::atomic<pid_t> g_child{0};

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Async-signal-safe only: atomics, kill(), write(), _exit().
void OnStopSignal(int sig) {
  int expected = 0;
  if (g_stop_signal.compare_exchange_strong(expected, sig)) return;  // the first: stop
  static constexpr char kMessage[] = "ior: second signal, exiting now without a summary\n";
  (void)!write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  if (pid_t child = g_child.load(); child > 0) kill(child, SIGKILL);
  _exit(128 + sig);
}

}  // namespace

void InstallStopSignals() {
  struct sigaction sa = {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a blocking call returns EINTR, and the loops look at StopSignal().
  for (int sig : kStopSignals) sigaction(sig, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
}

int StopSignal() { return g_stop_signal.load(std::memory_order_relaxed); }

void SetChildForSecondSignal(pid_t pid) { g_child.store(pid); }

}  // namespace ior::cli
