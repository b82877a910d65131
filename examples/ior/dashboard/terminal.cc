#include "terminal.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "canvas.h"
#include "escape.h"

namespace ior::dashboard {
namespace {

// What the crash path writes, prepared while curses is up (a signal handler may only write()).
char g_restore[256];
size_t g_restore_len = 0;
struct termios g_saved_tty;
bool g_have_tty = false;
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

void OnFatalSignal(int sig) {
  if (g_restore_len > 0) (void)!write(STDOUT_FILENO, g_restore, g_restore_len);
  if (g_have_tty) tcsetattr(STDOUT_FILENO, TCSANOW, &g_saved_tty);
  signal(sig, SIG_DFL);
  raise(sig);
}

void AppendCap(const char* name) {
  const char* cap = tigetstr(const_cast<char*>(name));
  // terminfo(5): (char*)-1 marks a capability the terminal does not have.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  if (cap == nullptr || cap == reinterpret_cast<const char*>(-1)) return;
  const size_t n = std::strlen(cap);
  if (g_restore_len + n > sizeof(g_restore)) return;
  std::copy_n(cap, n, g_restore + g_restore_len);  // bytes for write(2), not a C string
  g_restore_len += n;
}

void InstallCrashRestore() {
  g_restore_len = 0;
  AppendCap("sgr0");
  AppendCap("cnorm");
  AppendCap("rmcup");
  struct sigaction sa = {};
  sa.sa_handler = OnFatalSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (int sig : kFatalSignals) sigaction(sig, &sa, nullptr);
}

void RemoveCrashRestore() {
  for (int sig : kFatalSignals) signal(sig, SIG_DFL);
  g_restore_len = 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Terminal>> Terminal::Open() {
  std::setlocale(LC_ALL, "");
  const char* codeset = nl_langinfo(CODESET);
  SetTerminalUtf8(codeset != nullptr && std::strcmp(codeset, "UTF-8") == 0);
  g_have_tty = tcgetattr(STDOUT_FILENO, &g_saved_tty) == 0;

  std::unique_ptr<Terminal> t(new Terminal());
  FILE* in = stdin;
  if (!isatty(STDIN_FILENO)) {
    t->input_ = std::fopen("/dev/tty", "re");
    if (t->input_ != nullptr) in = t->input_;
  }
  SCREEN* screen = newterm(nullptr, stdout, in);
  if (screen == nullptr) {
    const char* term = std::getenv("TERM");
    return absl::FailedPreconditionError(std::string("cannot use the terminal (TERM=") +
                                         (term ? term : "") + "); use -plain for the CSV");
  }
  t->screen_ = screen;
  set_term(screen);
  cbreak();  // Ctrl-C still raises SIGINT, which ends the dashboard
  noecho();
  keypad(stdscr, TRUE);
  nonl();
  curs_set(0);
  set_escdelay(25);
  if (has_colors()) {
    start_color();
    use_default_colors();
    t->colors_ = true;
    t->colors256_ = COLORS >= 256;
  }
  InitStyles(t->colors_, t->colors256_);
  InstallCrashRestore();
  return t;
}

Terminal::~Terminal() {
  RemoveCrashRestore();
  if (screen_ != nullptr) {
    curs_set(1);
    endwin();
    delscreen(static_cast<SCREEN*>(screen_));
  }
  if (input_ != nullptr) std::fclose(input_);
  std::fflush(stdout);
}

int Terminal::ReadKey(int timeout_ms) {
  timeout(timeout_ms);
  return getch();
}

}  // namespace ior::dashboard
