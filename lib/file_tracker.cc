// FileTracker's process lifecycle (fork, exec, exit, first sight, /proc seeding) and how it
// names a descriptor or a path: from the identity, the table entry, the working directory or,
// last, /proc. The per-call table updates are in file_tracker_calls.cc.
#include "file_tracker.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "fd_semantics.h"
#include "ior/syscalls.h"

namespace ior::internal {
namespace {

FileStatus StatusOfProcName(std::string_view name) {
  return IsAbsolute(name) ? FileStatus::kPath : FileStatus::kKernelName;
}

}  // namespace

FileTracker::FileTracker(ProcFs* proc, FileTrackerLimits limits, KernelDevices devices)
    : proc_(proc),
      tables_(FdTableLimits{limits.max_processes, limits.max_entries}),
      names_(devices.pipefs, devices.sockfs, limits.max_names) {}

void FileTracker::OnFork(uint32_t parent_pid, uint32_t child_pid, uint64_t clone_flags) {
  last_fd_.valid = false;
  tables_.Fork(parent_pid, child_pid, clone_flags);
}

void FileTracker::OnExec(uint32_t pid) {
  last_fd_.valid = false;
  std::vector<std::pair<int32_t, FdEntry>> dropped;
  tables_.Exec(pid, &dropped);
  Process& p = tables_.Get(pid);
  for (const auto& [fd, entry] : dropped) {
    const FileName* n = names_.Find(entry.id);
    if (!entry.name.empty()) {
      p.exec_dropped.emplace(fd, entry.name);
    } else if (n != nullptr) {
      p.exec_dropped.emplace(fd, n->name);
    }
  }
  tables_.Trim();  // Get() may have added a process: the bounds hold after every record
}

void FileTracker::OnExit(uint32_t pid, bool group_dead) {
  last_fd_.valid = false;
  tables_.Exit(pid, group_dead);
}

void FileTracker::OnTaskSeen(uint32_t pid) {
  last_fd_.valid = false;
  if (tables_.Find(pid) == nullptr) Seed(pid);
}

void FileTracker::OnCwd(uint32_t pid, std::string_view cwd, const FileIdentity& id) {
  last_fd_.valid = false;
  if (!IsAbsolute(cwd)) return;
  Process& p = tables_.Get(pid);
  p.cwd.assign(cwd);
  names_.Put(id, cwd, FileStatus::kPath);
  tables_.Trim();
}

void FileTracker::OnSocket(const FileIdentity& id, const SocketEndpoints& endpoints) {
  last_fd_.valid = false;
  if (id.known() && SocketName(endpoints, &name_buf_)) {
    names_.Put(id, name_buf_, FileStatus::kKernelName);
  }
}

void FileTracker::Seed(uint32_t pid) {
  last_fd_.valid = false;
  Process& p = tables_.Get(pid);
  p.use = tables_.Tick();
  if (p.seeded) return;
  p.seeded = true;
  std::string cwd;
  if (p.cwd.empty() && proc_->ReadCwd(pid, &cwd) && IsAbsolute(cwd)) p.cwd = std::move(cwd);
  std::vector<int32_t> fds;
  if (!proc_->ListFds(pid, &fds)) {
    tables_.Trim();  // Get() may have added the process
    return;
  }
  FdTables::Table& t = tables_.TableOf(p);
  std::vector<FileIdentity> sockets;
  for (int32_t fd : fds) {
    if (t.contains(fd)) continue;
    ProcFd pf;
    if (!proc_->ReadFd(pid, fd, &pf)) continue;
    if (names_.IsSocket(pf.id)) sockets.push_back(pf.id);
    FdEntry entry;
    entry.id = pf.id;
    entry.flags = pf.flags;
    entry.proc_asked = true;
    if (IsAbsolute(pf.path)) {
      names_.Put(pf.id, pf.path, FileStatus::kPath);
    } else if (!pf.path.empty() && !names_.NamedByIdentity(pf.id)) {
      // anon_inode:[eventfd] and the like, which share one inode: the descriptor keeps it.
      // (Pipes and sockets are named by their identity, which may learn better names.)
      entry.name = std::move(pf.path);
      entry.status = FileStatus::kKernelName;
    }
    tables_.Put(t, fd, std::move(entry));
  }
  NameSocketsFromProc(pid, sockets);
  tables_.Trim();
}

void FileTracker::NameSocketsFromProc(uint32_t pid, const std::vector<FileIdentity>& sockets) {
  if (sockets.empty()) return;
  SocketNames proc_names;
  if (!proc_->ReadSocketNames(pid, &proc_names)) return;
  for (const FileIdentity& id : sockets) {
    auto it = proc_names.find(id.ino);
    if (it == proc_names.end()) continue;
    // The kernel's endpoints, when it already reported them, are as good and newer.
    const FileName* known = names_.Find(id);
    if (known == nullptr || known->name.rfind("socket:[", 0) == 0) {
      names_.Put(id, it->second, FileStatus::kKernelName);
    }
  }
}

const FdEntry* FileTracker::Find(uint32_t pid, int32_t fd) const {
  const Process* p = tables_.Find(pid);
  if (p == nullptr) return nullptr;
  const FdTables::Table& t = tables_.TableOf(*p);
  auto it = t.find(fd);
  return it == t.end() ? nullptr : &it->second;
}

std::string FileTracker::Cwd(uint32_t pid) const {
  const Process* p = tables_.Find(pid);
  return p == nullptr ? std::string() : p->cwd;
}

void FileTracker::SetName(std::string_view name, FileStatus status) {
  result_.name = name;
  result_.status = name.empty() ? FileStatus::kNone : status;
}

void FileTracker::NameFromEntry(const FdEntry& entry) {
  result_.fd_flags = entry.flags;
  if (entry.id.known()) result_.id = entry.id;
  if (!entry.name.empty()) {
    SetName(entry.name, entry.status);
    return;
  }
  if (const FileName* n = names_.Find(entry.id); n != nullptr) {
    SetName(n->name, n->status);
    return;
  }
  if (entry.id.known()) result_.status = FileStatus::kIdentity;
}

void FileTracker::AskProc(uint32_t pid, int32_t fd, const FileIdentity& id, FdEntry* entry) {
  entry->proc_asked = true;
  ProcFd pf;
  if (!proc_->ReadFd(pid, fd, &pf) || pf.path.empty()) return;
  if (id.known() && !SameFile(pf.id, id)) return;  // another file now: the answer is not ours
  if (!id.known()) entry->id = pf.id;
  if (pf.flags_known) entry->flags = pf.flags;
  if (IsAbsolute(pf.path) && entry->id.known()) {
    names_.Put(entry->id, pf.path, FileStatus::kPath);
    entry->name.clear();
  } else if (names_.NamedByIdentity(entry->id)) {
    entry->name.clear();
  } else {
    entry->name = std::move(pf.path);
    entry->status = StatusOfProcName(entry->name);
  }
}

FdEntry* FileTracker::NameFd(uint32_t pid, Process& p, int32_t fd, const FileIdentity& id,
                             bool may_ask_proc) {
  if (fd < 0) return nullptr;
  FdTables::Table& t = tables_.TableOf(p);
  auto it = t.find(fd);
  FdEntry* entry = it == t.end() ? nullptr : &it->second;
  if (entry != nullptr && id.known() && entry->id.known() && !SameFile(entry->id, id)) {
    // The descriptor was reused behind our back (its close or open was not seen): another
    // file now. Its old name and flags are not this file's.
    *entry = FdEntry{};
  }
  if (entry == nullptr) {
    if (!id.known() && !may_ask_proc) return nullptr;
    entry = &tables_.Put(t, fd, FdEntry{});
  }
  entry->use = tables_.Tick();
  if (id.known() && !entry->id.known()) {
    entry->id = id;
    // A path registered without an identity (its directory was unknown) names it now.
    if (IsAbsolute(entry->name)) {
      names_.Put(id, entry->name, FileStatus::kPath);
      entry->name.clear();
    }
  }
  const bool named = !entry->name.empty() || names_.Find(entry->id) != nullptr;
  if (!named && may_ask_proc && !entry->proc_asked) AskProc(pid, fd, id, entry);
  NameFromEntry(*entry);
  return entry;
}

const std::string* FileTracker::CwdOf(uint32_t pid, Process& p) {
  if (p.cwd.empty() && !p.seeded) {
    // Neither the kernel nor a fork told us: ask /proc once, while the process may live.
    std::string cwd;
    if (proc_->ReadCwd(pid, &cwd) && IsAbsolute(cwd)) p.cwd = std::move(cwd);
    p.seeded = true;
  }
  return p.cwd.empty() ? nullptr : &p.cwd;
}

bool FileTracker::Absolute(uint32_t pid, Process& p, int32_t dirfd, std::string_view path,
                           std::string* out) {
  if (IsAbsolute(path)) {
    JoinPathInto({}, path, out);
    return true;
  }
  const std::string* base = nullptr;
  if (dirfd == kAtFdcwd) {
    base = CwdOf(pid, p);
  } else {
    // The directory descriptor's path; result_ is reused and reset by the caller.
    ResolvedFile saved = result_;
    NameFd(pid, p, dirfd, dir_id_, true);
    if (result_.status == FileStatus::kPath && IsAbsolute(result_.name)) {
      base_buf_.assign(result_.name);
      base = &base_buf_;
    }
    result_ = saved;
  }
  if (base == nullptr) {
    JoinPathInto({}, path, out);
    return false;
  }
  JoinPathInto(*base, path, out);
  return true;
}

}  // namespace ior::internal
