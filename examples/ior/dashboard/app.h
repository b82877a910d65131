// The dashboard application: the session and its drain thread, the render loop on the main
// thread, the keys. Split over app.cc (session, threads, main loop), app_draw.cc (frames) and
// app_keys.cc (keys); internal to the dashboard.
//
// Threads: the library's own drain thread fills the session's batch queue; our drain thread
// polls it and adds each batch to the model under `mu_`; the main thread reads keys and, four
// times a second, draws the current tab into curses' buffer under `mu_`, then writes it to the
// terminal with the lock released. A slow terminal therefore slows only the main thread: the
// batches keep being taken off the queue, and the kernel ring never backs up because of it.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_APP_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_APP_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "canvas.h"
#include "filter_stack.h"
#include "flags.h"
#include "ior/child_process.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "model.h"
#include "picker.h"
#include "probes.h"
#include "recorder.h"
#include "tabs.h"
#include "terminal.h"

namespace ior::dashboard {

inline constexpr int64_t kFrameMs = 250;  // ~4 Hz
inline constexpr int64_t kStatsMs = 500;  // how often the session's figures are read

// Steady clock in ms; CPU time of the calling thread in ns.
int64_t NowMs();
int64_t ThreadCpuNs();

enum class Prompt { kNone, kFilter, kSearch, kRecord };

class App {
 public:
  explicit App(const cli::Flags& flags) : flags_(flags) {}
  ~App() { StopSession(); }

  int Run();

 private:
  absl::Status StartSession();
  void StopSession();
  void DrainLoop();
  void Draw();
  void DrawTitle(Canvas& cv);
  void DrawFooter(Canvas& cv);
  // False: quit.
  bool HandleKey(int key);
  void HandlePromptKey(int key);
  // f, a table row's Enter: pushes a condition on the filter stack.
  void PushFilter(const std::string& text);
  // Gives the model the stack's filter; `what` goes to the status line.
  void ApplyFilters(const std::string& what);
  void Select(const PickerChoice& choice);
  // R: prompts for the file name when not recording, else stops.
  void ToggleRecording();
  // Enter on the R prompt: `name` as typed (the default if unchanged).
  void StartRecording(const std::string& name);
  // e: the Stream tab's rows (frozen if paused, else the ring's that pass the filter) as CSV.
  void ExportStream();
  void SetStatus(std::string text, bool error = false) {
    status_ = std::move(text);
    status_error_ = error;
    status_at_ms_ = NowMs();
  }
  // I: the auto-reset period steps off, 10 s, 30 s, 1 m, 2 m, 5 m, off.
  void CycleAutoReset();
  // Resets the figures when the auto-reset period is over; the countdown for the screen.
  void AutoReset(int64_t now_ms);
  std::string AutoResetText(int64_t now_ms) const;
  int64_t ModelNowS() const { return (NowMs() - start_ms_) / 1000; }

  const cli::Flags& flags_;
  SessionOptions options_;
  std::unique_ptr<ChildProcess> child_;
  std::unique_ptr<Session> session_;
  std::thread drain_;
  std::atomic<bool> drain_stop_{false};
  std::atomic<int64_t> drain_cpu_ns_{0};
  int64_t start_ms_ = NowMs();
  int64_t deadline_ms_ = 0;
  bool session_stopped_ = false;

  std::mutex mu_;
  Model model_;                 // guarded by mu_
  std::string drain_error_;     // guarded by mu_
  bool end_of_stream_ = false;  // guarded by mu_

  // UI state, main thread only.
  std::unique_ptr<Terminal> terminal_;
  bool picking_ = false;
  PickerState picker_;
  Tab tab_ = Tab::kOverview;
  bool help_ = false;
  Prompt prompt_ = Prompt::kNone;
  std::string prompt_text_;
  std::string record_default_;  // the name the R prompt offered
  std::string status_;
  bool status_error_ = false;
  int64_t status_at_ms_ = 0;
  std::string target_;
  pid_t traced_pid_ = 0;  // the one process traced, for the TID picker; 0 if not one
  TableState syscalls_table_{1};
  TableState files_table_{0};
  bool files_by_directory_ = false;
  TableState processes_table_{2};
  std::string row_filter_term_;
  FilterStack filters_;
  StreamState stream_;
  FlameState flame_;
  ProbesState probes_;
  Recorder recorder_;
  bool probes_open_ = false;
  int auto_reset_step_ = 0;  // index into the periods; 0: off
  int64_t next_auto_reset_ms_ = 0;
  SessionStats stats_;
  int64_t stats_at_ms_ = -1;
  // Render loop cost: CPU time of the frames over the wall time, per window of ~5 s.
  int64_t render_cpu_ns_ = 0;
  int64_t window_cpu_ns_ = 0;
  int64_t window_start_ms_ = NowMs();
  double render_share_ = 0;
  uint64_t frames_ = 0;
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_APP_H_
