// Per-process descriptor tables and working directories, kept the way Linux keeps them:
// a table per process (thread group), shared by CLONE_FILES sharers, copied at fork, unshared
// and stripped of close-on-exec descriptors at exec, freed when the last user exits.
//
// The tables hold what a file's identity cannot tell: a descriptor's flags (close-on-exec,
// access mode), the name of an anonymous-inode descriptor (eventfd, timerfd share one inode),
// and which descriptor a close drops. Names of files live in FileNames, by identity.
//
// Only the drain thread uses them: not synchronized.
#ifndef IOR_LIB_FD_TABLES_H_
#define IOR_LIB_FD_TABLES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ior/event.h"
#include "proc_fs.h"

namespace ior::internal {

// Bounds of the tables' memory. Past a bound the least recently used quarter is dropped
// (processes with their tables; entries, which the identity names again when next used).
struct FdTableLimits {
  size_t max_processes = 1 << 15;  // processes (whose exit record was lost stay until evicted)
  size_t max_entries = 1 << 18;    // descriptor entries over all tables
};

// One descriptor.
struct FdEntry {
  FileIdentity id;     // the file's identity when known
  uint32_t flags = 0;  // open flags (O_ACCMODE, status flags); O_CLOEXEC if close-on-exec
  // A name the identity cannot give (anonymous inodes, a path whose identity is unknown).
  std::string name;
  FileStatus status = FileStatus::kNone;  // of `name`
  bool proc_asked = false;  // /proc was asked about this descriptor (for this identity)
  uint64_t use = 0;
};

class FdTables {
 public:
  using Table = absl::flat_hash_map<int32_t, FdEntry>;

  struct Process {
    uint64_t table = 0;
    std::string cwd;      // absolute, "" if unknown
    bool seeded = false;  // its descriptors were read from /proc (or inherited under watch)
    uint64_t use = 0;
    // Named descriptors the last exec dropped, for the exec event itself (fexecve's dirfd);
    // filled by the tracker.
    absl::flat_hash_map<int32_t, std::string> exec_dropped;
  };

  explicit FdTables(FdTableLimits limits = {});
  ~FdTables();
  FdTables(const FdTables&) = delete;
  FdTables& operator=(const FdTables&) = delete;

  // The process `pid`, created (with an empty table) if new; `created` tells which.
  Process& Get(uint32_t pid, bool* created = nullptr);
  Process* Find(uint32_t pid);
  const Process* Find(uint32_t pid) const;
  Table& TableOf(const Process& p);
  const Table& TableOf(const Process& p) const;

  // Linux semantics; see file_tracker.h.
  void Fork(uint32_t parent_pid, uint32_t child_pid, uint64_t clone_flags);
  // Exec: `dropped` (may be null) receives the close-on-exec descriptors it dropped.
  void Exec(uint32_t pid, std::vector<std::pair<int32_t, FdEntry>>* dropped);
  void Exit(uint32_t pid, bool group_dead);
  // close_range(CLOSE_RANGE_UNSHARE) and exec: the process gets its own copy of the table.
  void Unshare(Process& p);

  FdEntry& Put(Table& t, int32_t fd, FdEntry entry);
  void Erase(Table& t, int32_t fd);

  // Marks a use (for eviction) and drops what is past the limits.
  uint64_t Tick() { return ++clock_; }
  void Trim();

  size_t table_count() const { return tables_.size(); }
  size_t process_count() const { return procs_.size(); }
  size_t entry_count() const { return entries_; }

 private:
  struct SharedTable {
    Table fds;
    uint32_t refs = 0;  // processes using the table
  };
  uint64_t NewTable();
  void ReleaseTable(uint64_t id);
  void DropProcess(uint32_t pid);
  void TrimEntries(size_t limit);

  FdTableLimits limits_;
  uint64_t clock_ = 0;
  uint64_t next_table_ = 1;
  size_t entries_ = 0;
  absl::flat_hash_map<uint64_t, std::unique_ptr<SharedTable>> tables_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<Process>> procs_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_FD_TABLES_H_
