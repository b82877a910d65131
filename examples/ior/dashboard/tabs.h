// The dashboard's tabs. Each draws itself from the model (locked by the caller) into the
// canvas rows [top, top + height) and handles its own keys.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_TABS_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_TABS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "canvas.h"
#include "flame_tree.h"
#include "ior/stats.h"
#include "model.h"
#include "table.h"

namespace ior::dashboard {

enum class Tab { kOverview, kSyscalls, kFiles, kProcesses, kStream, kFlame, kLatency, kCount };
inline constexpr int kTabCount = static_cast<int>(Tab::kCount);
const char* TabName(Tab tab);       // "Overview"
const char* TabShortName(Tab tab);  // "Ovr"

// What a tab sees besides the model.
struct TabContext {
  Canvas& canvas;
  const Model& model;
  int top;
  int height;
  int64_t now_s;              // the model's clock
  const SessionStats& stats;  // the session's figures, read this frame
  double render_cpu_share;    // CPU time of the render loop / wall time, recent
  std::string auto_reset;     // "auto-reset 30s, next in 12s" when on, else ""
};

// 1 Overview: rates, bytes/s, errors, latency and gap means, the top three, totals with the
// session's loss identity.
void DrawOverview(const TabContext& ctx);

// 2 Syscalls, 3 Files, 4 Processes: sortable tables. Return the filter term of the cursor row.
std::string DrawSyscalls(const TabContext& ctx, TableState& state);
// Files: `by_directory` rolls files up into their directories (d).
std::string DrawFiles(const TabContext& ctx, TableState& state, bool by_directory);
std::string DrawProcesses(const TabContext& ctx, TableState& state);
inline constexpr int kSyscallColumns = 11;
inline constexpr int kFileColumns = 6;
inline constexpr int kDirectoryColumns = 7;
inline constexpr int kProcessColumns = 7;

// 5 Stream: the last rows that pass the filter; space pauses (the shown rows freeze, the
// cursor keys scroll them). '/' searches the rows (any column, case ignored): the rows freeze,
// matches are highlighted and the view jumps to the newest; n / N step to the next older /
// newer match, wrapping.
struct StreamState {
  bool paused = false;
  std::vector<StreamRow> frozen;
  int scroll = 0;  // rows up from the newest
  std::string search;
  int match = -1;  // index into `frozen` of the current match, -1 if none
};
void DrawStream(const TabContext& ctx, StreamState& state);
// Returns a line for the status ("" if none).
std::string HandleStreamKey(int key, const Model& model, StreamState& state);
// Starts a search for `text` ("" ends it); returns a line for the status.
std::string SearchStream(const std::string& text, const Model& model, StreamState& state);
// The rows an export (e) writes: the frozen rows when paused, else the ring's rows that pass
// the filter.
std::vector<StreamRow> StreamExportRows(const Model& model, const StreamState& state);

// 6 Flame: the live flamegraph. Space pauses it on a snapshot (the keys move and zoom on the
// snapshot while the trace goes on); r (every tab) resets it with the other figures.
struct FlameState {
  int metric = 0;                           // 0 count, 1 bytes, 2 duration
  int order = 0;                            // see FlameOrderName
  std::vector<std::string> zoom;            // frames from the root to the zoomed frame
  std::vector<std::string> cursor;          // frames from the root to the selected frame
  std::string search;                       // substring; matching frames are highlighted
  FlameNode tree;                           // as last drawn, for the navigation keys
  std::unique_ptr<FlameAggregator> frozen;  // the paused snapshot; nullptr: live
};
void DrawFlame(const TabContext& ctx, FlameState& state);
// Keys other than '/', which the caller turns into a search prompt, and space.
bool HandleFlameKey(int key, FlameState& state);
// Space: pauses on a copy of the model's flame aggregate, or resumes.
void ToggleFlamePause(const Model& model, FlameState& state);
const char* FlameMetricName(int metric);

// 7 Latency+Gaps: the decade histograms.
void DrawLatency(const TabContext& ctx);

// H: every key.
void DrawHelp(Canvas& canvas, int top, int height);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_TABS_H_
