// What the file tracker asks /proc about a process: the file behind one of its descriptors
// and its working directory. An interface, so tests can answer without real processes.
#ifndef IOR_LIB_PROC_FS_H_
#define IOR_LIB_PROC_FS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "proc_net.h"

namespace ior::internal {

// Which file a descriptor refers to: inode number and device. The device uses the kernel's
// internal encoding (MAJOR << 20 | MINOR, i.e. super_block::s_dev), which is what the kernel
// side reads; 0 means "not known" (identities then compare by inode only).
struct FileIdentity {
  uint64_t ino = 0;
  uint32_t dev = 0;
  bool known() const { return ino != 0; }
};

// True if `a` and `b` are known and name the same file (devices compared when both known).
inline bool SameFile(const FileIdentity& a, const FileIdentity& b) {
  return a.known() && a.ino == b.ino && (a.dev == 0 || b.dev == 0 || a.dev == b.dev);
}

// One descriptor as /proc shows it.
struct ProcFd {
  std::string path;          // readlink /proc/<pid>/fd/<fd>: "/etc/passwd", "pipe:[123]", ...
  FileIdentity id;           // stat of /proc/<pid>/fd/<fd> (unknown if it failed)
  uint32_t flags = 0;        // "flags:" of /proc/<pid>/fdinfo/<fd> (includes O_CLOEXEC)
  bool flags_known = false;  // fdinfo was readable
};

class ProcFs {
 public:
  virtual ~ProcFs() = default;
  // Descriptor `fd` of process `pid`; false if the link cannot be read (process or
  // descriptor gone).
  virtual bool ReadFd(uint32_t pid, int32_t fd, ProcFd* out) = 0;
  // readlink /proc/<pid>/cwd; false if it cannot be read.
  virtual bool ReadCwd(uint32_t pid, std::string* out) = 0;
  // The sockets of `pid`'s network namespace named by their endpoints (/proc/<pid>/net);
  // false if nothing could be read.
  virtual bool ReadSocketNames(uint32_t pid, SocketNames* out) {
    (void)pid;
    (void)out;
    return false;
  }
  // The open descriptors of `pid`; false if they cannot be listed.
  virtual bool ListFds(uint32_t pid, std::vector<int32_t>* out) {
    (void)pid;
    out->clear();
    return false;
  }
};

// The real /proc (or another mount of procfs at `root`).
class RealProcFs : public ProcFs {
 public:
  explicit RealProcFs(std::string root = "/proc") : root_(std::move(root)) {}
  bool ReadFd(uint32_t pid, int32_t fd, ProcFd* out) override;
  bool ReadCwd(uint32_t pid, std::string* out) override;
  bool ListFds(uint32_t pid, std::vector<int32_t>* out) override;
  bool ReadSocketNames(uint32_t pid, SocketNames* out) override;

 private:
  std::string root_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_PROC_FS_H_
