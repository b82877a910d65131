#include "proc_list.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace ior::dashboard {
namespace {

// Reads at most `max` bytes of a small /proc file; false if it cannot be opened.
bool ReadSmallFile(const std::string& path, size_t max, std::string& out) {
  out.clear();
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[4096];
  while (out.size() < max) {
    const ssize_t n = read(fd, buf, std::min(sizeof(buf), max - out.size()));
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

std::vector<pid_t> NumericEntries(const std::string& dir) {
  std::vector<pid_t> ids;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return ids;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    const long id = std::strtol(e->d_name, &end, 10);
    if (end != e->d_name && *end == '\0' && id > 0) ids.push_back(static_cast<pid_t>(id));
  }
  closedir(d);
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool ReadInfo(const std::string& base, pid_t id, bool cmdline, ProcInfo& info) {
  info.pid = id;
  if (!ReadSmallFile(base + "/comm", 64, info.comm)) return false;
  if (!info.comm.empty() && info.comm.back() == '\n') info.comm.pop_back();
  info.cmdline.clear();
  if (cmdline && ReadSmallFile(base + "/cmdline", 512, info.cmdline)) {
    while (!info.cmdline.empty() && info.cmdline.back() == '\0') info.cmdline.pop_back();
    std::replace(info.cmdline.begin(), info.cmdline.end(), '\0', ' ');
  }
  return true;
}

}  // namespace

std::vector<ProcInfo> ListProcesses() {
  std::vector<ProcInfo> out;
  for (pid_t pid : NumericEntries("/proc")) {
    ProcInfo info;
    if (ReadInfo("/proc/" + std::to_string(pid), pid, true, info)) out.push_back(std::move(info));
  }
  return out;
}

std::vector<ProcInfo> ListThreads(pid_t pid) {
  std::vector<ProcInfo> out;
  const std::string task = "/proc/" + std::to_string(pid) + "/task";
  for (pid_t tid : NumericEntries(task)) {
    ProcInfo info;
    if (ReadInfo(task + "/" + std::to_string(tid), tid, false, info))
      out.push_back(std::move(info));
  }
  return out;
}

}  // namespace ior::dashboard
