// Descriptor → file tables of the traced processes, kept up to date from the syscall events
// and the kernel's process records, and the CSV `file` column each event gets from them.
//
// Tables are per process (thread group); CLONE_FILES sharers use one table. Paths are
// absolute, joined lexically with the dirfd's path or the process's working directory. The
// kernel reports the identity (inode, device) of the file behind a call's descriptor; an entry
// whose recorded identity differs is stale (descriptor reused behind our back, opened before
// the trace, io_uring, ...) and is looked up once through /proc, accepted only if the identity
// matches, else shown as `E:ino:<n>`.
//
// Only the drain thread uses a tracker, so it is not synchronized.
#ifndef IOR_LIB_FILE_TRACKER_H_
#define IOR_LIB_FILE_TRACKER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "ior/event.h"
#include "proc_fs.h"

namespace ior::internal {

// "a/./b/../c" → "a/c", "/x//y/" → "/x/y", "/.." → "/": lexical, no filesystem access.
// Leading ".." of a relative path are kept. "" stays "".
std::string NormalizePath(std::string_view path);
// `rel` if absolute, else `base`/`rel`; normalized.
std::string JoinPath(std::string_view base, std::string_view rel);

enum class FileOp : uint8_t;  // what a syscall does to the tables (file_tracker.cc)

// Bounds of the tracker's memory. When a bound is passed, the least recently used quarter
// is dropped (processes with their tables; entries, which are then looked up in /proc again
// if used).
struct FileTrackerLimits {
  size_t max_processes = 1 << 15;  // processes (whose exit record was lost stay until evicted)
  size_t max_entries = 1 << 18;    // descriptor entries over all tables
  size_t max_proc_entries = 8192;  // of which learnt from /proc (including "not found")
};

class FileTracker {
 public:
  // One descriptor as the tracker knows it.
  struct FdEntry {
    std::string path;        // "" if not named (then shown as E:ino:<n> or nothing)
    uint32_t flags = 0;      // open flags (O_ACCMODE, status flags); O_CLOEXEC if close-on-exec
    FileIdentity id;         // the file's identity when known
    bool from_proc = false;  // learnt from /proc (counts against max_proc_entries)
    uint64_t use = 0;        // last use, for eviction
  };

  // `proc` (not owned) answers for descriptors and directories the events did not show.
  explicit FileTracker(ProcFs* proc, FileTrackerLimits limits = {});
  ~FileTracker();
  FileTracker(const FileTracker&) = delete;
  FileTracker& operator=(const FileTracker&) = delete;

  // Process lifecycle, from the kernel's control records, in order with the events. Pids are
  // thread-group ids (tgid) except `child_pid` of a CLONE_THREAD clone (ignored).
  //   CLONE_THREAD: same process, nothing to do. CLONE_FILES: the child shares the parent's
  //   table. Else the child gets a copy. The child starts in the parent's directory.
  void OnFork(uint32_t parent_pid, uint32_t child_pid, uint64_t clone_flags);
  // A successful exec: the process stops sharing its table (as the kernel unshares it) and
  // its close-on-exec descriptors are dropped.
  void OnExec(uint32_t pid);
  // A thread of `pid` exited; `group_dead`: the last one, the process and (when nobody shares
  // it any more) its table are freed.
  void OnExit(uint32_t pid, bool group_dead);

  // Updates the tables for one completed syscall event (call it for every event, including
  // those filtered out of the output) and returns its `file` column: the absolute path of the
  // file the call touched, "old -> new" for rename/link/symlink calls, a descriptor's name
  // ("pipe:[123]", "socket:[45]", "anon_inode:[eventfd]", ...), "E:ino:<n>" when only the
  // file's identity is known, or "" when the call has no file.
  // `path0`/`path1`: the user strings the kernel captured (SyscallInfo::path_args order).
  // `id[0]`: the file behind the call's fd argument, read at enter (for pipe/pipe2/
  // socketpair: fds[0], at exit); `id[1]`: the file behind the returned descriptor (for
  // pipe/pipe2/socketpair: fds[1]). Unknown (ino 0) when there is none or it was unreadable.
  std::string Resolve(const Event& e, std::string_view path0, std::string_view path1,
                      const FileIdentity id[2]);

  // For tests and diagnostics.
  size_t table_count() const { return tables_.size(); }
  size_t process_count() const { return procs_.size(); }
  size_t entry_count() const { return entries_; }
  size_t proc_entry_count() const { return proc_entries_; }
  // The entry of (pid, fd) as currently recorded, without any /proc lookup; nullptr if none.
  const FdEntry* Find(uint32_t pid, int32_t fd) const;
  // The working directory recorded for `pid`; "" if unknown.
  std::string Cwd(uint32_t pid) const;

 private:
  struct Table;
  struct Process;

  Process& GetProcess(uint32_t pid);
  Table& TableOf(const Process& p);
  uint64_t NewTable();
  void ReleaseTable(uint64_t id);
  void Unshare(Process& p);
  void DropProcess(uint32_t pid);

  void Put(Table& t, int32_t fd, FdEntry entry);
  void Erase(Table& t, int32_t fd);

  // The entry for `fd` of `pid`, checked against `id` when known: looked up in /proc when
  // missing or stale. Null only when fd < 0 (or lookups are not wanted and it is missing).
  const FdEntry* Lookup(uint32_t pid, Process& p, int32_t fd, const FileIdentity& id);
  // A /proc answer for (pid, fd), accepted if it matches `id` (when known); stored, unnamed
  // if there was none.
  // `flags`: the flags to record if /proc does not tell.
  const FdEntry* ProcLookup(uint32_t pid, Table& t, int32_t fd, const FileIdentity& id,
                            uint32_t flags);
  const std::string* CwdOf(uint32_t pid, Process& p);
  // The directory relative paths of the call are relative to: the process's cwd for
  // AT_FDCWD, else the directory descriptor's path. Null if unknown.
  const std::string* BaseOf(uint32_t pid, Process& p, int32_t dirfd);
  std::string Absolute(uint32_t pid, Process& p, int32_t dirfd, std::string_view path);
  void SetCwdFromProc(uint32_t pid, Process& p);

  void Register(Table& t, int32_t fd, std::string path, uint32_t flags, const FileIdentity& id);
  void RegisterFromProc(uint32_t pid, Table& t, int32_t fd, uint32_t flags, const FileIdentity& id);
  std::string NewFdCall(const Event& e, FileOp op, uint32_t pid, Process& p, std::string_view path0,
                        const FileIdentity id[2]);
  void Trim();
  void TrimEntries(size_t limit, bool proc_only);

  static std::string Column(const FdEntry* entry, const FileIdentity& id);

  ProcFs* proc_;
  FileTrackerLimits limits_;
  uint64_t clock_ = 0;  // use stamps
  uint64_t next_table_ = 1;
  size_t entries_ = 0;
  size_t proc_entries_ = 0;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Table>> tables_;
  absl::flat_hash_map<uint32_t, std::unique_ptr<Process>> procs_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_FILE_TRACKER_H_
