#include "ior/task_watch.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace ior {
namespace {

struct StatLine {
  char state = '?';
  uint64_t start_time = 0;
};

// Reads the state (field 3) and start time (field 22) of /proc/<id>/stat.
std::optional<StatLine> ReadStat(pid_t id) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/stat", static_cast<int>(id));
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[1024];
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  // comm (field 2) may hold spaces and parentheses: the fields go on after the last ')'.
  char* p = std::strrchr(buf, ')');
  if (p == nullptr) return std::nullopt;
  StatLine line;
  int field = 2;
  for (char* tok = std::strtok(p + 1, " \n"); tok != nullptr; tok = std::strtok(nullptr, " \n")) {
    ++field;
    if (field == 3) line.state = tok[0];
    if (field == 22) {
      line.start_time = std::strtoull(tok, nullptr, 10);
      return line;
    }
  }
  return std::nullopt;
}

// True if the thread group `id` has a thread other than its (exited) leader.
bool HasOtherThreads(pid_t id) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/task", static_cast<int>(id));
  DIR* dir = opendir(path);
  if (dir == nullptr) return false;
  bool other = false;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    if (std::strtol(e->d_name, nullptr, 10) != id) {
      other = true;
      break;
    }
  }
  closedir(dir);
  return other;
}

}  // namespace

std::optional<pid_t> ThreadGroupOf(pid_t id) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/status", static_cast<int>(id));
  std::FILE* f = std::fopen(path, "re");
  if (f == nullptr) return std::nullopt;
  std::optional<pid_t> tgid;
  char line[256];
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    if (std::strncmp(line, "Tgid:", 5) == 0) {
      tgid = static_cast<pid_t>(std::strtol(line + 5, nullptr, 10));
      break;
    }
  }
  std::fclose(f);
  return tgid;
}

std::optional<TaskWatch> TaskWatch::Open(pid_t id, bool thread) {
  std::optional<StatLine> stat = ReadStat(id);
  if (!stat) return std::nullopt;
  TaskWatch watch(id, thread, stat->start_time);
  if (!watch.Alive()) return std::nullopt;
  return watch;
}

bool TaskWatch::Alive() const {
  std::optional<StatLine> stat = ReadStat(id_);
  if (!stat || stat->start_time != start_time_) return false;
  if (stat->state == 'Z' || stat->state == 'X') return !thread_ && HasOtherThreads(id_);
  return true;
}

}  // namespace ior
