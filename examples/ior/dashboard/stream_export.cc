#include "stream_export.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "filter.h"
#include "ior/escape.h"
#include "ior/event.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior::dashboard {
namespace {

void AppendQuoted(std::string_view raw, std::string* out) {
  const std::string text = ior::EscapeText(raw);
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string_view CommOf(const StreamRow& row) {
  return std::string_view(row.comm, strnlen(row.comm, kCommLength));
}

absl::Status ErrnoStatus(const std::string& what) {
  return absl::UnknownError(what + ": " + std::strerror(errno));
}

}  // namespace

void AppendStreamCsv(const StreamRow& row, std::string* out) {
  const bool returns = (row.flags & kEventNoReturn) == 0;
  auto num = [out](auto v) {
    out->append(std::to_string(v));
    out->push_back(',');
  };
  num(row.seq);
  num(row.enter_ns);
  num(row.gap_ns);
  num(row.latency_ns);
  AppendQuoted(CommOf(row), out);
  out->push_back(',');
  num(row.pid);
  num(row.tid);
  AppendQuoted(SyscallName(row.nr), out);
  out->push_back(',');
  if (row.fd >= 0) out->append(std::to_string(row.fd));
  out->push_back(',');
  if (returns) out->append(std::to_string(row.ret));
  out->push_back(',');
  num(row.bytes);
  AppendQuoted(row.file, out);
  out->push_back(',');
  out->push_back(returns && IsErrorReturn(row.ret) ? '1' : '0');
  out->push_back(',');
  if (row.family < kFamilyCount) out->append(FamilyName(static_cast<Family>(row.family)));
  out->push_back('\n');
}

std::string StreamRowText(const StreamRow& row) {
  std::string text(CommOf(row));
  text.append(" ").append(std::to_string(row.pid));
  text.append(" ").append(std::to_string(row.tid));
  text.append(" ").append(SyscallName(row.nr));
  if (row.fd >= 0) text.append(" ").append(std::to_string(row.fd));
  if ((row.flags & kEventNoReturn) == 0) text.append(" ").append(std::to_string(row.ret));
  text.append(" ").append(std::to_string(row.bytes));
  text.append(" ").append(row.file);
  return text;
}

absl::StatusOr<std::string> ExportStreamCsv(const std::vector<StreamRow>& rows,
                                            const std::string& dir) {
  const time_t now = time(nullptr);
  struct tm tm_now = {};
  localtime_r(&now, &tm_now);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm_now);
  std::string path;
  int fd = -1;
  for (int n = 0; fd < 0; ++n) {
    path = dir + "/ior-stream-" + stamp;
    if (n > 0) path.append("-").append(std::to_string(n));
    path += ".csv";
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && (errno != EEXIST || n >= 100)) return ErrnoStatus("cannot create " + path);
  }
  std::string text(kStreamCsvHeader);
  text.push_back('\n');
  for (const StreamRow& row : rows) AppendStreamCsv(row, &text);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t w = write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      absl::Status s = ErrnoStatus("cannot write " + path);
      close(fd);
      return s;
    }
    done += static_cast<size_t>(w);
  }
  if (close(fd) != 0) return ErrnoStatus("cannot write " + path);
  char real[PATH_MAX];
  if (realpath(path.c_str(), real) != nullptr) path = real;
  return path;
}

}  // namespace ior::dashboard
