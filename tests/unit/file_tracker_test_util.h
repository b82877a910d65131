// What the file tracker tests share: a fake /proc, events built through the real decoder,
// the tracker's answer rendered as the CSV shows it, and a fixture with a tracker on pid 100,
// 200 and 300 in /home/u.
#ifndef IOR_TESTS_UNIT_FILE_TRACKER_TEST_UTIL_H_
#define IOR_TESTS_UNIT_FILE_TRACKER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event_fields.h"
#include "file_tracker.h"
#include "ior/syscalls.h"

// Own namespace: the Linux constants below would clash with fd_semantics.h's in ior::internal.
namespace ior::internal::tracker_test {

// Linux x86_64 values.
constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);
constexpr uint64_t kOWronly = 01, kORdwr = 02, kOAppend = 02000, kONonblock = 04000;
constexpr uint64_t kODirectory = 0200000, kOCloexec = 02000000, kOPath = 010000000;
constexpr uint64_t kCloneVm = 0x100, kCloneFs = 0x200, kCloneFiles = 0x400, kCloneSighand = 0x800,
                   kCloneThread = 0x10000, kSigchld = 17;
constexpr uint64_t kThreadFlags = kCloneVm | kCloneFs | kCloneFiles | kCloneSighand | kCloneThread;
constexpr uint64_t kAtEmptyPath = 0x1000;

class FakeProc : public ProcFs {
 public:
  bool ReadFd(uint32_t pid, int32_t fd, ProcFd* out) override {
    ++fd_reads;
    auto it = fds.find({pid, fd});
    if (it == fds.end()) return false;
    *out = it->second;
    return true;
  }
  bool ListFds(uint32_t pid, std::vector<int32_t>* out) override {
    out->clear();
    if (list_fails) return false;
    for (const auto& [key, pf] : fds) {
      if (key.first == pid) out->push_back(key.second);
    }
    return true;
  }
  bool ReadCwd(uint32_t pid, std::string* out) override {
    ++cwd_reads;
    auto it = cwds.find(pid);
    if (it == cwds.end()) return false;
    *out = it->second;
    return true;
  }
  void SetFd(uint32_t pid, int32_t fd, std::string path, uint64_t ino, uint32_t flags = 0) {
    ProcFd pf;
    pf.path = std::move(path);
    pf.id = FileIdentity{ino, 0x800001};
    pf.flags = flags;
    pf.flags_known = true;
    fds[{pid, fd}] = pf;
  }

  std::map<std::pair<uint32_t, int32_t>, ProcFd> fds;
  std::map<uint32_t, std::string> cwds;
  int fd_reads = 0;
  int cwd_reads = 0;
  bool list_fails = false;  // as for a process that is gone
};

inline FileIdentity Id(uint64_t ino) { return FileIdentity{ino, 0x800001}; }

// The fixture's pipefs and sockfs devices: their identities are named "pipe:[ino]" and
// "socket:[ino]" by FileNames.
constexpr uint32_t kPipefs = 0x8, kSockfs = 0x9;
inline FileIdentity PipeId(uint64_t ino) { return FileIdentity{ino, kPipefs}; }
inline FileIdentity SockId(uint64_t ino) { return FileIdentity{ino, kSockfs}; }

// The tracker's structured answer as the CSV shows it (ior::FileLabel's rendering).
inline std::string Render(const ResolvedFile& f) {
  if (!f.old_name.empty()) return std::string(f.old_name) + " -> " + std::string(f.name);
  if (!f.name.empty()) return std::string(f.name);
  if (f.status == FileStatus::kIdentity) return "E:ino:" + std::to_string(f.id.ino);
  return "";
}

// An event as the decoder makes it: the named fields come from the decoder's own code
// (DecodeNamedFields), so a drift between decoding and tracking shows here. `mem` is the user
// memory the kernel side would have copied (pipe's and socketpair's two descriptors).
inline Event Ev(std::string_view name, uint32_t pid, int64_t ret,
                std::initializer_list<uint64_t> args, const int32_t* mem_fds = nullptr) {
  const SyscallInfo* s = FindSyscall(name);
  EXPECT_NE(s, nullptr) << name;
  Event e{};
  e.nr = s->nr;
  e.pid = pid;
  e.tid = pid;
  e.ret = ret;
  size_t i = 0;
  for (uint64_t a : args) e.args[i++] = a;
  uint8_t mem[16] = {};
  if (mem_fds != nullptr) std::memcpy(mem, mem_fds, 2 * sizeof(int32_t));
  DecodeNamedFields(mem, mem_fds != nullptr, &e);
  return e;
}

inline Event FdPair(std::string_view name, uint32_t pid, int32_t a, int32_t b, uint64_t flags_arg) {
  const int32_t fds[2] = {a, b};
  // socketpair(AF_UNIX, type | flags, 0, fds); pipe2(fds, flags).
  return name == "socketpair" ? Ev(name, pid, 0, {1, flags_arg, 0, 0}, fds)
                              : Ev(name, pid, 0, {0, flags_arg, 0, 0}, fds);
}

class FileTrackerTest : public ::testing::Test {
 protected:
  FileTrackerTest() : ft_(&proc_, {}, KernelDevices{kPipefs, kSockfs}) {
    proc_.cwds[100] = "/home/u";
    proc_.cwds[200] = "/home/u";
    proc_.cwds[300] = "/home/u";
  }

  std::string R(const Event& e, std::string_view p0 = {}, std::string_view p1 = {},
                FileIdentity id0 = {}, FileIdentity id1 = {}) {
    FileIdentity id[2] = {id0, id1};
    return Render(ft_.Resolve(e, p0, p1, id));
  }
  // openat(AT_FDCWD or dirfd, path, flags) returning fd with identity `ino`.
  std::string Open(uint32_t pid, std::string_view path, int32_t fd, uint64_t ino,
                   uint64_t flags = 0, uint64_t dirfd = kAtFdcwd) {
    return R(Ev("openat", pid, fd, {dirfd, 0, flags, 0}), path, {}, {}, Id(ino));
  }
  std::string Fd(std::string_view call, uint32_t pid, int32_t fd, uint64_t ino = 0,
                 int64_t ret = 0) {
    return R(Ev(call, pid, ret, {static_cast<uint64_t>(fd), 0, 0}), {}, {},
             ino ? Id(ino) : FileIdentity{});
  }
  bool Cloexec(uint32_t pid, int32_t fd) {
    const FdEntry* e = ft_.Find(pid, fd);
    return e != nullptr && (e->flags & kOCloexec) != 0;
  }

  FakeProc proc_;
  FileTracker ft_;
};

}  // namespace ior::internal::tracker_test

#endif  // IOR_TESTS_UNIT_FILE_TRACKER_TEST_UTIL_H_
