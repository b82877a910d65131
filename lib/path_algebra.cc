#include "path_algebra.h"

namespace ior::internal {
namespace {

// Appends the normalized segments of `path` to `*out`, which already holds a normalized path
// ("/" alone for an absolute one that is still empty). Works in place: no segment list.
void AppendSegments(std::string_view path, bool absolute, std::string* out) {
  size_t at = 0;
  while (at <= path.size()) {
    size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(at, end - at);
    at = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (absolute && out->size() == 1) continue;  // "/.." is "/"
      size_t slash = out->rfind('/');
      std::string_view last = slash == std::string::npos ? std::string_view(*out)
                                                         : std::string_view(*out).substr(slash + 1);
      if (!out->empty() && last != "..") {
        out->resize(slash == std::string::npos ? 0 : (slash == 0 ? 1 : slash));
        continue;
      }
      // A relative path keeps its leading "..".
    }
    if (!out->empty() && out->back() != '/') out->push_back('/');
    out->append(seg);
  }
}

}  // namespace

std::string NormalizePath(std::string_view path) {
  std::string out;
  JoinPathInto({}, path, &out);
  return out;
}

std::string JoinPath(std::string_view base, std::string_view rel) {
  std::string out;
  JoinPathInto(base, rel, &out);
  return out;
}

void JoinPathInto(std::string_view base, std::string_view rel, std::string* out) {
  out->clear();
  if (!IsAbsolute(rel) && !base.empty()) {
    const bool absolute = IsAbsolute(base);
    if (absolute) out->push_back('/');
    AppendSegments(base, absolute, out);
    if (!rel.empty()) AppendSegments(rel, absolute, out);
    if (out->empty()) out->push_back('.');
    return;
  }
  if (rel.empty()) return;
  const bool absolute = IsAbsolute(rel);
  if (absolute) out->push_back('/');
  AppendSegments(rel, absolute, out);
  if (out->empty()) out->push_back('.');
}

bool IsUnder(std::string_view path, std::string_view dir) {
  if (path.size() < dir.size() || path.substr(0, dir.size()) != dir) return false;
  if (path.size() == dir.size()) return true;
  return dir == "/" || path[dir.size()] == '/';
}

}  // namespace ior::internal
