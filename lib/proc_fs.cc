#include "proc_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ior::internal {
namespace {

bool ReadLink(const std::string& path, std::string* out) {
  char buf[PATH_MAX + 1];
  ssize_t n = readlink(path.c_str(), buf, sizeof(buf));
  if (n <= 0) return false;
  out->assign(buf, static_cast<size_t>(std::min<ssize_t>(n, PATH_MAX)));
  return true;
}

// The octal "flags:" line of an fdinfo file.
bool ReadFdInfoFlags(const std::string& path, uint32_t* flags) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[512];
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  std::string_view text(buf, static_cast<size_t>(n));
  constexpr std::string_view kKey = "flags:";
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (line.substr(0, kKey.size()) == kKey) {
      char* stop = nullptr;
      unsigned long v = std::strtoul(buf + at + kKey.size(), &stop, 8);
      if (stop == buf + at + kKey.size()) return false;
      *flags = static_cast<uint32_t>(v);
      return true;
    }
    at = end + 1;
  }
  return false;
}

}  // namespace

bool RealProcFs::ReadFd(uint32_t pid, int32_t fd, ProcFd* out) {
  if (fd < 0) return false;
  std::string link = absl::StrCat(root_, "/", pid, "/fd/", fd);
  if (!ReadLink(link, &out->path)) return false;
  struct stat st;
  if (stat(link.c_str(), &st) == 0) {
    out->id.ino = st.st_ino;
    // The kernel's internal dev_t encoding, as the kernel side reports it.
    out->id.dev = (static_cast<uint32_t>(major(st.st_dev)) << 20) |
                  (static_cast<uint32_t>(minor(st.st_dev)) & 0xfffff);
  } else {
    out->id = FileIdentity{};
  }
  out->flags_known = ReadFdInfoFlags(absl::StrCat(root_, "/", pid, "/fdinfo/", fd), &out->flags);
  if (!out->flags_known) out->flags = 0;
  return true;
}

bool RealProcFs::ReadSocketNames(uint32_t pid, SocketNames* out) {
  const size_t before = out->size();
  ReadProcNet(absl::StrCat(root_, "/", pid, "/net"), out);
  return out->size() > before;
}

bool RealProcFs::ReadCwd(uint32_t pid, std::string* out) {
  return ReadLink(absl::StrCat(root_, "/", pid, "/cwd"), out);
}

bool RealProcFs::ListFds(uint32_t pid, std::vector<int32_t>* out) {
  out->clear();
  DIR* dir = opendir(absl::StrCat(root_, "/", pid, "/fd").c_str());
  if (dir == nullptr) return false;
  while (const dirent* d = readdir(dir)) {
    int32_t fd = 0;
    if (absl::SimpleAtoi(d->d_name, &fd) && fd >= 0) out->push_back(fd);
  }
  closedir(dir);
  return true;
}

}  // namespace ior::internal
