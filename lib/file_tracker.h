// The file every call touched: the dispatcher that keeps the descriptor tables (fd_tables.h)
// and the identity → name map (file_names.h) up to date from the syscall events and the
// kernel's process records, and names each event's file.
//
// A file is named by its identity first: the kernel reports the (inode, device) behind the
// call's descriptor, and a name learnt for that identity anywhere in the trace names it. Paths
// that calls name are joined with their directory descriptor or with the working directory the
// kernel reported for the process (at first sight, after chdir/fchdir). /proc is asked only
// for what neither tells (a descriptor opened before the trace whose file was never seen), and
// its answer is accepted only if the identity matches.
//
// Only the drain thread uses a tracker: not synchronized.
#ifndef IOR_LIB_FILE_TRACKER_H_
#define IOR_LIB_FILE_TRACKER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fd_tables.h"
#include "file_names.h"
#include "ior/event.h"
#include "ior/syscalls.h"
#include "path_algebra.h"
#include "proc_fs.h"
#include "socket_name.h"

namespace ior::internal {

// Bounds of the tracker's memory (see FdTableLimits, FileNames).
struct FileTrackerLimits {
  size_t max_processes = 1 << 15;
  size_t max_entries = 1 << 18;  // descriptor entries over all tables
  size_t max_names = 1 << 18;    // identities with a name
};

// The devices of the kernel's pipe and socket filesystems (ProbeKernelDevices), so that pipes
// and sockets are named from their identity alone.
struct KernelDevices {
  uint32_t pipefs = 0;
  uint32_t sockfs = 0;
};

// What the tracker says about one event's file. The views stay valid until the tracker's
// next call.
struct ResolvedFile {
  std::string_view name;      // the file (rename, link, symlink: the new name); "" if unnamed
  std::string_view old_name;  // rename/link: the old name; symlink: the target; else ""
  FileStatus status = FileStatus::kNone;
  FileIdentity id;        // identity of the file the call touched, if known
  uint32_t fd_flags = 0;  // open flags of the call's descriptor, if known
};

class FileTracker {
 public:
  // `proc` (not owned) answers for descriptors opened before the trace.
  explicit FileTracker(ProcFs* proc, FileTrackerLimits limits = {}, KernelDevices devices = {});
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
  // A task's first traced call (the process is alive): a process the trace did not see being
  // created has its descriptors read from /proc once.
  void OnTaskSeen(uint32_t pid);
  // The kernel's word on `pid`'s working directory (absolute), and its identity.
  void OnCwd(uint32_t pid, std::string_view cwd, const FileIdentity& id);
  // The kernel's word on a socket's endpoints: they name the socket's identity from now on.
  void OnSocket(const FileIdentity& id, const SocketEndpoints& endpoints);
  // Reads `pid`'s descriptors and working directory from /proc now, naming their identities
  // (a traced process or the tracer itself at start, whose descriptors children inherit).
  void Seed(uint32_t pid);

  // Updates the tables for one completed call (every event, also those filtered out of the
  // output and the kernel's control records) and names its file.
  // `path0`/`path1`: the user strings the kernel captured (SyscallInfo::path_args order).
  // `id[0]`: the file behind the call's fd argument, or for an *at call without one the
  // directory descriptor's, read at enter (for pipe/pipe2/
  // socketpair: fds[0], at exit); `id[1]`: the file behind the returned descriptor (for
  // pipe/pipe2/socketpair: fds[1]). Unknown (ino 0) when there is none or it was unreadable.
  ResolvedFile Resolve(const Event& e, std::string_view path0, std::string_view path1,
                       const FileIdentity id[2]);

  // For tests and diagnostics.
  size_t table_count() const { return tables_.table_count(); }
  size_t process_count() const { return tables_.process_count(); }
  size_t entry_count() const { return tables_.entry_count(); }
  size_t name_count() const { return names_.size(); }
  // The entry of (pid, fd) as currently recorded, without any /proc lookup; nullptr if none.
  const FdEntry* Find(uint32_t pid, int32_t fd) const;
  // The working directory recorded for `pid`; "" if unknown.
  std::string Cwd(uint32_t pid) const;

 private:
  using Process = FdTables::Process;

  // The result of the call being resolved; names point into the buffers or the tables.
  void SetName(std::string_view name, FileStatus status);
  void NameFromEntry(const FdEntry& entry);
  // Names descriptor `fd` of `pid` (identity `id` from the kernel) into the result; keeps the
  // table entry in step. Returns the entry (nullptr when fd < 0).
  FdEntry* NameFd(uint32_t pid, Process& p, int32_t fd, const FileIdentity& id, bool may_ask_proc);
  // Asks /proc about (pid, fd) and stores the answer in `entry` when it matches `id`.
  void AskProc(uint32_t pid, int32_t fd, const FileIdentity& id, FdEntry* entry);
  // Names the sockets among a newly seen process's descriptors from /proc/<pid>/net.
  void NameSocketsFromProc(uint32_t pid, const std::vector<FileIdentity>& sockets);
  const std::string* CwdOf(uint32_t pid, Process& p);
  // `path` joined with the directory of `dirfd` (AT_FDCWD: the working directory) into `*out`;
  // false if that directory is unknown (then `*out` is the normalized relative path).
  bool Absolute(uint32_t pid, Process& p, int32_t dirfd, std::string_view path, std::string* out);
  void OpenCall(const Event& e, const SyscallInfo& info, Process& p, std::string_view path0,
                const FileIdentity id[2]);
  void NewFdCall(const Event& e, const SyscallInfo& info, Process& p, std::string_view path0,
                 const FileIdentity id[2]);
  void DupCall(const Event& e, FileOp op, Process& p, const FileIdentity id[2]);
  void FcntlCall(const Event& e, FileOp op, Process& p, const FileIdentity id[2]);
  void RenameCall(const Event& e, const SyscallInfo& info, Process& p, std::string_view path0,
                  std::string_view path1);

  ProcFs* proc_;
  FdTables tables_;
  FileNames names_;
  ResolvedFile result_;
  std::string name_buf_;  // reused: no allocation per event once warm
  std::string old_buf_;
  std::string base_buf_;
  // The identity of the call's directory descriptor, when the kernel reported it (*at calls
  // without a descriptor argument: id[0]).
  FileIdentity dir_id_;
  // The last descriptor call's answer, given again to the next call on the same descriptor of
  // the same process with the same identity when nothing else reached the tracker in between:
  // a read or write loop then costs a compare instead of four hash lookups (the drain thread's
  // largest cost with tracking on). Every other call forgets it: its views point into the
  // tables. Nothing else ticks meanwhile, so skipping the LRU ticks keeps the LRU order.
  struct LastFdCall {
    bool valid = false;
    uint32_t pid = 0;
    int32_t fd = -1;
    FileIdentity id;
    ResolvedFile result;
  };
  LastFdCall last_fd_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_FILE_TRACKER_H_
