#include "flame_tree.h"

#include <string>
#include <string_view>
#include <vector>

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

FlameNode BuildFlameTree(const FlameAggregator& flame, int metric) {
  FlameNode root;
  flame.ForEach([&](const FlameRecord& r) {
    const uint64_t v = metric == 1   ? r.counters.bytes
                       : metric == 2 ? r.counters.duration_ns
                                     : r.counters.count;
    if (v == 0) return;
    root.value += v;
    FlameNode* node = &root.children[std::string(r.comm)];
    node->value += v;
    node = &node->children[std::string(r.syscall)];
    node->value += v;
    for (std::string& frame : PathFrames(r.path)) {
      node = &node->children[std::move(frame)];
      node->value += v;
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

}  // namespace ior::dashboard
