// Recordings as files: reading one, naming one, publishing one atomically without overwriting.
// The bytes are made and parsed in flame_recording.cc.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/error.h"
#include "ior/flame_recording.h"
#include "staged_file.h"

namespace ior {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }
std::string S(std::string_view v) { return std::string(v); }

}  // namespace

absl::StatusOr<Recording> ReadRecording(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    const std::string msg = absl::StrCat("cannot open ", path, ": ", ErrnoText(err));
    return err == ENOENT   ? absl::NotFoundError(msg)
           : err == EACCES ? absl::PermissionDeniedError(msg)
                           : absl::InvalidArgumentError(msg);
  }
  std::string bytes;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      return absl::InvalidArgumentError(absl::StrCat("cannot read ", path, ": ", ErrnoText(err)));
    }
    if (n == 0) break;
    bytes.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return ParseRecording(bytes, path);
}

std::string RecordingFileName(const RecordingInfo& info) {
  const time_t t = static_cast<time_t>(info.start_unix_ns / 1000000000);
  struct tm tm = {};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%d_%H:%M:%S", &tm);
  return absl::StrCat(info.host, "-", info.name, "-", stamp, S(kRecordingSuffix));
}

absl::Status ValidateRecordingName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("the recording name must not be empty");
  if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the recording name '", S(name),
        "' must be a base name without '/': recordings are written to the working directory"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> PublishRecording(const std::string& dir, const RecordingInfo& info,
                                             const FlameAggregator& flame) {
  if (absl::Status s = ValidateRecordingName(info.name); !s.ok()) return s;
  absl::StatusOr<std::string> bytes = SerializeRecording(info, flame);
  if (!bytes.ok()) return bytes.status();

  const std::string base = absl::StrCat(dir.empty() ? "." : dir, "/", RecordingFileName(info));
  absl::StatusOr<internal::StagedFile> staged = internal::StagedFile::Create(base, true);
  if (!staged.ok()) return staged.status();
  if (absl::Status s = staged->WriteAll(*bytes); !s.ok()) return s;
  if (absl::Status s = staged->Finish(); !s.ok()) return s;
  // Never overwrite: a taken name gets the next -N suffix.
  const std::string stem = base.substr(0, base.size() - kRecordingSuffix.size());
  for (int i = 0; i < 10000; ++i) {
    const std::string target = i == 0 ? base : absl::StrCat(stem, "-", i, S(kRecordingSuffix));
    absl::Status s = staged->PublishAs(target, /*overwrite=*/false);
    if (s.ok()) return target;
    if (!absl::IsAlreadyExists(s)) return s;
  }
  return absl::AlreadyExistsError(absl::StrCat("every name like ", base, "-N is taken"));
}

}  // namespace ior
