// Deterministic stand-ins for what the decoder and the file tracker would ask the system: a
// fuzz run must depend on its input only (no /proc of the fuzzing host).
#ifndef IOR_TESTS_FUZZ_FUZZ_FAKES_H_
#define IOR_TESTS_FUZZ_FUZZ_FAKES_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "comm_cache.h"
#include "proc_fs.h"

namespace ior::fuzz {

// Processes 1..7 exist; each has descriptors 0..3 (a tty, a file, a pipe, a socket) and a
// working directory. Other pids and descriptors are gone, as a process that exited would be.
class FakeProc : public internal::ProcFs {
 public:
  bool ReadFd(uint32_t pid, int32_t fd, internal::ProcFd* out) override {
    if (!Exists(pid) || fd < 0 || fd > 3) return false;
    static const char* const kPaths[] = {"/dev/pts/0", "/var/log/app.log", "pipe:[4026]",
                                         "socket:[77]"};
    out->path = kPaths[fd];
    out->id = internal::FileIdentity{static_cast<uint64_t>(100 + fd), 0x800001};
    out->flags = fd == 1 ? 02001 : 02;
    out->flags_known = true;
    return true;
  }
  bool ReadCwd(uint32_t pid, std::string* out) override {
    if (!Exists(pid)) return false;
    *out = "/home/p" + std::to_string(pid);
    return true;
  }
  bool ListFds(uint32_t pid, std::vector<int32_t>* out) override {
    out->clear();
    if (!Exists(pid)) return false;
    *out = {0, 1, 2, 3};
    return true;
  }

 private:
  static bool Exists(uint32_t pid) { return pid >= 1 && pid <= 7; }
};

inline bool FakeComm(uint32_t pid, uint32_t tid, internal::Comm* out) {
  if (pid == 0 || pid > 7) return false;
  std::snprintf(out->data(), out->size(), "task%u", tid % 1000);
  return true;
}

}  // namespace ior::fuzz

#endif  // IOR_TESTS_FUZZ_FUZZ_FAKES_H_
