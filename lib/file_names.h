// Identity → name: how the file tracker names the file behind a descriptor.
//
// The kernel reports the identity (inode, device) of the file behind every descriptor a call
// uses. A name learnt for an identity anywhere in the trace (an open in another process, a
// descriptor listed in /proc when a process was first seen, a rename) therefore names every
// later descriptor of that file: dup'd, inherited, passed over a socket, opened before the
// trace. Pipes and sockets are named from the identity alone ("pipe:[ino]", "socket:[ino]"),
// by the device of the kernel's pipefs and sockfs.
//
// Only the drain thread uses it: not synchronized.
#ifndef IOR_LIB_FILE_NAMES_H_
#define IOR_LIB_FILE_NAMES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "ior/event.h"
#include "proc_fs.h"

namespace ior::internal {

struct FileName {
  std::string name;
  FileStatus status = FileStatus::kNone;  // kPath, kRelative or kKernelName
  uint64_t use = 0;                       // for eviction
};

class FileNames {
 public:
  // `pipefs_dev`/`sockfs_dev`: the devices of the kernel's pipe and socket filesystems (see
  // ProbeKernelDevices), 0 if unknown. At most `max_names` names are kept; past that the
  // least recently used quarter is dropped.
  FileNames(uint32_t pipefs_dev, uint32_t sockfs_dev, size_t max_names = size_t{1} << 18);

  // Records `name` for `id` (ignored if `id` is unknown or `name` empty).
  void Put(const FileIdentity& id, std::string_view name, FileStatus status);
  // The name of `id`, or nullptr. A pipe or socket without a better name is composed into
  // the entry on first use.
  const FileName* Find(const FileIdentity& id);
  // A rename: every name that is `from` or lies below it (a renamed directory) now starts
  // with `to`. Both absolute. Costs the names it moves (and a lookup), not all the names.
  void Rename(std::string_view from, std::string_view to);

  bool IsSocket(const FileIdentity& id) const {
    return id.known() && id.dev != 0 && id.dev == sockfs_dev_;
  }
  // A pipe or a socket: named from its identity alone, never by a descriptor's own name.
  bool NamedByIdentity(const FileIdentity& id) const {
    return id.known() && id.dev != 0 && (id.dev == pipefs_dev_ || id.dev == sockfs_dev_);
  }

  size_t size() const { return names_.size(); }

 private:
  struct Key {
    uint64_t ino;
    uint32_t dev;
    auto operator<=>(const Key&) const = default;
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.ino, k.dev);
    }
  };
  // The index of the kPath names, in order: a name and the names below it ("/a", "/a/...")
  // are one range of it, so a rename finds what it moves without looking at every name.
  struct PathEntry {
    std::string name;
    Key key;
  };
  struct PathView {
    std::string_view name;
    Key key;
  };
  struct PathOrder {
    using is_transparent = void;
    static PathView View(const PathEntry& e) { return {e.name, e.key}; }
    static PathView View(const PathView& v) { return v; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      const PathView x = View(a), y = View(b);
      if (const int c = x.name.compare(y.name); c != 0) return c < 0;
      return x.key < y.key;
    }
  };
  // Sets `entry` (of `key`) to `name` and `status`, keeping paths_ in step.
  void Assign(const Key& key, FileName& entry, std::string_view name, FileStatus status);
  // Appends the keys of the kPath names that are `prefix` (exact) or start with it.
  void CollectPrefixed(std::string_view prefix, bool exact, std::vector<Key>* out) const;
  void Trim();

  uint32_t pipefs_dev_;
  uint32_t sockfs_dev_;
  size_t max_names_;
  uint64_t clock_ = 0;
  absl::flat_hash_map<Key, FileName> names_;
  absl::btree_set<PathEntry, PathOrder> paths_;
};

// The devices of pipefs and sockfs on this host, learnt by creating a pipe and a socket and
// asking for their identity (kernel encoding, as the kernel side reports it).
void ProbeKernelDevices(uint32_t* pipefs_dev, uint32_t* sockfs_dev);

}  // namespace ior::internal

#endif  // IOR_LIB_FILE_NAMES_H_
