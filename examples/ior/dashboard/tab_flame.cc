// Tab 6, Flame: the live flamegraph of the filtered rows, drawn top down (an icicle): the
// zoomed frame spans the first row, each row below splits its parent's width among the
// children in proportion to the metric. A cursor frame moves with the arrow keys; Enter zooms
// into it, Backspace zooms out; '/' highlights frames whose name contains the search text.
#include <curses.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "escape.h"
#include "flame_tree.h"
#include "format.h"
#include "tabs.h"

namespace ior::dashboard {
namespace {

std::string FormatValue(uint64_t v, int metric) {
  return metric == 1 ? FormatBytes(v) : metric == 2 ? FormatDuration(v) : FormatCount(v);
}

struct Layout {
  const TabContext& ctx;
  const FlameState& state;
  int rows;  // frame rows available
  int flip = 0;
};

void DrawNode(Layout& l, const std::string& name, const FlameNode& node,
              std::vector<std::string>& path, int depth, double x, double width) {
  if (depth >= l.rows) return;
  const int x0 = static_cast<int>(std::lround(x));
  const int x1 = static_cast<int>(std::lround(x + width));
  if (x1 - x0 < 1) return;
  const std::string label = EscapeText(name);
  const int shade = l.flip++ % 3;
  Style style = shade == 0 ? Style::kFlame0 : shade == 1 ? Style::kFlame1 : Style::kFlame2;
  if (!l.state.search.empty()) {
    style = ContainsNoCase(label, l.state.search) ? Style::kMatch : Style::kDim;
  }
  if (path == l.state.cursor) style = Style::kSelected;
  std::string text = label + " " + FormatValue(node.value, l.state.metric);
  const int w = x1 - x0;
  // The label with its value if it fits, else the label cut; frames too narrow for two
  // characters of it are bare bars (a lone cut mark tells nothing).
  std::string cell;
  if (w < 4) {
    cell.assign(static_cast<size_t>(w), ' ');
  } else if (DisplayWidth(text) <= w - 1) {
    cell = FitWidth(text, w - 1, true) + " ";
  } else {
    cell = FitWidth(label, w - 1, true) + " ";
  }
  l.ctx.canvas.Put(l.ctx.top + 1 + depth, x0, cell, style);
  double cx = x;
  for (const auto& [child_name, child] : node.children) {
    const double cw = width * static_cast<double>(child.value) / static_cast<double>(node.value);
    path.push_back(child_name);
    DrawNode(l, child_name, child, path, depth + 1, cx, cw);
    path.pop_back();
    cx += cw;
  }
}

}  // namespace

const char* FlameMetricName(int metric) {
  return metric == 1 ? "bytes" : metric == 2 ? "duration" : "count";
}

void ToggleFlamePause(const Model& model, FlameState& state) {
  if (state.frozen != nullptr) {
    state.frozen.reset();
    return;
  }
  FlameAggregator::Options options;
  options.max_keys = 0;  // the model's keys, folds included, as they are
  state.frozen = std::make_unique<FlameAggregator>(options);
  state.frozen->Merge(model.flame());
}

void DrawFlame(const TabContext& ctx, FlameState& state) {
  const FlameAggregator& source = state.frozen != nullptr ? *state.frozen : ctx.model.flame();
  state.tree = BuildFlameTree(source, state.metric, state.order);
  // Frames that vanished (a reset, a new filter) take the zoom and the cursor back up.
  while (!state.zoom.empty() && FindFlameNode(state.tree, state.zoom) == nullptr)
    state.zoom.pop_back();
  while (!state.cursor.empty() && FindFlameNode(state.tree, state.cursor) == nullptr)
    state.cursor.pop_back();
  if (state.cursor.size() < state.zoom.size() ||
      !std::equal(state.zoom.begin(), state.zoom.end(), state.cursor.begin())) {
    state.cursor = state.zoom;
  }
  Canvas& cv = ctx.canvas;
  std::string bar = state.frozen != nullptr ? "PAUSED  " : "";
  bar.append("metric: ").append(FlameMetricName(state.metric)).append("   zoom: all");
  for (const std::string& f : state.zoom) bar.append(" > ").append(EscapeText(f));
  if (!state.search.empty()) {
    const FlameMatches m = MatchFlame(state.tree, state.search);
    char share[32];
    std::snprintf(share, sizeof(share), "%.1f%%",
                  state.tree.value == 0 ? 0.0
                                        : 100.0 * static_cast<double>(m.value) /
                                              static_cast<double>(state.tree.value));
    bar.append("   search: ").append(EscapeText(state.search));
    bar.append(" (").append(std::to_string(m.frames));
    bar.append(m.frames == 1 ? " frame, " : " frames, ").append(share);
    bar.append(")");
  }
  bar.append("   o:order ").append(FlameOrderName(state.order));
  if (!ctx.auto_reset.empty()) bar.append("   ").append(ctx.auto_reset);
  cv.Put(ctx.top, 0, bar, Style::kHeader);
  const FlameNode* zoomed = FindFlameNode(state.tree, state.zoom);
  if (zoomed == nullptr || zoomed->value == 0) {
    cv.Put(ctx.top + 1, 1, "(no rows yet)", Style::kDim);
    return;
  }
  Layout l{ctx, state, ctx.height - 2};
  std::vector<std::string> path = state.zoom;
  DrawNode(l, state.zoom.empty() ? "all" : state.zoom.back(), *zoomed, path, 0, 0,
           static_cast<double>(cv.cols()));
  const FlameNode* cur = FindFlameNode(state.tree, state.cursor);
  if (cur != nullptr) {
    std::string sel = "selected: all";
    if (!state.cursor.empty()) {
      sel = "selected:";
      for (const std::string& f : state.cursor) sel.append(" ").append(EscapeText(f));
    }
    char pct[32];
    std::snprintf(pct, sizeof(pct), " (%.1f%%)",
                  100.0 * static_cast<double>(cur->value) / static_cast<double>(state.tree.value));
    cv.Put(ctx.top + ctx.height - 1, 0, sel + "  " + FormatValue(cur->value, state.metric) + pct,
           Style::kDim);
  }
}

bool HandleFlameKey(int key, FlameState& state) {
  const FlameNode* cur = FindFlameNode(state.tree, state.cursor);
  switch (key) {
    case 'b':
      state.metric = (state.metric + 1) % 3;
      return true;
    case 'o':
      // Another order: frames have other names, so zoom and cursor start over.
      state.order = (state.order + 1) % kFlameOrders;
      state.zoom.clear();
      state.cursor.clear();
      return true;
    case KEY_DOWN:
    case 'j':
      if (cur != nullptr && !cur->children.empty()) {
        auto best = std::max_element(
            cur->children.begin(), cur->children.end(),
            [](const auto& a, const auto& b) { return a.second.value < b.second.value; });
        state.cursor.push_back(best->first);
      }
      return true;
    case KEY_UP:
    case 'k':
      if (state.cursor.size() > state.zoom.size()) state.cursor.pop_back();
      return true;
    case KEY_LEFT:
    case 'h':
    case KEY_RIGHT:
    case 'l': {
      if (state.cursor.size() <= state.zoom.size()) return true;
      std::vector<std::string> parent_path(state.cursor.begin(), state.cursor.end() - 1);
      const FlameNode* parent = FindFlameNode(state.tree, parent_path);
      if (parent == nullptr) return true;
      auto it = parent->children.find(state.cursor.back());
      if (it == parent->children.end()) return true;
      if (key == KEY_LEFT || key == 'h') {
        if (it != parent->children.begin()) state.cursor.back() = std::prev(it)->first;
      } else if (std::next(it) != parent->children.end()) {
        state.cursor.back() = std::next(it)->first;
      }
      return true;
    }
    case '\n':
    case '\r':
    case KEY_ENTER:
      state.zoom = state.cursor;
      return true;
    case KEY_BACKSPACE:
    case 127:
    case 8:
    case 'u':
    case 27:
      if (!state.zoom.empty()) state.zoom.pop_back();
      return true;
    default:
      return false;
  }
}

}  // namespace ior::dashboard
