// Tab 3, Files: one row per file the filtered rows touched.
#include <algorithm>
#include <map>
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

std::string DrawFiles(const TabContext& ctx, TableState& state, bool by_directory) {
  static const std::vector<Column> kColumns = {
      {"Accesses", 11, true}, {"Read", 9, true},     {"Written", 9, true},
      {"Avg lat", 10, true},  {"Max lat", 10, true}, {"File", 0, false, 0, true},
  };
  static const std::vector<Column> kDirColumns = {
      {"Accesses", 11, true},
      {"Read", 9, true},
      {"Written", 9, true},
      {"Avg lat", 10, true},
      {"Max lat", 10, true},
      {"Files", 8, true},
      {"Directory", 0, false, 0, true},
  };
  static_assert(kFileColumns == 6 && kDirectoryColumns == 7);
  std::vector<TableRow> rows;
  auto add_row = [&rows](const std::string& name, const FileAgg& f, const size_t* files,
                         std::string filter_term) {
    TableRow row;
    const uint64_t avg = f.accesses ? f.latency_sum_ns / f.accesses : 0;
    row.cells = {
        Cell{FormatCount(f.accesses), static_cast<double>(f.accesses)},
        Cell{FormatBytes(f.read_bytes), static_cast<double>(f.read_bytes)},
        Cell{FormatBytes(f.write_bytes), static_cast<double>(f.write_bytes)},
        Cell{FormatDuration(avg), static_cast<double>(avg)},
        Cell{FormatDuration(f.latency_max_ns), static_cast<double>(f.latency_max_ns)},
    };
    if (files != nullptr)
      row.cells.push_back(Cell{FormatCount(*files), static_cast<double>(*files)});
    row.cells.push_back(Cell{EscapeText(name), 0});
    row.filter_term = std::move(filter_term);
    rows.push_back(std::move(row));
  };
  if (!by_directory) {
    rows.reserve(ctx.model.files().size());
    for (const auto& [name, f] : ctx.model.files())
      add_row(name, f, nullptr, "file==" + Quote(name));
    return DrawTable(ctx.canvas, ctx.top, ctx.height, kColumns, rows, state);
  }
  // Directory roll-up: paths by their directory; kernel names ("pipe:[3]") and the like
  // together.
  struct Dir {
    FileAgg agg;
    size_t files = 0;
  };
  std::map<std::string, Dir> dirs;
  for (const auto& [name, f] : ctx.model.files()) {
    std::string dir = "[not a path]";
    if (!name.empty() && name.front() == '/') {
      const size_t slash = name.rfind('/');
      dir = slash == 0 ? "/" : name.substr(0, slash);
    }
    Dir& d = dirs[dir];
    d.agg.accesses += f.accesses;
    d.agg.read_bytes += f.read_bytes;
    d.agg.write_bytes += f.write_bytes;
    d.agg.latency_sum_ns += f.latency_sum_ns;
    d.agg.latency_max_ns = std::max(d.agg.latency_max_ns, f.latency_max_ns);
    ++d.files;
  }
  for (const auto& [dir, d] : dirs) {
    add_row(dir, d.agg, &d.files,
            dir.front() == '/' ? "file=" + Quote(dir == "/" ? dir : dir + "/") : "");
  }
  return DrawTable(ctx.canvas, ctx.top, ctx.height, kDirColumns, rows, state);
}

}  // namespace ior::dashboard
