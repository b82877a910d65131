#include "ior/syscalls.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "ior/syscall_names.h"

namespace ior {
namespace {

using ::testing::UnorderedElementsAreArray;

// The names of every syscall of `family`.
std::vector<std::string> Members(Family family) {
  std::vector<std::string> names;
  for (const SyscallInfo& info : AllSyscalls()) {
    if (info.family == family) names.emplace_back(info.name);
  }
  return names;
}

std::vector<std::string> WithBytes(BytesClass bytes) {
  std::vector<std::string> names;
  for (const SyscallInfo& info : AllSyscalls()) {
    if (info.bytes == bytes) names.emplace_back(info.name);
  }
  return names;
}

const SyscallInfo& Get(std::string_view name) {
  const SyscallInfo* info = FindSyscall(name);
  if (info == nullptr) {
    ADD_FAILURE() << "no syscall " << name;
    static const SyscallInfo kNone{};
    return kNone;
  }
  return *info;
}

// The syscall names of the snapshot's sys_enter_* and sys_exit_* tracepoints.
std::set<std::string> SnapshotTracepoints() {
  std::ifstream in(IOR_SYSCALL_FORMATS);
  EXPECT_TRUE(in.good()) << IOR_SYSCALL_FORMATS;
  std::set<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string event = line.substr(0, line.find(':'));
    for (std::string_view prefix : {"sys_enter_", "sys_exit_"}) {
      if (event.starts_with(prefix)) names.insert(event.substr(prefix.size()));
    }
  }
  return names;
}

TEST(Syscalls, EveryRowHasAFamilyAndAKind) {
  const std::span<const std::string_view> kinds = AllKinds();
  ASSERT_GT(AllSyscalls().size(), 360u);
  for (const SyscallInfo& info : AllSyscalls()) {
    SCOPED_TRACE(info.name);
    EXPECT_FALSE(info.name.empty());
    EXPECT_LT(static_cast<int>(info.family), kFamilyCount);
    EXPECT_NE(FamilyName(info.family), "?");
    EXPECT_FALSE(info.kind.empty());
    EXPECT_TRUE(std::binary_search(kinds.begin(), kinds.end(), info.kind));
    EXPECT_EQ(FindSyscall(info.nr), &info);
    EXPECT_EQ(FindSyscall(info.name), &info);
  }
}

TEST(Syscalls, EverySnapshotTracepointHasARow) {
  std::set<std::string> tracepoints = SnapshotTracepoints();
  ASSERT_GT(tracepoints.size(), 300u);
  for (const std::string& name : tracepoints) {
    const SyscallInfo* info = FindSyscall(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_EQ(info->name, name);
  }
}

TEST(Syscalls, KindsAreTheSelectorNames) {
  EXPECT_THAT(std::vector<std::string_view>(AllKinds().begin(), AllKinds().end()),
              UnorderedElementsAreArray<std::string_view>(
                  {"fd",      "open",       "open-tree", "open-by-handle-at",
                   "mq-open", "exec",       "pathname",  "fd-pathname",
                   "name",    "fcntl",      "dup3",      "two-fd",
                   "socket",  "socketpair", "accept",    "pipe",
                   "eventfd", "pidfd",      "epoll-ctl", "poll",
                   "mem",     "mmap",       "sleep",     "keyctl",
                   "ptrace",  "perf-open",  "bpf",       "futex",
                   "prctl",   "proc",       "module",    "seccomp",
                   "sysv-id", "sysv-op",    "timer-obj", "null"}));
}

TEST(Syscalls, FamilyListsOfTheOriginal) {
  EXPECT_THAT(Members(Family::kAIO),
              UnorderedElementsAreArray<std::string>(
                  {"io_cancel", "io_destroy", "io_getevents", "io_pgetevents", "io_setup",
                   "io_submit", "io_uring_enter", "io_uring_register", "io_uring_setup"}));
  EXPECT_THAT(Members(Family::kNetwork),
              UnorderedElementsAreArray<std::string>(
                  {"accept",     "accept4", "bind",     "connect",    "getpeername", "getsockname",
                   "getsockopt", "listen",  "recvfrom", "recvmmsg",   "recvmsg",     "sendfile64",
                   "sendmmsg",   "sendmsg", "sendto",   "setsockopt", "shutdown",    "socket",
                   "socketpair", "splice",  "tee",      "vmsplice"}));
  EXPECT_THAT(Members(Family::kPolling),
              UnorderedElementsAreArray<std::string>({"epoll_create", "epoll_create1", "epoll_ctl",
                                                      "epoll_pwait", "epoll_pwait2", "epoll_wait",
                                                      "poll", "ppoll", "pselect6", "select"}));
  EXPECT_THAT(Members(Family::kTime),
              UnorderedElementsAreArray<std::string>(
                  {"adjtimex", "alarm", "clock_adjtime", "clock_getres", "clock_gettime",
                   "clock_nanosleep", "clock_settime", "getitimer", "gettimeofday", "nanosleep",
                   "setitimer", "settimeofday", "time", "timer_create", "timer_delete",
                   "timer_getoverrun", "timer_gettime", "timer_settime", "times"}));
}

TEST(Syscalls, FamilyBoundaryRules) {
  for (std::string_view name : {"futex", "futex_waitv", "futex_wake", "futex_wait"}) {
    EXPECT_EQ(Get(name).family, Family::kIPC) << name;
  }
  for (std::string_view name : {"rseq", "set_robust_list", "get_robust_list"}) {
    EXPECT_EQ(Get(name).family, Family::kMisc) << name;
  }
  for (std::string_view name : {"set_tid_address", "ioprio_get", "ioprio_set"}) {
    EXPECT_EQ(Get(name).family, Family::kProcess) << name;
  }
  for (std::string_view name : {"adjtimex", "alarm"}) {
    EXPECT_EQ(Get(name).family, Family::kTime) << name;
  }
  for (std::string_view name : {"lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules",
                                "kexec_load", "kexec_file_load", "getrandom"}) {
    EXPECT_EQ(Get(name).family, Family::kSecurity) << name;
  }
  // The FS substring rule.
  for (std::string_view name : {"getxattr", "fsetxattr", "newfstatat", "statx", "statfs",
                                "fchmodat2", "lchown", "cachestat"}) {
    EXPECT_EQ(Get(name).family, Family::kFS) << name;
  }
  for (std::string_view name : {"openat", "read", "close", "rename", "mount"}) {
    EXPECT_EQ(Get(name).family, Family::kFS) << name;
  }
  EXPECT_EQ(Get("kill").family, Family::kSignals);
  EXPECT_EQ(Get("sched_yield").family, Family::kSched);
  EXPECT_EQ(Get("mmap").family, Family::kMemory);
}

TEST(Syscalls, BytesClassesOfTheReadme) {
  EXPECT_THAT(WithBytes(BytesClass::kRead),
              UnorderedElementsAreArray<std::string>(
                  {"fgetxattr", "flistxattr", "getdents",   "getdents64", "getrandom",
                   "getxattr",  "lgetxattr",  "listxattr",  "llistxattr", "mq_timedreceive",
                   "msgrcv",    "pread64",    "preadv",     "preadv2",    "process_vm_readv",
                   "read",      "readlink",   "readlinkat", "readv",      "recvfrom",
                   "recvmsg",   "syslog"}));
  EXPECT_THAT(WithBytes(BytesClass::kWrite),
              UnorderedElementsAreArray<std::string>({"mq_timedsend", "msgsnd", "process_vm_writev",
                                                      "pwrite64", "pwritev", "pwritev2", "sendmsg",
                                                      "sendto", "write", "writev"}));
  EXPECT_THAT(WithBytes(BytesClass::kTransfer),
              UnorderedElementsAreArray<std::string>(
                  {"copy_file_range", "sendfile64", "splice", "tee", "vmsplice"}));
  EXPECT_EQ(BytesClassName(BytesClass::kTransfer), "transfer");
}

TEST(Syscalls, CapturePlans) {
  const SyscallInfo& openat = Get("openat");
  EXPECT_EQ(openat.kind, "open");
  EXPECT_EQ(openat.dirfd_arg, 1);
  EXPECT_EQ(openat.path_args[0], 2);
  EXPECT_EQ(openat.path_args[1], 0);
  EXPECT_EQ(openat.flags_arg, 3);
  EXPECT_EQ(openat.mode_arg, 4);
  EXPECT_TRUE(openat.returns_fd);
  EXPECT_FALSE(openat.noreturn);

  const SyscallInfo& renameat2 = Get("renameat2");
  EXPECT_EQ(renameat2.kind, "name");
  EXPECT_EQ(renameat2.path_args[0], 2);  // oldname
  EXPECT_EQ(renameat2.path_args[1], 4);  // newname
  EXPECT_EQ(renameat2.dirfd_arg, 1);     // olddfd
  EXPECT_EQ(Get("rename").path_args[0], 1);
  EXPECT_EQ(Get("rename").path_args[1], 2);

  const SyscallInfo& pipe2 = Get("pipe2");
  EXPECT_EQ(pipe2.kind, "pipe");
  EXPECT_EQ(pipe2.mem_arg, 1);
  EXPECT_EQ(pipe2.mem_len, 8);
  EXPECT_TRUE(pipe2.mem_at_exit);
  EXPECT_EQ(Get("socketpair").mem_arg, 4);
  EXPECT_TRUE(Get("socketpair").mem_at_exit);

  const SyscallInfo& nanosleep = Get("nanosleep");
  EXPECT_EQ(nanosleep.kind, "sleep");
  EXPECT_EQ(nanosleep.mem_arg, 1);
  EXPECT_EQ(nanosleep.mem_len, 16);
  EXPECT_FALSE(nanosleep.mem_at_exit);
  EXPECT_EQ(Get("clock_nanosleep").mem_arg, 3);

  const SyscallInfo& epoll_ctl = Get("epoll_ctl");
  EXPECT_EQ(epoll_ctl.kind, "epoll-ctl");
  EXPECT_EQ(epoll_ctl.mem_arg, 4);
  EXPECT_EQ(epoll_ctl.mem_len, 4);

  const SyscallInfo& read = Get("read");
  EXPECT_EQ(read.kind, "fd");
  EXPECT_EQ(read.fd_arg, 1);
  EXPECT_EQ(read.bytes, BytesClass::kRead);
  EXPECT_FALSE(read.returns_fd);

  EXPECT_EQ(Get("mmap").kind, "mmap");
  EXPECT_EQ(Get("mmap").fd_arg, 5);
  EXPECT_EQ(Get("execve").kind, "exec");
  EXPECT_EQ(Get("execve").path_args[0], 1);
  EXPECT_EQ(Get("dup3").kind, "dup3");
  EXPECT_EQ(Get("fcntl").kind, "fcntl");
  EXPECT_EQ(Get("getpid").kind, "null");
  EXPECT_EQ(Get("sendfile64").fd_arg, 2);  // in_fd, the source
  EXPECT_TRUE(Get("accept4").returns_fd);
  EXPECT_FALSE(Get("bpf").returns_fd);

  for (std::string_view name : {"exit", "exit_group", "rt_sigreturn"}) {
    EXPECT_TRUE(Get(name).noreturn) << name;
  }
  int noreturn = 0;
  for (const SyscallInfo& info : AllSyscalls()) noreturn += info.noreturn;
  EXPECT_EQ(noreturn, 3);
}

TEST(Syscalls, AliasesAndNames) {
  const SyscallInfo* fstat = FindSyscall("fstat");
  ASSERT_NE(fstat, nullptr);
  EXPECT_EQ(fstat->nr, 5u);
  EXPECT_EQ(fstat->name, "newfstat");
  EXPECT_EQ(FindSyscall("newfstat"), fstat);
  EXPECT_EQ(FindSyscall("sendfile"), FindSyscall("sendfile64"));
  EXPECT_EQ(FindSyscall("umount2"), FindSyscall(166));
  EXPECT_EQ(FindSyscall("no_such_call"), nullptr);
  EXPECT_EQ(FindSyscall("syscall_17"), FindSyscall("pread64"));
  EXPECT_EQ(FindSyscall("syscall_4000"), nullptr);
  EXPECT_EQ(FindSyscall("syscall_"), nullptr);
  EXPECT_EQ(FindSyscall(100000), nullptr);

  EXPECT_EQ(SyscallName(5), "newfstat");
  EXPECT_EQ(SyscallName(17), "pread64");
  EXPECT_EQ(SyscallName(4000), "syscall_4000");
  EXPECT_EQ(SyscallNumber("stat"), 4u);
  EXPECT_EQ(SyscallNumber("newstat"), 4u);
  EXPECT_EQ(SyscallNumber("syscall_17"), 17u);
  // Newer than Debian 12's uapi headers.
  EXPECT_EQ(SyscallNumber("cachestat"), 451u);
  EXPECT_EQ(SyscallNumber("file_setattr"), 469u);
  EXPECT_GT(SyscallNumberLimit(), 469u);  // room for the newest known number
}

TEST(Syscalls, OneNumberBound) {
  // The kernel side's slot count (bpf/ior_wire.h), also for names of numbers the table lacks.
  EXPECT_EQ(SyscallNumberLimit(), 512u);
  for (const SyscallInfo& info : AllSyscalls()) EXPECT_LT(info.nr, SyscallNumberLimit() - 1);
  const uint32_t last = SyscallNumberLimit() - 1;
  EXPECT_EQ(NumberedSyscallName("syscall_" + std::to_string(last)), last);
  EXPECT_EQ(NumberedSyscallName("syscall_" + std::to_string(last + 1)), std::nullopt);
  EXPECT_EQ(SyscallNumber("syscall_" + std::to_string(last + 1)), std::nullopt);
  EXPECT_EQ(SyscallNumber("syscall_500"), 500u);  // not in the table, still selectable
  EXPECT_EQ(FindSyscall("syscall_500"), nullptr);
  EXPECT_EQ(NumberedSyscallName("openat"), std::nullopt);  // names are not parsed here
  EXPECT_EQ(NumberedSyscallName("syscall_17x"), std::nullopt);
  EXPECT_EQ(NumberedSyscallName("syscall_-1"), std::nullopt);
  EXPECT_EQ(NumberedSyscallName("syscall_99999999999"), std::nullopt);
  EXPECT_EQ(FindSyscall(SyscallNumberLimit()), nullptr);
}

TEST(Syscalls, FileOpsDecodeRulesAndTracking) {
  EXPECT_EQ(Get("openat").file_op, FileOp::kOpen);
  EXPECT_TRUE(Get("openat").tracked);
  EXPECT_EQ(Get("dup3").file_op, FileOp::kDup3);
  EXPECT_EQ(Get("dup3").decode, DecodeRule::kDup2);
  EXPECT_FALSE(Get("dup3").tracked);
  EXPECT_EQ(Get("read").file_op, FileOp::kFd);
  EXPECT_FALSE(Get("read").tracked);
  EXPECT_EQ(Get("pipe2").file_op, FileOp::kPipe);
  EXPECT_EQ(Get("pipe2").decode, DecodeRule::kFdPair);
  EXPECT_EQ(Get("socketpair").file_op, FileOp::kSocketpair);
  EXPECT_EQ(Get("socketpair").decode, DecodeRule::kSocketpair);
  EXPECT_EQ(Get("chdir").file_op, FileOp::kChdir);
  EXPECT_TRUE(Get("chdir").tracked);
  EXPECT_EQ(Get("connect").file_op, FileOp::kConnect);
  EXPECT_TRUE(Get("connect").tracked);
  EXPECT_EQ(Get("openat2").decode, DecodeRule::kOpenHow);
  // The fallbacks: a returned descriptor, else a path, else a descriptor argument.
  EXPECT_EQ(Get("fspick").file_op, FileOp::kFsContext);
  EXPECT_EQ(Get("open_by_handle_at").file_op, FileOp::kProcFd);
  EXPECT_EQ(Get("newstat").file_op, FileOp::kPathname);
  EXPECT_EQ(Get("fsync").file_op, FileOp::kFd);
  EXPECT_EQ(Get("getpid").file_op, FileOp::kNone);
  EXPECT_EQ(Get("getpid").decode, DecodeRule::kNone);

  // Tracked is exactly the calls that name files, the working directory or socket endpoints.
  const std::set<FileOp> tracked_ops = {
      FileOp::kOpen,    FileOp::kCreat,   FileOp::kOpenTree, FileOp::kMqOpen,
      FileOp::kMemfd,   FileOp::kChdir,   FileOp::kFchdir,   FileOp::kRename,
      FileOp::kSymlink, FileOp::kConnect, FileOp::kBind,     FileOp::kAccept,
  };
  std::vector<std::string> tracked;
  for (const SyscallInfo& info : AllSyscalls()) {
    EXPECT_EQ(info.tracked, tracked_ops.contains(info.file_op)) << info.name;
    if (info.tracked) tracked.emplace_back(info.name);
  }
  EXPECT_THAT(tracked,
              UnorderedElementsAreArray<std::string>(
                  {"open",      "openat",       "openat2", "creat",   "open_tree", "open_tree_attr",
                   "mq_open",   "memfd_create", "chdir",   "fchdir",  "rename",    "renameat",
                   "renameat2", "link",         "linkat",  "symlink", "symlinkat", "connect",
                   "bind",      "listen",       "accept",  "accept4"}));
  // The kernel side copies the pair of every call that decodes one.
  for (const SyscallInfo& info : AllSyscalls()) {
    if (info.decode == DecodeRule::kFdPair || info.decode == DecodeRule::kSocketpair) {
      EXPECT_EQ(info.mem_len, 8) << info.name;
      EXPECT_TRUE(info.mem_at_exit) << info.name;
    }
  }
}

TEST(Syscalls, FamilyNames) {
  EXPECT_EQ(FamilyFromName("fs"), Family::kFS);
  EXPECT_EQ(FamilyFromName("FS"), Family::kFS);
  EXPECT_EQ(FamilyFromName("polling"), Family::kPolling);
  EXPECT_EQ(FamilyFromName("nope"), std::nullopt);
  EXPECT_EQ(FamilyName(Family::kIPC), "IPC");
  for (int i = 0; i < kFamilyCount; ++i) {
    Family family = static_cast<Family>(i);
    EXPECT_EQ(FamilyFromName(FamilyName(family)), family);
    EXPECT_FALSE(Members(family).empty()) << FamilyName(family);
  }
}

}  // namespace
}  // namespace ior
