// The dashboard's keys: global ones, the prompt, the picker, the probes view, then the tab's.
#include <curses.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app.h"
#include "escape.h"
#include "filter.h"
#include "format.h"
#include "stream_export.h"

namespace ior::dashboard {

void App::HandlePromptKey(int key) {
  switch (key) {
    case 27:
      if (prompt_ == Prompt::kRecord) SetStatus("no recording");
      prompt_ = Prompt::kNone;
      return;
    case '\n':
    case '\r':
    case KEY_ENTER:
      if (prompt_ == Prompt::kRecord) {
        StartRecording(prompt_text_);
      } else if (prompt_ == Prompt::kFilter) {
        PushFilter(prompt_text_);
      } else if (tab_ == Tab::kStream) {
        std::lock_guard lock(mu_);
        SetStatus(SearchStream(prompt_text_, model_, stream_));
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
  if (key == KEY_RESIZE) {
    // A terminal may scroll or keep stale cells when it shrinks: the next frame repaints all.
    clearok(curscr, TRUE);
    return true;
  }
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
    if (!probes_.typing && (key == 'q' || key == 27 || key == 'o' || key == 'O')) {
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
      prompt_text_.clear();
      return true;
    case 'F':
      if (!filters_.Pop()) {
        SetStatus("no filter condition to pop");
        return true;
      }
      ApplyFilters("filter: " + filters_.Describe());
      return true;
    case 'c':
      filters_.Clear();
      ApplyFilters("filter cleared");
      return true;
    case '[':
    case ']':
      filters_.StepScope(TracedFamilies(probes_.applied), key == ']' ? 1 : -1);
      ApplyFilters(filters_.scope().empty()
                       ? std::string("scope: every family ([ ] step through the families)")
                       : "scope: " + filters_.scope() + " ([ ] step through the families)");
      return true;
    case 'p':
      picking_ = true;
      picker_ = PickerState();
      return true;
    case 'R':
      ToggleRecording();
      return true;
    case 'e':
      ExportStream();
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
      flame_.frozen.reset();  // a reset shows the empty figures, paused or not
      SetStatus("figures reset");
      return true;
    }
    case 'I':
      CycleAutoReset();
      return true;
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
        PushFilter(row_filter_term_);
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
      if (key == '/') {
        prompt_ = Prompt::kSearch;
        prompt_text_ = stream_.search;
        return true;
      }
      std::lock_guard lock(mu_);
      if (std::string line = HandleStreamKey(key, model_, stream_); !line.empty()) {
        SetStatus(line);
      }
      return true;
    }
    case Tab::kFlame:
      if (key == '/') {
        prompt_ = Prompt::kSearch;
        prompt_text_ = flame_.search;
        return true;
      }
      if (key == ' ') {
        std::lock_guard lock(mu_);
        ToggleFlamePause(model_, flame_);
        return true;
      }
      HandleFlameKey(key, flame_);
      return true;
    default:
      return true;
  }
}

}  // namespace ior::dashboard
