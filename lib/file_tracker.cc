#include "file_tracker.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ior/syscalls.h"

namespace ior::internal {
namespace {

// Linux x86_64 values, spelled out so that no libc header decides them.
constexpr uint32_t kOWronly = 01;
constexpr uint32_t kORdwr = 02;
constexpr uint32_t kOCreat = 0100;
constexpr uint32_t kOTrunc = 01000;
constexpr uint32_t kOAppend = 02000;
constexpr uint32_t kONonblock = 04000;
constexpr uint32_t kOAsync = 020000;
constexpr uint32_t kODirect = 040000;
constexpr uint32_t kONoatime = 01000000;
constexpr uint32_t kOCloexec = 02000000;
constexpr uint32_t kOPath = 010000000;
// What F_SETFL may change.
constexpr uint32_t kSetflMask = kOAppend | kOAsync | kODirect | kONoatime | kONonblock;

constexpr int32_t kAtFdcwd = -100;
constexpr int64_t kEbadf = 9;
constexpr uint64_t kCloneFiles = 0x400;
constexpr uint64_t kCloneThread = 0x10000;
constexpr uint32_t kCloseRangeUnshare = 2;
constexpr uint32_t kCloseRangeCloexec = 4;
constexpr uint64_t kFdupfd = 0, kFsetfd = 2, kFsetfl = 4, kFdupfdCloexec = 1030;
constexpr uint64_t kFdCloexec = 1;
constexpr uint64_t kFioclex = 0x5451, kFionclex = 0x5450;
constexpr uint32_t kMapAnonymous = 0x20;

bool IsAbsolute(std::string_view p) { return !p.empty() && p[0] == '/'; }

}  // namespace

std::string NormalizePath(std::string_view path) {
  if (path.empty()) return std::string();
  const bool absolute = path[0] == '/';
  std::vector<std::string_view> parts;
  size_t at = 0;
  while (at <= path.size()) {
    size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(at, end - at);
    at = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(seg);
      }  // "/.." is "/"
      continue;
    }
    parts.push_back(seg);
  }
  std::string out;
  for (std::string_view seg : parts) {
    if (!out.empty() || absolute) out.push_back('/');
    out.append(seg);
  }
  if (out.empty()) return absolute ? "/" : ".";
  return out;
}

std::string JoinPath(std::string_view base, std::string_view rel) {
  if (IsAbsolute(rel)) return NormalizePath(rel);
  if (rel.empty()) return NormalizePath(base);
  std::string joined(base);
  joined.push_back('/');
  joined.append(rel);
  return NormalizePath(joined);
}

// What a syscall does to the tables and which file its column shows.
enum class FileOp : uint8_t {
  kNone,        // no file
  kFd,          // the fd argument's file
  kMmap,        // the fd argument's file unless MAP_ANONYMOUS
  kPathname,    // path 0, relative to dirfd or cwd
  kOpen,        // open, openat, openat2: registers the returned fd
  kCreat,       //
  kOpenTree,    // open_tree, open_tree_attr: an O_PATH-like descriptor of path 0
  kMqOpen,      // mq_open: "/name"
  kMqName,      // mq_unlink
  kClose,       //
  kCloseRange,  //
  kDup,         // dup
  kDup2,        // dup2, dup3
  kFcntl,       //
  kIoctl,       //
  kChdir,       //
  kFchdir,      //
  kExec,        // execve, execveat
  kRename,      // rename, renameat, renameat2, link, linkat: "old -> new"
  kSymlink,     // symlink, symlinkat: "target -> link", target verbatim
  kMoveMount,   // "from -> to"
  kPipe,        // pipe, pipe2
  kSocketpair,  //
  // Calls returning a new descriptor, named like /proc/<pid>/fd shows them.
  kSocket,
  kAccept,
  kEventfd,
  kEpoll,
  kSignalfd,
  kTimerfd,
  kInotify,
  kFanotify,
  kUserfaultfd,
  kIoUring,
  kPerf,
  kPidfdOpen,
  kMemfd,
  kLandlock,
  kFsContext,  // fsopen, fspick
  kBpf,        // bpf: depends on the command
  kProcFd,     // any other fd-returning call: named through /proc
};

namespace {

using Op = FileOp;

struct OpName {
  std::string_view name;
  Op op;
};

constexpr OpName kOpNames[] = {
    {"open", Op::kOpen},
    {"openat", Op::kOpen},
    {"openat2", Op::kOpen},
    {"creat", Op::kCreat},
    {"open_tree", Op::kOpenTree},
    {"open_tree_attr", Op::kOpenTree},
    {"mq_open", Op::kMqOpen},
    {"mq_unlink", Op::kMqName},
    {"close", Op::kClose},
    {"close_range", Op::kCloseRange},
    {"dup", Op::kDup},
    {"dup2", Op::kDup2},
    {"dup3", Op::kDup2},
    {"fcntl", Op::kFcntl},
    {"ioctl", Op::kIoctl},
    {"mmap", Op::kMmap},
    {"chdir", Op::kChdir},
    {"fchdir", Op::kFchdir},
    {"execve", Op::kExec},
    {"execveat", Op::kExec},
    {"rename", Op::kRename},
    {"renameat", Op::kRename},
    {"renameat2", Op::kRename},
    {"link", Op::kRename},
    {"linkat", Op::kRename},
    {"symlink", Op::kSymlink},
    {"symlinkat", Op::kSymlink},
    {"move_mount", Op::kMoveMount},
    {"pipe", Op::kPipe},
    {"pipe2", Op::kPipe},
    {"socketpair", Op::kSocketpair},
    {"socket", Op::kSocket},
    {"accept", Op::kAccept},
    {"accept4", Op::kAccept},
    {"eventfd", Op::kEventfd},
    {"eventfd2", Op::kEventfd},
    {"epoll_create", Op::kEpoll},
    {"epoll_create1", Op::kEpoll},
    {"signalfd", Op::kSignalfd},
    {"signalfd4", Op::kSignalfd},
    {"timerfd_create", Op::kTimerfd},
    {"inotify_init", Op::kInotify},
    {"inotify_init1", Op::kInotify},
    {"fanotify_init", Op::kFanotify},
    {"userfaultfd", Op::kUserfaultfd},
    {"io_uring_setup", Op::kIoUring},
    {"perf_event_open", Op::kPerf},
    {"pidfd_open", Op::kPidfdOpen},
    {"memfd_create", Op::kMemfd},
    {"landlock_create_ruleset", Op::kLandlock},
    {"fsopen", Op::kFsContext},
    {"fspick", Op::kFsContext},
    {"bpf", Op::kBpf},
};

// Per syscall number: the op, and the table row.
struct Plan {
  const SyscallInfo* info = nullptr;
  Op op = Op::kNone;
};

const std::vector<Plan>& Plans() {
  static const auto* plans = [] {
    auto* p = new std::vector<Plan>(SyscallNumberLimit());
    for (const SyscallInfo& s : AllSyscalls()) {
      if (s.nr >= p->size()) continue;
      Plan& plan = (*p)[s.nr];
      plan.info = &s;
      plan.op = Op::kNone;
      bool named = false;
      for (const OpName& on : kOpNames) {
        if (on.name == s.name) {
          plan.op = on.op;
          named = true;
          break;
        }
      }
      if (named) continue;
      if (s.returns_fd) {
        plan.op = Op::kProcFd;
      } else if (s.path_args[0] != 0) {
        plan.op = Op::kPathname;
      } else if (s.fd_arg != 0) {
        plan.op = Op::kFd;
      }
    }
    return p;
  }();
  return *plans;
}

// The close-on-exec and non-blocking bits of a new descriptor, from the call's flags.
uint32_t NewFdFlags(Op op, const Event& e) {
  const uint32_t f = e.open_flags;
  switch (op) {
    case Op::kSocket:
      return kORdwr | (static_cast<uint32_t>(e.socket_type) & (kOCloexec | kONonblock));
    case Op::kAccept:  // SOCK_CLOEXEC, SOCK_NONBLOCK are O_CLOEXEC, O_NONBLOCK
    case Op::kEventfd:
    case Op::kEpoll:
    case Op::kSignalfd:
    case Op::kTimerfd:
    case Op::kInotify:
    case Op::kUserfaultfd:
      return kORdwr | (f & (kOCloexec | kONonblock));
    case Op::kFanotify:  // FAN_CLOEXEC 1, FAN_NONBLOCK 2
      return kORdwr | ((f & 1) ? kOCloexec : 0) | ((f & 2) ? kONonblock : 0);
    case Op::kPerf:  // PERF_FLAG_FD_CLOEXEC
      return kORdwr | ((f & 8) ? kOCloexec : 0);
    case Op::kMemfd:      // MFD_CLOEXEC
    case Op::kFsContext:  // FSOPEN_CLOEXEC, FSPICK_CLOEXEC
      return kORdwr | ((f & 1) ? kOCloexec : 0);
    case Op::kPidfdOpen:  // always close-on-exec; PIDFD_NONBLOCK is O_NONBLOCK
      return kORdwr | kOCloexec | (f & kONonblock);
    case Op::kIoUring:
    case Op::kLandlock:
    case Op::kBpf:
      return kORdwr | kOCloexec;
    case Op::kProcFd: {
      const std::string_view name = Plans()[e.nr].info->name;
      if (name == "pidfd_getfd") return kORdwr | kOCloexec;
      if (name == "fsmount") return kORdwr | ((f & 1) ? kOCloexec : 0);
      return f & (kOCloexec | kONonblock | 3);
    }
    default:
      return kORdwr;
  }
}

// The name /proc/<pid>/fd shows for the anonymous-inode descriptors; "" if it needs /proc.
std::string_view AnonName(Op op, const Event& e) {
  switch (op) {
    case Op::kEventfd:
      return "anon_inode:[eventfd]";
    case Op::kEpoll:
      return "anon_inode:[eventpoll]";
    case Op::kSignalfd:
      return "anon_inode:[signalfd]";
    case Op::kTimerfd:
      return "anon_inode:[timerfd]";
    case Op::kInotify:
      return "anon_inode:inotify";
    case Op::kFanotify:
      return "anon_inode:[fanotify]";
    case Op::kUserfaultfd:
      return "anon_inode:[userfaultfd]";
    case Op::kIoUring:
      return "anon_inode:[io_uring]";
    case Op::kPerf:
      return "anon_inode:[perf_event]";
    case Op::kPidfdOpen:
      return "anon_inode:[pidfd]";
    case Op::kLandlock:
      return "anon_inode:landlock-ruleset";
    case Op::kFsContext:
      return "anon_inode:fscontext";
    case Op::kBpf:
      switch (e.args[0]) {
        case 0:   // BPF_MAP_CREATE
        case 14:  // BPF_MAP_GET_FD_BY_ID
          return "anon_inode:bpf-map";
        case 5:   // BPF_PROG_LOAD
        case 13:  // BPF_PROG_GET_FD_BY_ID
          return "anon_inode:bpf-prog";
        case 17:  // BPF_RAW_TRACEPOINT_OPEN
        case 28:  // BPF_LINK_CREATE
        case 30:  // BPF_LINK_GET_FD_BY_ID
          return "anon_inode:bpf_link";
        case 18:  // BPF_BTF_LOAD
        case 19:  // BPF_BTF_GET_FD_BY_ID
          return "anon_inode:btf";
        case 32:  // BPF_ENABLE_STATS
          return "anon_inode:bpf-stats";
        default:  // BPF_OBJ_GET, BPF_ITER_CREATE, BPF_TOKEN_CREATE: ask /proc
          return "";
      }
    default:
      return "";
  }
}

// bpf commands that return a new descriptor.
bool BpfReturnsFd(uint64_t cmd) {
  switch (cmd) {
    case 0:
    case 5:
    case 7:
    case 13:
    case 14:
    case 17:
    case 18:
    case 19:
    case 28:
    case 30:
    case 32:
    case 33:
    case 36:
      return true;
    default:
      return false;
  }
}

std::string MqName(std::string_view name) {
  while (!name.empty() && name[0] == '/') name.remove_prefix(1);
  return "/" + std::string(name);
}

}  // namespace

struct FileTracker::Table {
  absl::flat_hash_map<int32_t, FdEntry> fds;
  uint32_t refs = 0;        // processes using the table
  size_t proc_entries = 0;  // entries with from_proc
};

struct FileTracker::Process {
  uint64_t table = 0;
  std::string cwd;
  bool cwd_known = false;
  bool cwd_tried = false;  // /proc/<pid>/cwd was asked
  uint64_t use = 0;
  // Named descriptors the last exec dropped, for the exec event itself (fexecve's dirfd).
  absl::flat_hash_map<int32_t, std::string> exec_dropped;
};

FileTracker::FileTracker(ProcFs* proc, FileTrackerLimits limits) : proc_(proc), limits_(limits) {}

FileTracker::~FileTracker() = default;

uint64_t FileTracker::NewTable() {
  uint64_t id = next_table_++;
  auto t = std::make_unique<Table>();
  t->refs = 1;
  tables_.emplace(id, std::move(t));
  return id;
}

void FileTracker::ReleaseTable(uint64_t id) {
  auto it = tables_.find(id);
  if (it == tables_.end()) return;
  Table& t = *it->second;
  if (--t.refs > 0) return;
  entries_ -= t.fds.size();
  proc_entries_ -= t.proc_entries;
  tables_.erase(it);
}

FileTracker::Process& FileTracker::GetProcess(uint32_t pid) {
  auto it = procs_.find(pid);
  if (it != procs_.end()) return *it->second;
  auto p = std::make_unique<Process>();
  p->table = NewTable();
  p->use = clock_;
  Process& ref = *p;
  procs_.emplace(pid, std::move(p));
  return ref;
}

FileTracker::Table& FileTracker::TableOf(const Process& p) { return *tables_.at(p.table); }

void FileTracker::Put(Table& t, int32_t fd, FdEntry entry) {
  auto [it, inserted] = t.fds.try_emplace(fd);
  if (inserted) {
    ++entries_;
  } else if (it->second.from_proc) {
    --t.proc_entries;
    --proc_entries_;
  }
  if (entry.from_proc) {
    ++t.proc_entries;
    ++proc_entries_;
  }
  entry.use = clock_;
  it->second = std::move(entry);
}

void FileTracker::Erase(Table& t, int32_t fd) {
  auto it = t.fds.find(fd);
  if (it == t.fds.end()) return;
  if (it->second.from_proc) {
    --t.proc_entries;
    --proc_entries_;
  }
  --entries_;
  t.fds.erase(it);
}

void FileTracker::Unshare(Process& p) {
  Table& old = TableOf(p);
  if (old.refs <= 1) return;
  uint64_t id = NewTable();
  Table& fresh = *tables_.at(id);
  for (const auto& [fd, entry] : old.fds) Put(fresh, fd, entry);
  --old.refs;
  p.table = id;
}

void FileTracker::DropProcess(uint32_t pid) {
  auto it = procs_.find(pid);
  if (it == procs_.end()) return;
  ReleaseTable(it->second->table);
  procs_.erase(it);
}

void FileTracker::OnFork(uint32_t parent_pid, uint32_t child_pid, uint64_t clone_flags) {
  if (clone_flags & kCloneThread) return;
  if (child_pid == parent_pid) return;
  ++clock_;
  DropProcess(child_pid);  // a previous process of that pid whose exit we missed
  Process& parent = GetProcess(parent_pid);
  parent.use = clock_;
  auto child = std::make_unique<Process>();
  child->cwd = parent.cwd;
  child->cwd_known = parent.cwd_known;
  child->use = clock_;
  if (clone_flags & kCloneFiles) {
    child->table = parent.table;
    ++TableOf(parent).refs;
  } else {
    child->table = NewTable();
    Table& from = TableOf(parent);
    Table& to = *tables_.at(child->table);
    for (const auto& [fd, entry] : from.fds) Put(to, fd, entry);
  }
  procs_.emplace(child_pid, std::move(child));
  Trim();
}

void FileTracker::OnExec(uint32_t pid) {
  ++clock_;
  Process& p = GetProcess(pid);
  p.use = clock_;
  Unshare(p);
  Table& t = TableOf(p);
  p.exec_dropped.clear();
  std::vector<int32_t> drop;
  for (const auto& [fd, entry] : t.fds) {
    if (entry.flags & kOCloexec) {
      drop.push_back(fd);
      if (!entry.path.empty()) p.exec_dropped.emplace(fd, entry.path);
    }
  }
  for (int32_t fd : drop) Erase(t, fd);
}

void FileTracker::OnExit(uint32_t pid, bool group_dead) {
  if (group_dead) DropProcess(pid);
}

const FileTracker::FdEntry* FileTracker::Find(uint32_t pid, int32_t fd) const {
  auto p = procs_.find(pid);
  if (p == procs_.end()) return nullptr;
  const Table& t = *tables_.at(p->second->table);
  auto it = t.fds.find(fd);
  return it == t.fds.end() ? nullptr : &it->second;
}

std::string FileTracker::Cwd(uint32_t pid) const {
  auto p = procs_.find(pid);
  if (p == procs_.end() || !p->second->cwd_known) return std::string();
  return p->second->cwd;
}

std::string FileTracker::Column(const FdEntry* entry, const FileIdentity& id) {
  if (entry != nullptr && !entry->path.empty()) return entry->path;
  const FileIdentity& known = (entry != nullptr && entry->id.known()) ? entry->id : id;
  if (known.known()) return absl::StrCat("E:ino:", known.ino);
  return std::string();
}

const FileTracker::FdEntry* FileTracker::ProcLookup(uint32_t pid, Table& t, int32_t fd,
                                                    const FileIdentity& id, uint32_t flags) {
  FdEntry entry;
  entry.from_proc = true;
  entry.id = id;
  entry.flags = flags;
  ProcFd pf;
  if (proc_->ReadFd(pid, fd, &pf) && !pf.path.empty() && (!id.known() || SameFile(pf.id, id))) {
    entry.path = std::move(pf.path);
    if (!id.known()) entry.id = pf.id;
    if (pf.flags_known) entry.flags = pf.flags;
  }
  Put(t, fd, std::move(entry));
  return &t.fds.at(fd);
}

const FileTracker::FdEntry* FileTracker::Lookup(uint32_t pid, Process& p, int32_t fd,
                                                const FileIdentity& id) {
  if (fd < 0) return nullptr;
  Table& t = TableOf(p);
  auto it = t.fds.find(fd);
  if (it != t.fds.end()) {
    FdEntry& entry = it->second;
    entry.use = clock_;
    if (!id.known() || SameFile(entry.id, id)) return &entry;
    if (!entry.id.known() && !entry.path.empty()) {
      entry.id = id;  // registered without an identity: take the kernel's word
      return &entry;
    }
    // Stale (another file now) or unnamed: ask /proc once.
  }
  return ProcLookup(pid, t, fd, id, 0);
}

const std::string* FileTracker::CwdOf(uint32_t pid, Process& p) {
  if (!p.cwd_known && !p.cwd_tried) {
    p.cwd_tried = true;
    std::string cwd;
    if (proc_->ReadCwd(pid, &cwd) && IsAbsolute(cwd)) {
      p.cwd = std::move(cwd);
      p.cwd_known = true;
    }
  }
  return p.cwd_known ? &p.cwd : nullptr;
}

void FileTracker::SetCwdFromProc(uint32_t pid, Process& p) {
  p.cwd_known = false;
  p.cwd_tried = false;
  p.cwd.clear();
  CwdOf(pid, p);
}

const std::string* FileTracker::BaseOf(uint32_t pid, Process& p, int32_t dirfd) {
  if (dirfd == kAtFdcwd) return CwdOf(pid, p);
  const FdEntry* dir = Lookup(pid, p, dirfd, FileIdentity{});
  if (dir == nullptr || !IsAbsolute(dir->path)) return nullptr;
  return &dir->path;
}

std::string FileTracker::Absolute(uint32_t pid, Process& p, int32_t dirfd, std::string_view path) {
  if (IsAbsolute(path)) return NormalizePath(path);
  const std::string* base = BaseOf(pid, p, dirfd);
  if (base == nullptr) return NormalizePath(path);  // the best we know: relative
  return JoinPath(*base, path);
}

void FileTracker::Register(Table& t, int32_t fd, std::string path, uint32_t flags,
                           const FileIdentity& id) {
  FdEntry entry;
  entry.path = std::move(path);
  entry.flags = flags;
  entry.id = id;
  Put(t, fd, std::move(entry));
}

void FileTracker::RegisterFromProc(uint32_t pid, Table& t, int32_t fd, uint32_t flags,
                                   const FileIdentity& id) {
  ProcLookup(pid, t, fd, id, flags);
}

std::string FileTracker::NewFdCall(const Event& e, FileOp op, uint32_t pid, Process& p,
                                   std::string_view path0, const FileIdentity id[2]) {
  const SyscallInfo& info = *Plans()[e.nr].info;
  Table& t = TableOf(p);

  if (op == Op::kPipe || op == Op::kSocketpair) {
    if (e.ret != 0 || e.fds[0] < 0 || e.fds[1] < 0) return std::string();
    for (int i = 0; i < 2; ++i) {
      FileIdentity fid = id[i].known() ? id[i] : id[1 - i];
      if (op == Op::kSocketpair) fid = id[i];
      uint32_t flags;
      if (op == Op::kPipe) {
        flags = (i == 0 ? 0 : kOWronly) | (e.open_flags & (kOCloexec | kONonblock | kODirect));
      } else {
        flags = kORdwr | (static_cast<uint32_t>(e.socket_type) & (kOCloexec | kONonblock));
      }
      if (fid.known()) {
        Register(t, e.fds[i], absl::StrCat(op == Op::kPipe ? "pipe:[" : "socket:[", fid.ino, "]"),
                 flags, fid);
      } else {
        RegisterFromProc(pid, t, e.fds[i], flags, fid);
      }
    }
    return Column(&t.fds.at(e.fds[0]), id[0]);
  }

  // A failed call: the file of its fd argument, if any.
  const bool fd_result = e.ret >= 0 && (op != Op::kBpf || BpfReturnsFd(e.args[0]));
  if (!fd_result || e.ret > INT32_MAX) {
    if (op == Op::kBpf || info.fd_arg == 0 || e.fd < 0) return std::string();
    return Column(Lookup(pid, p, e.fd, id[0]), id[0]);
  }
  const int32_t fd = static_cast<int32_t>(e.ret);
  if (op == Op::kSignalfd && e.fd >= 0) {  // an existing signalfd was updated
    return Column(Lookup(pid, p, e.fd, id[0]), id[0]);
  }

  const uint32_t flags = NewFdFlags(op, e);
  std::string name;
  switch (op) {
    case Op::kSocket:
    case Op::kAccept:
      if (id[1].known()) name = absl::StrCat("socket:[", id[1].ino, "]");
      break;
    case Op::kMemfd:
      if (!(e.flags & kEventPathFault)) name = "/memfd:" + std::string(path0);
      break;
    case Op::kProcFd:
      break;
    default:
      name = std::string(AnonName(op, e));
      break;
  }
  if (name.empty()) {
    RegisterFromProc(pid, t, fd, flags, id[1]);
  } else {
    Register(t, fd, std::move(name), flags, id[1]);
  }
  return Column(&t.fds.at(fd), id[1]);
}

std::string FileTracker::Resolve(const Event& e, std::string_view path0, std::string_view path1,
                                 const FileIdentity id[2]) {
  const std::vector<Plan>& plans = Plans();
  if (e.nr >= plans.size() || plans[e.nr].info == nullptr) return std::string();
  const SyscallInfo& info = *plans[e.nr].info;
  const Op op = plans[e.nr].op;
  if (op == Op::kNone || (e.flags & kEventNoReturn)) return std::string();

  ++clock_;
  const uint32_t pid = e.pid;
  Process& p = GetProcess(pid);
  p.use = clock_;
  if (op != Op::kExec && !p.exec_dropped.empty()) p.exec_dropped.clear();
  const bool ok = e.ret >= 0;
  const bool path_fault = (e.flags & kEventPathFault) != 0;
  const int32_t dirfd = info.dirfd_arg != 0 ? e.dirfd : kAtFdcwd;

  std::string out;
  switch (op) {
    case Op::kNone:
      break;

    case Op::kFd:
    case Op::kMmap: {
      if (op == Op::kMmap && (e.open_flags & kMapAnonymous)) break;
      if (e.fd < 0) break;
      // A call on a bad descriptor, with no identity: nothing to ask /proc about.
      if (e.ret == -kEbadf && !id[0].known()) {
        out = Column(Find(pid, e.fd), id[0]);
        break;
      }
      out = Column(Lookup(pid, p, e.fd, id[0]), id[0]);
      break;
    }

    case Op::kPathname:
      if (!path_fault) out = Absolute(pid, p, dirfd, path0);
      break;

    case Op::kMqName:
      if (!path_fault) out = MqName(path0);
      break;

    case Op::kOpen:
    case Op::kCreat:
    case Op::kOpenTree:
    case Op::kMqOpen: {
      if (!path_fault) {
        out = op == Op::kMqOpen ? MqName(path0) : Absolute(pid, p, dirfd, path0);
      }
      if (!ok || e.ret > INT32_MAX) break;
      const int32_t fd = static_cast<int32_t>(e.ret);
      uint32_t flags = e.open_flags;
      if (op == Op::kCreat) flags = kOCreat | kOWronly | kOTrunc;
      if (op == Op::kOpenTree) flags = kOPath | (e.open_flags & kOCloexec);
      if (op == Op::kMqOpen) flags = (e.open_flags & ~kOCloexec) | kOCloexec;
      Table& t = TableOf(p);
      if (path_fault || !IsAbsolute(out)) {
        // No path, or its directory is unknown: /proc names the new descriptor, else the
        // relative path is the best there is.
        RegisterFromProc(pid, t, fd, flags, id[1]);
        FdEntry& entry = t.fds.at(fd);
        if (entry.path.empty() && !out.empty()) entry.path = out;
        out = Column(&entry, id[1]);
      } else {
        Register(t, fd, out, flags, id[1]);
      }
      break;
    }

    case Op::kClose: {
      if (e.fd < 0) break;
      if (e.ret == -kEbadf && !id[0].known()) {
        out = Column(Find(pid, e.fd), id[0]);
        break;
      }
      out = Column(Lookup(pid, p, e.fd, id[0]), id[0]);
      // The descriptor is released unless it was not open (EINTR/EIO still close it).
      if (e.ret != -kEbadf) Erase(TableOf(p), e.fd);
      break;
    }

    case Op::kCloseRange: {
      if (e.ret != 0) break;
      const uint32_t first = static_cast<uint32_t>(e.args[0]);
      const uint32_t last = static_cast<uint32_t>(e.args[1]);
      const uint32_t how = static_cast<uint32_t>(e.args[2]);
      if (how & kCloseRangeUnshare) Unshare(p);
      Table& t = TableOf(p);
      std::vector<int32_t> hit;
      for (auto& [fd, entry] : t.fds) {
        const uint32_t u = static_cast<uint32_t>(fd);
        if (u < first || u > last) continue;
        if (how & kCloseRangeCloexec) {
          entry.flags |= kOCloexec;
        } else {
          hit.push_back(fd);
        }
      }
      for (int32_t fd : hit) Erase(t, fd);
      break;
    }

    case Op::kDup:
    case Op::kDup2: {
      if (e.fd < 0) break;
      const FdEntry* src = Lookup(pid, p, e.fd, id[0]);
      out = Column(src, id[0]);
      if (!ok || e.ret > INT32_MAX) break;
      const int32_t to = static_cast<int32_t>(e.ret);
      if (to == e.fd) break;  // dup2(fd, fd): nothing changes
      FdEntry copy = src != nullptr ? *src : FdEntry{};
      copy.flags &= ~kOCloexec;
      if (info.name == "dup3" && (e.open_flags & kOCloexec)) copy.flags |= kOCloexec;
      if (id[1].known()) copy.id = id[1];
      Put(TableOf(p), to, std::move(copy));
      break;
    }

    case Op::kFcntl:
    case Op::kIoctl: {
      if (e.fd < 0) break;
      const FdEntry* entry = Lookup(pid, p, e.fd, id[0]);
      out = Column(entry, id[0]);
      if (!ok) break;
      const uint64_t cmd = e.args[1];
      const uint64_t arg = e.args[2];
      Table& t = TableOf(p);
      auto it = t.fds.find(e.fd);
      if (op == Op::kIoctl) {
        if (it == t.fds.end()) break;
        if (cmd == kFioclex) it->second.flags |= kOCloexec;
        if (cmd == kFionclex) it->second.flags &= ~kOCloexec;
        break;
      }
      if (cmd == kFdupfd || cmd == kFdupfdCloexec) {
        if (e.ret > INT32_MAX) break;
        FdEntry copy = it != t.fds.end() ? it->second : FdEntry{};
        copy.flags &= ~kOCloexec;
        if (cmd == kFdupfdCloexec) copy.flags |= kOCloexec;
        Put(t, static_cast<int32_t>(e.ret), std::move(copy));
      } else if (cmd == kFsetfd && it != t.fds.end()) {
        if (arg & kFdCloexec) {
          it->second.flags |= kOCloexec;
        } else {
          it->second.flags &= ~kOCloexec;
        }
      } else if (cmd == kFsetfl && it != t.fds.end()) {
        const uint32_t a = static_cast<uint32_t>(arg);
        it->second.flags = (it->second.flags & ~kSetflMask) | (a & kSetflMask);
      }
      break;
    }

    case Op::kChdir: {
      if (!path_fault) out = Absolute(pid, p, dirfd, path0);
      if (e.ret != 0) break;
      if (IsAbsolute(out)) {
        p.cwd = out;
        p.cwd_known = true;
      } else {
        SetCwdFromProc(pid, p);  // the path or its base is unknown: ask where it went
      }
      break;
    }

    case Op::kFchdir: {
      if (e.fd < 0) break;
      const FdEntry* entry = Lookup(pid, p, e.fd, id[0]);
      out = Column(entry, id[0]);
      if (e.ret != 0) break;
      if (entry != nullptr && IsAbsolute(entry->path)) {
        p.cwd = entry->path;
        p.cwd_known = true;
      } else {
        SetCwdFromProc(pid, p);
      }
      break;
    }

    case Op::kExec: {
      if (path_fault) break;
      if (dirfd >= 0 && !IsAbsolute(path0)) {
        auto dropped = p.exec_dropped.find(dirfd);
        if (dropped != p.exec_dropped.end()) {
          out = JoinPath(dropped->second, path0);
          break;
        }
      }
      out = Absolute(pid, p, dirfd, path0);
      break;
    }

    case Op::kRename:
    case Op::kSymlink:
    case Op::kMoveMount: {
      std::string from, to;
      if (op == Op::kSymlink) {
        from = std::string(path0);  // the target is stored verbatim
        to = Absolute(pid, p, dirfd, path1);
      } else {
        // renameat, renameat2, linkat, move_mount: the new name's directory is argument 3.
        const int32_t to_dirfd = info.dirfd_arg != 0 ? static_cast<int32_t>(e.args[2]) : kAtFdcwd;
        from = Absolute(pid, p, dirfd, path0);
        to = Absolute(pid, p, to_dirfd, path1);
      }
      out = absl::StrCat(from, " -> ", to);
      break;
    }

    default:
      out = NewFdCall(e, op, pid, p, path0, id);
      break;
  }
  Trim();
  return out;
}

void FileTracker::TrimEntries(size_t limit, bool proc_only) {
  struct Victim {
    uint64_t use;
    Table* table;
    int32_t fd;
  };
  std::vector<Victim> all;
  for (auto& [tid, table] : tables_) {
    for (const auto& [fd, entry] : table->fds) {
      if (!proc_only || entry.from_proc) all.push_back({entry.use, table.get(), fd});
    }
  }
  if (all.size() <= limit) return;
  const size_t drop = all.size() - limit;
  std::nth_element(all.begin(), all.begin() + drop, all.end(),
                   [](const Victim& a, const Victim& b) { return a.use < b.use; });
  for (size_t i = 0; i < drop; ++i) Erase(*all[i].table, all[i].fd);
}

void FileTracker::Trim() {
  if (procs_.size() > limits_.max_processes) {
    std::vector<std::pair<uint64_t, uint32_t>> by_use;
    by_use.reserve(procs_.size());
    for (const auto& [pid, proc] : procs_) by_use.emplace_back(proc->use, pid);
    const size_t drop = procs_.size() - limits_.max_processes * 3 / 4;
    std::nth_element(by_use.begin(), by_use.begin() + drop, by_use.end());
    for (size_t i = 0; i < drop; ++i) DropProcess(by_use[i].second);
  }
  if (entries_ > limits_.max_entries) TrimEntries(limits_.max_entries * 3 / 4, false);
  if (proc_entries_ > limits_.max_proc_entries) {
    TrimEntries(limits_.max_proc_entries * 3 / 4, true);
  }
}

}  // namespace ior::internal
