// The live flamegraph's tree, built from the library's flame aggregation (ior::FlameAggregator)
// in one of the original's five orders (root first), by default comm, then syscall, then the
// file's path, one frame per directory ("/usr/lib/x" → "/usr", "/lib", "/x"). Children are
// sorted by name, as flamegraph.pl sorts them, so frames keep their place while counts grow.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_FLAME_TREE_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_FLAME_TREE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ior/flame.h"

namespace ior::dashboard {

struct FlameNode {
  uint64_t value = 0;
  std::map<std::string, FlameNode> children;
};

// The orders: "comm/syscall/path" (default), "path/syscall/comm", "syscall/comm/path",
// "pid/syscall/path", "comm/path/syscall".
inline constexpr int kFlameOrders = 5;
const char* FlameOrderName(int order);

// Metric 0: calls, 1: bytes, 2: summed latency (ns).
FlameNode BuildFlameTree(const FlameAggregator& flame, int metric, int order = 0);

// The node at `path` (frame names from the root's children down); nullptr if it is gone.
const FlameNode* FindFlameNode(const FlameNode& root, const std::vector<std::string>& path);

// What a search matches: frames whose name contains `search` (case ignored), and the value
// they cover (a match inside a matching frame is not counted twice).
struct FlameMatches {
  size_t frames = 0;
  uint64_t value = 0;
};
FlameMatches MatchFlame(const FlameNode& root, const std::string& search);

// "/usr/lib/x" → {"/usr", "/lib", "/x"}; "pipe:[3]" → {"pipe:[3]"}; "" → {}.
std::vector<std::string> PathFrames(std::string_view path);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_FLAME_TREE_H_
