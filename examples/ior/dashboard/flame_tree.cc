#include "flame_tree.h"

#include <string>
#include <string_view>
#include <vector>

#include "format.h"
#include "ior/flame.h"

namespace ior::dashboard {

std::vector<std::string> PathFrames(std::string_view path) {
  std::vector<std::string> frames;
  if (path.empty()) return frames;
  if (path.front() != '/') {
    frames.emplace_back(path);
    return frames;
  }
  size_t begin = 0;
  while (begin < path.size()) {
    size_t next = path.find('/', begin + 1);
    if (next == std::string_view::npos) next = path.size();
    frames.emplace_back(path.substr(begin, next - begin));
    begin = next;
  }
  return frames;
}

namespace {

enum class Level { kComm, kSyscall, kPath, kPid };
struct Order {
  const char* name;
  Level levels[3];
};
constexpr Order kOrders[kFlameOrders] = {
    {"comm/syscall/path", {Level::kComm, Level::kSyscall, Level::kPath}},
    {"path/syscall/comm", {Level::kPath, Level::kSyscall, Level::kComm}},
    {"syscall/comm/path", {Level::kSyscall, Level::kComm, Level::kPath}},
    {"pid/syscall/path", {Level::kPid, Level::kSyscall, Level::kPath}},
    {"comm/path/syscall", {Level::kComm, Level::kPath, Level::kSyscall}},
};

}  // namespace

const char* FlameOrderName(int order) { return kOrders[order % kFlameOrders].name; }

FlameNode BuildFlameTree(const FlameAggregator& flame, int metric, int order) {
  const Order& o = kOrders[order % kFlameOrders];
  FlameNode root;
  flame.ForEach([&](const FlameRecord& r) {
    const uint64_t v = metric == 1   ? r.counters.bytes
                       : metric == 2 ? r.counters.duration_ns
                                     : r.counters.count;
    if (v == 0) return;
    root.value += v;
    FlameNode* node = &root;
    auto descend = [&](std::string name) {
      node = &node->children[std::move(name)];
      node->value += v;
    };
    for (Level level : o.levels) {
      switch (level) {
        case Level::kComm:
          descend(std::string(r.comm));
          break;
        case Level::kSyscall:
          descend(std::string(r.syscall));
          break;
        case Level::kPid:
          descend(std::to_string(r.pid));
          break;
        case Level::kPath: {
          std::vector<std::string> frames = PathFrames(r.path);
          // Calls without a file keep a frame of their own where the path would start.
          if (frames.empty()) frames.emplace_back("[no file]");
          for (std::string& f : frames) descend(std::move(f));
          break;
        }
      }
    }
  });
  return root;
}

const FlameNode* FindFlameNode(const FlameNode& root, const std::vector<std::string>& path) {
  const FlameNode* node = &root;
  for (const std::string& name : path) {
    auto it = node->children.find(name);
    if (it == node->children.end()) return nullptr;
    node = &it->second;
  }
  return node;
}

namespace {

void Match(const FlameNode& node, const std::string& search, bool covered, FlameMatches& out) {
  for (const auto& [name, child] : node.children) {
    const bool hit = ContainsNoCase(name, search);
    if (hit) ++out.frames;
    if (hit && !covered) out.value += child.value;
    Match(child, search, covered || hit, out);
  }
}

}  // namespace

FlameMatches MatchFlame(const FlameNode& root, const std::string& search) {
  FlameMatches out;
  if (!search.empty()) Match(root, search, false, out);
  return out;
}

}  // namespace ior::dashboard
