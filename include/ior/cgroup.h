// Cgroup v2 ids: what SessionOptions::cgroup_id takes, from the cgroup's directory.
//
//   absl::StatusOr<uint64_t> id = ior::CgroupIdOfPath("system.slice/cron.service");
//   if (id.ok()) options.cgroup_id = *id;
#ifndef IOR_INCLUDE_IOR_CGROUP_H_
#define IOR_INCLUDE_IOR_CGROUP_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace ior {

// Where the unified (v2) cgroup hierarchy is mounted: /sys/fs/cgroup, or on hybrid systems
// (v1 controllers at /sys/fs/cgroup) /sys/fs/cgroup/unified. Empty if neither is cgroup2.
std::string CgroupRoot();

// The id of a cgroup v2 (the inode number of its directory, which the kernel's
// bpf_get_current_cgroup_id() returns). `path` is absolute, or relative to CgroupRoot()
// ("system.slice/cron.service"; "/proc/self/cgroup" gives such paths after its "0::").
// Errors: InvalidArgument (empty path, or not a directory of a cgroup2 file system), or the
// errno of stat(2) (NotFound for a missing path).
absl::StatusOr<uint64_t> CgroupIdOfPath(const std::string& path);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_CGROUP_H_
