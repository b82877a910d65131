// FileTracker::Resolve: what each completed call does to the descriptor tables (open, new
// descriptors, dup, fcntl, close, chdir, exec, rename...) and the name of the file it touched.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fd_semantics.h"
#include "file_tracker.h"
#include "ior/syscalls.h"

namespace ior::internal {

void FileTracker::OpenCall(const Event& e, const SyscallInfo& info, Process& p,
                           std::string_view path0, const FileIdentity id[2]) {
  const FileOp op = info.file_op;
  const bool path_fault = (e.flags & kEventPathFault) != 0;
  const int32_t dirfd = info.dirfd_arg != 0 ? e.dirfd : kAtFdcwd;
  bool absolute = false;
  if (!path_fault) {
    if (op == FileOp::kMqOpen) {
      name_buf_ = MqName(path0);
      absolute = true;
    } else {
      absolute = Absolute(e.pid, p, dirfd, path0, &name_buf_);
    }
    SetName(name_buf_, absolute ? FileStatus::kPath : FileStatus::kRelative);
  }
  if (e.ret < 0 || e.ret > INT32_MAX) return;
  const int32_t fd = static_cast<int32_t>(e.ret);
  uint32_t flags = e.open_flags;
  if (op == FileOp::kCreat) flags = kOCreat | kOWronly | kOTrunc;
  if (op == FileOp::kOpenTree) flags = kOPath | (e.open_flags & kOCloexec);
  if (op == FileOp::kMqOpen) flags = (e.open_flags & ~kOCloexec) | kOCloexec;
  FdEntry entry;
  entry.id = id[1];
  entry.flags = flags;
  result_.id = id[1];
  result_.fd_flags = flags;
  if (!path_fault && absolute && id[1].known()) {
    names_.Put(id[1], name_buf_, FileStatus::kPath);
    tables_.Put(tables_.TableOf(p), fd, std::move(entry));
    return;
  }
  if (!path_fault && absolute) {
    entry.name = name_buf_;  // no identity to key it by: the descriptor keeps its name
    entry.status = FileStatus::kPath;
    tables_.Put(tables_.TableOf(p), fd, std::move(entry));
    return;
  }
  // No path, or its directory is unknown: the identity or /proc may know better, else the
  // relative path is the best there is.
  tables_.Put(tables_.TableOf(p), fd, std::move(entry));
  const std::string relative = path_fault ? std::string() : name_buf_;
  result_.name = {};
  FdEntry* named = NameFd(e.pid, p, fd, id[1], true);
  if (result_.status != FileStatus::kPath && !relative.empty() && named != nullptr) {
    named->name = relative;
    named->status = FileStatus::kRelative;
    SetName(named->name, named->status);
  }
}

void FileTracker::NewFdCall(const Event& e, const SyscallInfo& info, Process& p,
                            std::string_view path0, const FileIdentity id[2]) {
  const FileOp op = info.file_op;
  FdTables::Table& t = tables_.TableOf(p);
  if (op == FileOp::kPipe || op == FileOp::kSocketpair) {
    if (e.ret != 0 || e.fds[0] < 0 || e.fds[1] < 0) return;
    // Their names ("pipe:[ino]", "socket:[ino]") are composed from the identity by FileNames.
    for (int i = 0; i < 2; ++i) {
      FdEntry entry;
      entry.id = id[i];
      if (op == FileOp::kPipe) {
        entry.flags =
            (i == 0 ? 0 : kOWronly) | (e.open_flags & (kOCloexec | kONonblock | kODirect));
        if (!id[i].known() && id[1 - i].known()) entry.id = id[1 - i];  // one pipe, two ends
      } else {
        entry.flags = kORdwr | (static_cast<uint32_t>(e.socket_type) & (kOCloexec | kONonblock));
      }
      tables_.Put(t, e.fds[i], std::move(entry));
    }
    NameFd(e.pid, p, e.fds[0], id[0].known() ? id[0] : id[1], true);
    return;
  }

  const bool fd_result = e.ret >= 0 && (op != FileOp::kBpf || BpfReturnsFd(e.args[0]));
  if (!fd_result || e.ret > INT32_MAX) {
    // A failed call: the file of its fd argument, if any.
    if (op != FileOp::kBpf && info.fd_arg != 0 && e.fd >= 0) NameFd(e.pid, p, e.fd, id[0], true);
    return;
  }
  if (op == FileOp::kSignalfd && e.fd >= 0) {  // an existing signalfd was updated
    NameFd(e.pid, p, e.fd, id[0], true);
    return;
  }
  const int32_t fd = static_cast<int32_t>(e.ret);
  FdEntry entry;
  entry.id = id[1];
  entry.flags = NewFdFlags(op, e);
  if (op == FileOp::kMemfd) {
    if (!(e.flags & kEventPathFault)) {
      entry.name = "/memfd:" + std::string(path0);
      entry.status = FileStatus::kKernelName;
    }
  } else if (op != FileOp::kSocket && op != FileOp::kAccept && op != FileOp::kProcFd &&
             op != FileOp::kPidfdGetfd && op != FileOp::kFsmount) {
    entry.name = std::string(AnonName(op, e));
    if (!entry.name.empty()) entry.status = FileStatus::kKernelName;
  }
  tables_.Put(t, fd, std::move(entry));
  NameFd(e.pid, p, fd, id[1], true);
}

void FileTracker::DupCall(const Event& e, FileOp op, Process& p, const FileIdentity id[2]) {
  if (e.fd < 0) return;
  FdEntry* src = NameFd(e.pid, p, e.fd, id[0], true);
  if (e.ret < 0 || e.ret > INT32_MAX) return;
  const int32_t to = static_cast<int32_t>(e.ret);
  if (to == e.fd) return;  // dup2(fd, fd): nothing changes
  FdEntry copy = src != nullptr ? *src : FdEntry{};
  copy.flags &= ~kOCloexec;
  if (op == FileOp::kDup3 && (e.open_flags & kOCloexec)) copy.flags |= kOCloexec;
  if (id[1].known()) copy.id = id[1];
  tables_.Put(tables_.TableOf(p), to, std::move(copy));
  // NameFd may have pointed into the source entry, which a rehash can move.
  if (FdEntry* again = tables_.TableOf(p).contains(e.fd) ? &tables_.TableOf(p).at(e.fd) : nullptr;
      again != nullptr) {
    result_ = ResolvedFile{};
    NameFromEntry(*again);
  }
}

void FileTracker::FcntlCall(const Event& e, FileOp op, Process& p, const FileIdentity id[2]) {
  if (e.fd < 0) return;
  NameFd(e.pid, p, e.fd, id[0], true);
  if (e.ret < 0) return;
  const uint64_t cmd = e.args[1];
  const uint64_t arg = e.args[2];
  FdTables::Table& t = tables_.TableOf(p);
  auto it = t.find(e.fd);
  if (op == FileOp::kIoctl) {
    if (it == t.end()) return;
    if (cmd == kFioclex) it->second.flags |= kOCloexec;
    if (cmd == kFionclex) it->second.flags &= ~kOCloexec;
    return;
  }
  if (cmd == kFdupfd || cmd == kFdupfdCloexec) {
    if (e.ret > INT32_MAX) return;
    FdEntry copy = it != t.end() ? it->second : FdEntry{};
    copy.flags &= ~kOCloexec;
    if (cmd == kFdupfdCloexec) copy.flags |= kOCloexec;
    tables_.Put(t, static_cast<int32_t>(e.ret), std::move(copy));
    if (auto again = t.find(e.fd); again != t.end()) {
      result_ = ResolvedFile{};
      NameFromEntry(again->second);
    }
  } else if (cmd == kFsetfd && it != t.end()) {
    if (arg & kFdCloexec) {
      it->second.flags |= kOCloexec;
    } else {
      it->second.flags &= ~kOCloexec;
    }
  } else if (cmd == kFsetfl && it != t.end()) {
    const uint32_t a = static_cast<uint32_t>(arg);
    it->second.flags = (it->second.flags & ~kSetflMask) | (a & kSetflMask);
  }
}

void FileTracker::RenameCall(const Event& e, const SyscallInfo& info, Process& p,
                             std::string_view path0, std::string_view path1) {
  const FileOp op = info.file_op;
  const int32_t dirfd = info.dirfd_arg != 0 ? e.dirfd : kAtFdcwd;
  bool to_abs;
  if (op == FileOp::kSymlink) {
    old_buf_.assign(path0);  // the target is stored verbatim
    to_abs = Absolute(e.pid, p, dirfd, path1, &name_buf_);
  } else {
    // renameat, renameat2, linkat, move_mount: the new name's directory is argument 3.
    const int32_t to_dirfd = info.dirfd_arg != 0 ? static_cast<int32_t>(e.args[2]) : kAtFdcwd;
    const bool from_abs = Absolute(e.pid, p, dirfd, path0, &old_buf_);
    if (to_dirfd != dirfd) dir_id_ = FileIdentity{};  // the kernel reported the first one only
    to_abs = Absolute(e.pid, p, to_dirfd, path1, &name_buf_);
    if (op == FileOp::kRename && e.ret == 0 && from_abs && to_abs) {
      names_.Rename(old_buf_, name_buf_);  // open descriptors of the file follow it
    }
  }
  result_.old_name = old_buf_;
  SetName(name_buf_, to_abs ? FileStatus::kPath : FileStatus::kRelative);
}

ResolvedFile FileTracker::Resolve(const Event& e, std::string_view path0, std::string_view path1,
                                  const FileIdentity id[2]) {
  result_ = ResolvedFile{};
  const SyscallInfo* info = FindSyscall(e.nr);
  if (info == nullptr || (e.flags & kEventNoReturn)) return result_;
  const FileOp op = info->file_op;
  if (op == FileOp::kNone) return result_;
  if (op == FileOp::kFd && last_fd_.valid && last_fd_.pid == e.pid && last_fd_.fd == e.fd &&
      id[0].known() && SameFile(last_fd_.id, id[0])) {
    result_ = last_fd_.result;
    return result_;
  }
  last_fd_.valid = false;
  dir_id_ = info->fd_arg == 0 && info->dirfd_arg != 0 ? id[0] : FileIdentity{};

  const uint32_t pid = e.pid;
  Process& p = tables_.Get(pid);
  p.use = tables_.Tick();
  if (op != FileOp::kExec && !p.exec_dropped.empty()) p.exec_dropped.clear();
  const bool path_fault = (e.flags & kEventPathFault) != 0;
  const int32_t dirfd = info->dirfd_arg != 0 ? e.dirfd : kAtFdcwd;

  switch (op) {
    case FileOp::kNone:
      break;

    case FileOp::kFd:
    case FileOp::kMmap:
    case FileOp::kConnect:
    case FileOp::kBind:
      if (op == FileOp::kMmap && (e.open_flags & kMapAnonymous)) break;
      // A call on a bad descriptor, with no identity: nothing to ask /proc about.
      NameFd(pid, p, e.fd, id[0], !(e.ret == -kEbadf && !id[0].known()));
      break;

    case FileOp::kPathname:
      if (!path_fault) {
        bool abs = Absolute(pid, p, dirfd, path0, &name_buf_);
        SetName(name_buf_, abs ? FileStatus::kPath : FileStatus::kRelative);
      }
      break;

    case FileOp::kMqName:
      if (!path_fault) {
        name_buf_ = MqName(path0);
        SetName(name_buf_, FileStatus::kPath);
      }
      break;

    case FileOp::kOpen:
    case FileOp::kCreat:
    case FileOp::kOpenTree:
    case FileOp::kMqOpen:
      OpenCall(e, *info, p, path0, id);
      break;

    case FileOp::kClose: {
      if (e.fd < 0) break;
      NameFd(pid, p, e.fd, id[0], !(e.ret == -kEbadf && !id[0].known()));
      // The descriptor is released unless it was not open (EINTR/EIO still close it). The
      // result may point into the entry: keep the name in the buffer.
      if (e.ret != -kEbadf) {
        name_buf_.assign(result_.name);
        result_.name = name_buf_;
        tables_.Erase(tables_.TableOf(p), e.fd);
      }
      break;
    }

    case FileOp::kCloseRange: {
      if (e.ret != 0) break;
      const uint32_t first = static_cast<uint32_t>(e.args[0]);
      const uint32_t last = static_cast<uint32_t>(e.args[1]);
      const uint32_t how = static_cast<uint32_t>(e.args[2]);
      if (how & kCloseRangeUnshare) tables_.Unshare(p);
      FdTables::Table& t = tables_.TableOf(p);
      std::vector<int32_t> hit;
      for (auto& [fd, entry] : t) {
        const uint32_t u = static_cast<uint32_t>(fd);
        if (u < first || u > last) continue;
        if (how & kCloseRangeCloexec) {
          entry.flags |= kOCloexec;
        } else {
          hit.push_back(fd);
        }
      }
      for (int32_t fd : hit) tables_.Erase(t, fd);
      break;
    }

    case FileOp::kDup:
    case FileOp::kDup2:
    case FileOp::kDup3:
      DupCall(e, op, p, id);
      break;

    case FileOp::kFcntl:
    case FileOp::kIoctl:
      FcntlCall(e, op, p, id);
      break;

    case FileOp::kChdir: {
      if (path_fault) break;
      bool abs = Absolute(pid, p, dirfd, path0, &name_buf_);
      SetName(name_buf_, abs ? FileStatus::kPath : FileStatus::kRelative);
      // The kernel's IOR_WIRE_CWD record that follows a successful chdir has the last word;
      // this covers a kernel walk that came back partial.
      if (e.ret == 0 && abs) p.cwd = name_buf_;
      break;
    }

    case FileOp::kFchdir: {
      NameFd(pid, p, e.fd, id[0], true);
      if (e.ret == 0 && result_.status == FileStatus::kPath) p.cwd.assign(result_.name);
      break;
    }

    case FileOp::kExec: {
      if (path_fault) break;
      if (dirfd >= 0 && !IsAbsolute(path0)) {
        auto dropped = p.exec_dropped.find(dirfd);
        if (dropped != p.exec_dropped.end()) {
          JoinPathInto(dropped->second, path0, &name_buf_);
          SetName(name_buf_, FileStatus::kPath);
          break;
        }
      }
      bool abs = Absolute(pid, p, dirfd, path0, &name_buf_);
      SetName(name_buf_, abs ? FileStatus::kPath : FileStatus::kRelative);
      break;
    }

    case FileOp::kRename:
    case FileOp::kSymlink:
    case FileOp::kMoveMount:
      RenameCall(e, *info, p, path0, path1);
      break;

    default:
      NewFdCall(e, *info, p, path0, id);
      break;
  }
  tables_.Trim();
  if (op == FileOp::kFd && e.fd >= 0 && id[0].known()) {
    last_fd_ = LastFdCall{true, pid, e.fd, id[0], result_};
  }
  return result_;
}

}  // namespace ior::internal
