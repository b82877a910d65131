// Tab 3, Files: one row per file the filtered rows touched.
#include <string>
#include <vector>

#include "escape.h"
#include "format.h"
#include "tabs.h"

namespace ior::dashboard {
namespace {

// A filter value the parser reads back exactly: quoted, with " and \ escaped.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string DrawFiles(const TabContext& ctx, TableState& state) {
  static const std::vector<Column> kColumns = {
      {"Accesses", 11, true}, {"Read", 9, true},     {"Written", 9, true},
      {"Avg lat", 10, true},  {"Max lat", 10, true}, {"File", 0, false, 0, true},
  };
  static_assert(kFileColumns == 6);
  std::vector<TableRow> rows;
  rows.reserve(ctx.model.files().size());
  for (const auto& [name, f] : ctx.model.files()) {
    TableRow row;
    const uint64_t avg = f.accesses ? f.latency_sum_ns / f.accesses : 0;
    row.cells = {
        Cell{FormatCount(f.accesses), static_cast<double>(f.accesses)},
        Cell{FormatBytes(f.read_bytes), static_cast<double>(f.read_bytes)},
        Cell{FormatBytes(f.write_bytes), static_cast<double>(f.write_bytes)},
        Cell{FormatDuration(avg), static_cast<double>(avg)},
        Cell{FormatDuration(f.latency_max_ns), static_cast<double>(f.latency_max_ns)},
        Cell{EscapeText(name), 0},
    };
    row.filter_term = "file==" + Quote(name);
    rows.push_back(std::move(row));
  }
  return DrawTable(ctx.canvas, ctx.top, ctx.height, kColumns, rows, state);
}

}  // namespace ior::dashboard
