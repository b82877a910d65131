#include "ior/cgroup.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ior/error.h"

namespace ior {
namespace {

// CGROUP2_SUPER_MAGIC from <linux/magic.h>, spelled out to keep kernel headers out.
constexpr int64_t kCgroup2Magic = 0x63677270;

bool IsCgroup2(const std::string& path) {
  struct statfs fs;
  return statfs(path.c_str(), &fs) == 0 && static_cast<int64_t>(fs.f_type) == kCgroup2Magic;
}

}  // namespace

std::string CgroupRoot() {
  for (const char* root : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
    if (IsCgroup2(root)) return root;
  }
  return "";
}

absl::StatusOr<uint64_t> CgroupIdOfPath(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("the cgroup path is empty");
  std::string full = path;
  if (path.front() != '/') {
    const std::string root = CgroupRoot();
    if (root.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("no cgroup v2 hierarchy is mounted to find '", path, "' in"));
    }
    full = absl::StrCat(root, "/", path);
  }
  struct stat st;
  if (stat(full.c_str(), &st) != 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot use cgroup '", full, "'"));
  }
  if (!S_ISDIR(st.st_mode) || !IsCgroup2(full)) {
    return absl::InvalidArgumentError(absl::StrCat("'", full, "' is not a cgroup v2 directory"));
  }
  return static_cast<uint64_t>(st.st_ino);
}

}  // namespace ior
