// The dashboard's main loop: the session and its drain thread, the render loop at 4 Hz on the
// main thread, and the keys.
//
// Threads: the library's own drain thread fills the session's batch queue; our drain thread
// polls it and adds each batch to the model under `mu_`; the main thread reads keys and, four
// times a second, draws the current tab into curses' buffer under `mu_`, then writes it to the
// terminal with the lock released. A slow terminal therefore slows only the main thread: the
// batches keep being taken off the queue, and the kernel ring never backs up because of it.
#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "canvas.h"
#include "dashboard.h"
#include "demo_workload.h"
#include "escape.h"
#include "filter.h"
#include "flags.h"
#include "format.h"
#include "ior/child_process.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "model.h"
#include "picker.h"
#include "probes.h"
#include "recorder.h"
#include "tabs.h"
#include "terminal.h"

#ifndef IOR_VERSION
#define IOR_VERSION "unknown"
#endif

namespace ior::dashboard {
namespace {

constexpr int64_t kFrameMs = 250;  // ~4 Hz
constexpr int64_t kStatsMs = 500;

std::atomic<int> g_signal{0};
void OnSignal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

void InstallSignalHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// A command traced by the dashboard must not write into the screen: it gets /dev/null as
// stdin, stdout and stderr. Held while the child is forked, so only the child sees it.
class StdioToDevNull {
 public:
  StdioToDevNull() {
    const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd < 3; ++fd) {
      saved_[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
      if (null >= 0) dup2(null, fd);
    }
    if (null >= 0) close(null);
  }
  ~StdioToDevNull() {
    for (int fd = 0; fd < 3; ++fd) {
      if (saved_[fd] < 0) continue;
      dup2(saved_[fd], fd);
      close(saved_[fd]);
    }
  }

 private:
  int saved_[3] = {-1, -1, -1};
};

enum class Prompt { kNone, kFilter, kSearch };

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
  void ApplyFilter(const std::string& text);
  void Select(const PickerChoice& choice);
  void ToggleRecording();
  void SetStatus(std::string text, bool error = false) {
    status_ = std::move(text);
    status_error_ = error;
    status_at_ms_ = NowMs();
  }
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
  StreamState stream_;
  FlameState flame_;
  ProbesState probes_;
  Recorder recorder_;
  bool probes_open_ = false;
  SessionStats stats_;
  int64_t stats_at_ms_ = -1;
  // Render loop cost: CPU time of the frames over the wall time, per window of ~5 s.
  int64_t render_cpu_ns_ = 0;
  int64_t window_cpu_ns_ = 0;
  int64_t window_start_ms_ = NowMs();
  double render_share_ = 0;
  uint64_t frames_ = 0;
};

absl::Status App::StartSession() {
  absl::StatusOr<std::unique_ptr<Session>> created = Session::Create(options_);
  if (!created.ok()) return created.status();
  if (absl::Status s = (*created)->Start(); !s.ok()) return s;
  session_ = *std::move(created);
  deadline_ms_ = NowMs() + flags_.duration_seconds * 1000;
  probes_.selection = options_.selection;
  drain_stop_ = false;
  drain_ = std::thread([this] { DrainLoop(); });
  return absl::OkStatus();
}

void App::StopSession() {
  drain_stop_ = true;
  if (drain_.joinable()) drain_.join();
  if (session_ != nullptr) (void)session_->Stop();
}

void App::DrainLoop() {
  std::vector<uint8_t> passed;
  const BatchCallback add = [this, &passed](const EventBatch& batch) {
    const int64_t now_s = ModelNowS();
    const bool recording = recorder_.active();
    {
      std::lock_guard lock(mu_);
      model_.Add(batch, now_s, recording ? &passed : nullptr);
    }
    if (recording) recorder_.Write(CopyKept(batch, passed));
    return 0;
  };
  while (!drain_stop_.load(std::memory_order_relaxed)) {
    absl::StatusOr<PollResult> polled = session_->Poll(absl::Milliseconds(100), add);
    drain_cpu_ns_.store(ThreadCpuNs(), std::memory_order_relaxed);
    if (!polled.ok()) {
      std::lock_guard lock(mu_);
      drain_error_ = std::string(polled.status().message());
      return;
    }
    if (polled->end_of_stream) {
      std::lock_guard lock(mu_);
      end_of_stream_ = true;
      return;
    }
  }
}

void App::Select(const PickerChoice& choice) {
  picking_ = false;
  if (picker_.threads_of != 0) {
    // The TID picker: the same process, one thread or all of them.
    const pid_t pid = picker_.threads_of;
    std::vector<pid_t> pids = {pid};
    std::vector<pid_t> tids;
    if (choice.pid != 0) tids.push_back(choice.pid);
    if (absl::Status s = session_->SetTargets(pids, tids); !s.ok()) {
      SetStatus(std::string(s.message()), true);
      return;
    }
    target_ = "pid " + std::to_string(pid) +
              (choice.pid != 0 ? " tid " + std::to_string(choice.pid) + " (" + choice.comm + ")"
                               : std::string(" (all threads)"));
    std::lock_guard lock(mu_);
    model_.Reset(ModelNowS());
    stream_ = StreamState();
    return;
  }
  traced_pid_ = choice.pid;
  target_ = choice.pid == 0 ? "all processes"
                            : "pid " + std::to_string(choice.pid) + " (" + choice.comm + ")";
  std::vector<pid_t> pids;
  if (choice.pid != 0) pids.push_back(choice.pid);
  if (session_ == nullptr) {
    options_.pids = pids;
    if (absl::Status s = StartSession(); !s.ok()) {
      SetStatus(std::string(s.message()), true);
      picking_ = true;
    }
    return;
  }
  if (absl::Status s = session_->SetTargets(pids, {}); !s.ok()) {
    SetStatus(std::string(s.message()), true);
    return;
  }
  std::lock_guard lock(mu_);
  model_.Reset(ModelNowS());
  stream_ = StreamState();
}

void App::ToggleRecording() {
  if (!recorder_.active()) {
    if (absl::Status s = recorder_.Start(IOR_VERSION); !s.ok()) {
      SetStatus("recording: " + std::string(s.message()), true);
    } else {
      SetStatus("recording the rows that pass the filter (R stops)");
    }
    return;
  }
  absl::StatusOr<std::string> done =
      recorder_.Stop(session_ != nullptr ? session_->Stats() : SessionStats());
  if (!done.ok()) {
    SetStatus("recording: " + std::string(done.status().message()), true);
  } else {
    SetStatus(*done);
  }
}

void App::ApplyFilter(const std::string& text) {
  absl::StatusOr<Filter> filter = Filter::Parse(text);
  if (!filter.ok()) {
    SetStatus("filter: " + std::string(filter.status().message()), true);
    return;
  }
  {
    std::lock_guard lock(mu_);
    model_.SetFilter(*std::move(filter), ModelNowS());
  }
  if (stream_.paused) stream_ = StreamState();
  SetStatus(text.empty() ? "filter cleared" : "filter applied");
}

void App::DrawTitle(Canvas& cv) {
  cv.Fill(0, 0, cv.cols(), Style::kTitle);
  std::string filter_text;
  bool ended = false;
  std::string drain_error;
  {
    std::lock_guard lock(mu_);
    filter_text = model_.filter().text();
    ended = end_of_stream_;
    drain_error = drain_error_;
  }
  // What matters most first: the right end is cut on narrow screens.
  std::string title = " ior | traced " + FormatCount(stats_.kernel_count) + " | dropped " +
                      FormatCount(stats_.dropped) + " | filter: " +
                      (filter_text.empty() ? std::string("all") : EscapeText(filter_text));
  if (child_ != nullptr && child_->reaped()) {
    title += " | command exited " + std::to_string(child_->ExitCode());
  }
  if (ended) title += " | trace ended";
  if (!drain_error.empty()) title += " | error: " + EscapeText(drain_error);
  title += " | " + EscapeText(target_);
  cv.Put(0, 0, title, Style::kTitle);

  int x = 0;
  const bool narrow = cv.cols() < 100;
  cv.Fill(1, 0, cv.cols(), Style::kNormal);
  for (int i = 0; i < kTabCount; ++i) {
    const Tab t = static_cast<Tab>(i);
    std::string name = std::to_string(i + 1) + ":" + (narrow ? TabShortName(t) : TabName(t));
    x = cv.Put(1, x, " " + name + " ", !picking_ && t == tab_ ? Style::kTabActive : Style::kTab);
  }
  if (picking_) {
    cv.Put(1, x + 1, picker_.threads_of != 0 ? "[TID picker]" : "[PID picker]", Style::kTabActive);
  }
}

void App::DrawFooter(Canvas& cv) {
  const int y = cv.rows() - 1;
  cv.Fill(y, 0, cv.cols(), Style::kFooter);
  if (prompt_ != Prompt::kNone) {
    const char* label = prompt_ == Prompt::kFilter ? "filter> " : "search> ";
    cv.Put(y, 0, label + EscapeText(prompt_text_) + "_", Style::kFooter);
    return;
  }
  if (!status_.empty() && NowMs() - status_at_ms_ < 5000) {
    cv.Put(y, 0, EscapeText(status_), status_error_ ? Style::kError : Style::kFooter);
    return;
  }
  if (const std::string rec = recorder_.Describe(); !rec.empty()) {
    cv.Put(y, 0, std::string(" ").append(EscapeText(rec)).append("   R stops"), Style::kError);
    return;
  }
  std::string keys =
      picking_ ? " type to filter  Enter select  Esc back  Ctrl-C quit"
               : " q quit  H help  f filter  F clear  1-7 tabs  p pick  t thread  r reset";
  if (!picking_ && tab_ == Tab::kStream)
    keys += stream_.paused ? "  space resume" : "  space pause";
  if (!picking_ && tab_ == Tab::kFlame) keys += "  Enter zoom  Bksp out  / search  b metric";
  if (!picking_ && (tab_ == Tab::kSyscalls || tab_ == Tab::kFiles || tab_ == Tab::kProcesses)) {
    keys += "  s sort  Enter filter row";
    if (tab_ == Tab::kFiles) keys += "  d dirs";
  }
  cv.Put(y, 0, keys, Style::kFooter);
}

void App::Draw() {
  const int64_t cpu0 = ThreadCpuNs();
  const int64_t now_ms = NowMs();
  if (session_ != nullptr && (stats_at_ms_ < 0 || now_ms - stats_at_ms_ >= kStatsMs)) {
    stats_ = session_->Stats();
    stats_at_ms_ = now_ms;
  }
  Canvas cv;
  cv.Clear();
  DrawTitle(cv);
  const int top = 2;
  const int height = cv.rows() - 3;
  if (height > 0) {
    if (picking_) {
      DrawPicker(cv, top, height, now_ms, picker_);
    } else if (help_) {
      DrawHelp(cv, top, height);
    } else if (probes_open_) {
      DrawProbes(cv, top, height, probes_);
    } else {
      std::lock_guard lock(mu_);
      TabContext ctx{cv, model_, top, height, ModelNowS(), stats_, render_share_};
      row_filter_term_.clear();
      switch (tab_) {
        case Tab::kOverview:
          DrawOverview(ctx);
          break;
        case Tab::kSyscalls:
          row_filter_term_ = DrawSyscalls(ctx, syscalls_table_);
          break;
        case Tab::kFiles:
          row_filter_term_ = DrawFiles(ctx, files_table_, files_by_directory_);
          break;
        case Tab::kProcesses:
          row_filter_term_ = DrawProcesses(ctx, processes_table_);
          break;
        case Tab::kStream:
          DrawStream(ctx, stream_);
          break;
        case Tab::kFlame:
          DrawFlame(ctx, flame_);
          break;
        case Tab::kLatency:
          DrawLatency(ctx);
          break;
        case Tab::kCount:
          break;
      }
    }
  }
  DrawFooter(cv);
  refresh();  // terminal output, with mu_ released
  ++frames_;
  const int64_t spent = ThreadCpuNs() - cpu0;
  render_cpu_ns_ += spent;
  window_cpu_ns_ += spent;
  if (now_ms - window_start_ms_ >= 5000) {
    render_share_ =
        static_cast<double>(window_cpu_ns_) / 1e6 / static_cast<double>(now_ms - window_start_ms_);
    window_cpu_ns_ = 0;
    window_start_ms_ = now_ms;
  }
}

void App::HandlePromptKey(int key) {
  switch (key) {
    case 27:
      prompt_ = Prompt::kNone;
      return;
    case '\n':
    case '\r':
    case KEY_ENTER:
      if (prompt_ == Prompt::kFilter) {
        ApplyFilter(prompt_text_);
      } else {
        flame_.search = prompt_text_;
      }
      prompt_ = Prompt::kNone;
      return;
    case KEY_BACKSPACE:
    case 127:
    case 8:
      if (!prompt_text_.empty()) prompt_text_.pop_back();
      return;
    case 21:  // Ctrl-U
      prompt_text_.clear();
      return;
    default:
      // Printable ASCII and the bytes of UTF-8 characters (curses hands them one by one).
      if ((key >= 0x20 && key < 0x7F) || (key >= 0x80 && key <= 0xFF)) {
        prompt_text_.push_back(static_cast<char>(key));
      }
      return;
  }
}

bool App::HandleKey(int key) {
  if (key == KEY_RESIZE) return true;
  if (prompt_ != Prompt::kNone) {
    HandlePromptKey(key);
    return true;
  }
  if (picking_) {
    const PickerChoice choice = HandlePickerKey(key, picker_);
    if (choice.action == PickerAction::kSelect) Select(choice);
    if (choice.action == PickerAction::kCancel) {
      if (session_ == nullptr) return false;  // nothing traced yet: Esc leaves
      picking_ = false;
    }
    return true;
  }
  if (help_) {
    help_ = false;
    return true;
  }
  if (probes_open_) {
    if (key == 'q' || key == 27 || key == 'o') {
      probes_open_ = false;
      return true;
    }
    if (HandleProbesKey(key, probes_) && session_ != nullptr) {
      if (absl::Status s = session_->SetSelection(probes_.selection); !s.ok()) {
        SetStatus(std::string(s.message()), true);
        probes_.selection = probes_.applied;
      } else {
        probes_.applied = probes_.selection;
        SetStatus("probes changed");
      }
    }
    return true;
  }
  switch (key) {
    case 'q':
      return false;
    case 'H':
    case '?':
      help_ = true;
      return true;
    case 'f':
      prompt_ = Prompt::kFilter;
      {
        std::lock_guard lock(mu_);
        prompt_text_ = model_.filter().text();
      }
      return true;
    case 'F':
      ApplyFilter("");
      return true;
    case 'p':
      picking_ = true;
      picker_ = PickerState();
      return true;
    case 'R':
      ToggleRecording();
      return true;
    case 't':
      if (traced_pid_ == 0 || session_ == nullptr) {
        SetStatus("t picks a thread of one traced process: pick a process first (p)", true);
        return true;
      }
      picking_ = true;
      picker_ = PickerState();
      picker_.threads_of = traced_pid_;
      return true;
    case 'o':
      if (tab_ != Tab::kFlame) {
        probes_open_ = true;
        return true;
      }
      break;
    case 'O':
      probes_open_ = true;
      return true;
    case 'r': {
      std::lock_guard lock(mu_);
      model_.ResetFigures(ModelNowS());
      SetStatus("figures reset");
      return true;
    }
    case '\t':
      tab_ = static_cast<Tab>((static_cast<int>(tab_) + 1) % kTabCount);
      return true;
    case KEY_BTAB:
      tab_ = static_cast<Tab>((static_cast<int>(tab_) + kTabCount - 1) % kTabCount);
      return true;
    default:
      if (key >= '1' && key < '1' + kTabCount) {
        tab_ = static_cast<Tab>(key - '1');
        return true;
      }
      break;
  }
  switch (tab_) {
    case Tab::kSyscalls:
    case Tab::kFiles:
    case Tab::kProcesses: {
      if ((key == '\n' || key == '\r' || key == KEY_ENTER) && !row_filter_term_.empty()) {
        std::string text;
        {
          std::lock_guard lock(mu_);
          text = model_.filter().text();
        }
        ApplyFilter(text.empty() ? row_filter_term_ : text + " " + row_filter_term_);
        return true;
      }
      TableState& st = tab_ == Tab::kSyscalls ? syscalls_table_
                       : tab_ == Tab::kFiles  ? files_table_
                                              : processes_table_;
      if (tab_ == Tab::kFiles && key == 'd') {
        files_by_directory_ = !files_by_directory_;
        files_table_ = TableState{0};
        return true;
      }
      const int cols = tab_ == Tab::kSyscalls ? kSyscallColumns
                       : tab_ == Tab::kFiles
                           ? (files_by_directory_ ? kDirectoryColumns : kFileColumns)
                           : kProcessColumns;
      HandleTableKey(key, cols, st);
      return true;
    }
    case Tab::kStream: {
      std::lock_guard lock(mu_);
      HandleStreamKey(key, model_, stream_);
      return true;
    }
    case Tab::kFlame:
      if (key == '/') {
        prompt_ = Prompt::kSearch;
        prompt_text_ = flame_.search;
        return true;
      }
      HandleFlameKey(key, flame_);
      return true;
    default:
      return true;
  }
}

int App::Run() {
  options_.selection = flags_.selection;
  if (!flags_.comm.empty()) options_.comm_filter = TextFilter{flags_.comm};
  if (!flags_.path.empty()) options_.path_filter = TextFilter{flags_.path};
  options_.batch_size = flags_.batch_size;
  options_.ring_bytes = flags_.map_size;
  if (flags_.pid) traced_pid_ = *flags_.pid;
  if (flags_.pid) options_.pids = {*flags_.pid};
  if (flags_.pid) options_.follow = flags_.follow.value_or(false);
  if (flags_.tid) options_.tids = {*flags_.tid};
  if (absl::Status s = ValidateOptions(options_); !s.ok()) {
    std::fprintf(stderr, "ior: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  InstallSignalHandlers();

  // A command (or the demo) is forked before any thread exists, held back until it is traced.
  if (flags_.demo || !flags_.command.empty()) {
    absl::StatusOr<std::unique_ptr<ChildProcess>> spawned;
    {
      StdioToDevNull quiet;
      spawned = flags_.demo ? ChildProcess::SpawnFunction(cli::RunDemoWorkload)
                            : ChildProcess::SpawnCommand(flags_.command);
    }
    if (!spawned.ok()) {
      std::fprintf(stderr, "ior: %s\n", std::string(spawned.status().message()).c_str());
      return 1;
    }
    child_ = *std::move(spawned);
    options_.pids = {child_->pid()};
    options_.follow = flags_.follow.value_or(true);
    traced_pid_ = child_->pid();
  }

  // With a target on the command line the trace starts now, before the screen is taken over
  // (so that errors print as usual); otherwise the picker chooses first.
  const bool targeted = child_ != nullptr || flags_.pid || flags_.tid;
  if (targeted) {
    if (absl::Status s = StartSession(); !s.ok()) {
      std::fprintf(stderr, "ior: %s\n", std::string(s.message()).c_str());
      return 1;
    }
    if (child_ != nullptr) {
      std::string cmd;
      for (const std::string& a : flags_.command) {
        // The program's base name: the rest of the title matters more than its directory.
        cmd += cmd.empty() ? a.substr(a.rfind('/') + 1) : " " + a;
      }
      target_ = "pid " + std::to_string(child_->pid()) + " (" + (flags_.demo ? "demo" : cmd) + ")";
    } else {
      target_ =
          flags_.pid ? "pid " + std::to_string(*flags_.pid) : "tid " + std::to_string(*flags_.tid);
    }
  } else {
    picking_ = true;
  }

  // The library's diagnostics (IOR_LIBBPF_DEBUG=1) would write over the screen.
  SetLogSink(nullptr);
  absl::StatusOr<std::unique_ptr<Terminal>> term = Terminal::Open();
  if (!term.ok()) {
    std::fprintf(stderr, "ior: %s\n", std::string(term.status().message()).c_str());
    StopSession();
    if (child_ != nullptr) child_->Abort();  // never released: it runs nothing
    return 1;
  }
  terminal_ = *std::move(term);
  // The command runs only once the screen is ours and its calls are traced.
  if (child_ != nullptr) {
    if (absl::Status s = child_->Release(); !s.ok()) SetStatus(std::string(s.message()), true);
  }

  int64_t next_frame = 0;
  bool quit = false;
  while (!quit && g_signal.load(std::memory_order_relaxed) == 0) {
    const int64_t now = NowMs();
    if (child_ != nullptr && !child_->reaped()) child_->TryReap();
    if (session_ != nullptr && !session_stopped_ && now >= deadline_ms_) {
      (void)session_->Stop();  // the drain thread sees the end of the stream
      session_stopped_ = true;
    }
    if (now >= next_frame) {
      Draw();
      next_frame = now + kFrameMs;
    }
    const int key = terminal_->ReadKey(
        static_cast<int>(std::clamp<int64_t>(next_frame - NowMs(), 1, kFrameMs)));
    if (key == ERR) continue;
    quit = !HandleKey(key);
    next_frame = 0;  // show the key's effect now
  }
  terminal_.reset();  // restores the terminal first, so anything below prints normally
  if (recorder_.active()) {
    absl::StatusOr<std::string> done =
        recorder_.Stop(session_ != nullptr ? session_->Stats() : SessionStats());
    std::fprintf(stderr, "%s\n",
                 done.ok() ? done->c_str() : std::string(done.status().message()).c_str());
  }

  const int64_t wall_ms = std::max<int64_t>(NowMs() - start_ms_, 1);
  StopSession();
  if (const char* path = std::getenv("IOR_DASHBOARD_STATS"); path != nullptr && *path) {
    // For bench/dashboard_bench.sh: what the render loop and the drain cost.
    const SessionStats s = session_ != nullptr ? session_->Stats() : SessionStats();
    if (FILE* f = std::fopen(path, "w")) {
      std::fprintf(f,
                   "wall_ms %lld\nframes %llu\nrender_cpu_ms %.1f\ndrain_cpu_ms %.1f\n"
                   "kernel_count %llu\ndelivered %llu\ndropped %llu\n",
                   static_cast<long long>(wall_ms), static_cast<unsigned long long>(frames_),
                   static_cast<double>(render_cpu_ns_) / 1e6,
                   static_cast<double>(drain_cpu_ns_.load()) / 1e6,
                   static_cast<unsigned long long>(s.kernel_count),
                   static_cast<unsigned long long>(s.delivered),
                   static_cast<unsigned long long>(s.dropped));
      std::fclose(f);
    }
  }
  if (child_ == nullptr) return 0;
  if (!child_->reaped()) {
    std::fprintf(stderr, "ior: waiting for pid %d to exit\n", static_cast<int>(child_->pid()));
    int forwarded = g_signal.load();
    if (forwarded != 0) child_->Kill(forwarded);
    while (!child_->TryReap()) {
      const int sig = g_signal.load(std::memory_order_relaxed);
      if (sig != 0 && sig != forwarded) {
        child_->Kill(sig);
        forwarded = sig;
      }
      usleep(20 * 1000);
    }
  }
  return child_->ExitCode();
}

}  // namespace

bool Wanted(const cli::Flags& flags) {
  return !flags.plain && !flags.flamegraph && flags.parquet.empty() && flags.trace_json.empty() &&
         isatty(STDOUT_FILENO) == 1;
}

int Run(const cli::Flags& flags) {
  App app(flags);
  return app.Run();
}

}  // namespace ior::dashboard
