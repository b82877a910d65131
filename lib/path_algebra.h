// Lexical path algebra for the file tracker: no filesystem access, so it works on paths of
// processes that are gone and of files that no longer exist.
#ifndef IOR_LIB_PATH_ALGEBRA_H_
#define IOR_LIB_PATH_ALGEBRA_H_

#include <string>
#include <string_view>

namespace ior::internal {

inline bool IsAbsolute(std::string_view p) { return !p.empty() && p[0] == '/'; }

// "a/./b/../c" → "a/c", "/x//y/" → "/x/y", "/.." → "/", "" → "", "." → ".". Leading ".." of a
// relative path are kept.
std::string NormalizePath(std::string_view path);
// `rel` if absolute, else `base`/`rel`; normalized.
std::string JoinPath(std::string_view base, std::string_view rel);
// JoinPath into `*out` (overwritten), reusing its storage: the per-event path of the tracker.
void JoinPathInto(std::string_view base, std::string_view rel, std::string* out);

// Whether `path` is `dir` or lies below it ("/a/b" is under "/a", "/ab" is not).
bool IsUnder(std::string_view path, std::string_view dir);

}  // namespace ior::internal

#endif  // IOR_LIB_PATH_ALGEBRA_H_
