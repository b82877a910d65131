#include "staged_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ior/error.h"

namespace ior::internal {

absl::StatusOr<StagedFile> StagedFile::Create(const std::string& path, bool overwrite) {
  if (path.empty()) return absl::InvalidArgumentError("the output path is empty");
  struct stat st {};
  if (!overwrite && ::stat(path.c_str(), &st) == 0) {
    return absl::AlreadyExistsError(absl::StrCat(path, " exists (and overwrite is off)"));
  }
  std::string temp = path + ".XXXXXX.tmp";
  const int fd = ::mkostemps(temp.data(), 4, O_CLOEXEC);
  if (fd < 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot create a file next to ", path));
  }
  ::fchmod(fd, 0644);  // mkstemps makes 0600; outputs are read by other users' tools
  return StagedFile(path, std::move(temp), fd, overwrite);
}

StagedFile::StagedFile(std::string path, std::string temp_path, int fd, bool overwrite)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd), overwrite_(overwrite) {}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(std::exchange(other.fd_, -1)),
      overwrite_(other.overwrite_),
      done_(std::exchange(other.done_, true)) {}

StagedFile::~StagedFile() { Abandon(); }

void StagedFile::Abandon() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!done_) ::unlink(temp_path_.c_str());
  done_ = true;
}

absl::Status StagedFile::WriteAll(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      Abandon();
      return ErrnoStatus(err, absl::StrCat("cannot write ", temp_path_));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status StagedFile::Finish() {
  if (fd_ < 0) return absl::OkStatus();
  if (::fdatasync(fd_) != 0) {
    const int err = errno;
    Abandon();
    return ErrnoStatus(err, absl::StrCat("cannot write ", temp_path_));
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    const int err = errno;
    Abandon();
    return ErrnoStatus(err, absl::StrCat("cannot write ", temp_path_));
  }
  return absl::OkStatus();
}

absl::Status StagedFile::PublishAs(const std::string& target, bool overwrite) {
  if (done_) return absl::FailedPreconditionError("the output file was already published");
  int rc;
  if (overwrite) {
    rc = ::rename(temp_path_.c_str(), target.c_str());
  } else {
    // renameat2(RENAME_NOREPLACE) refuses a taken name atomically; where the filesystem lacks
    // it, link()+unlink() does the same.
    rc = ::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      rc = ::link(temp_path_.c_str(), target.c_str());
      if (rc == 0) ::unlink(temp_path_.c_str());
    }
  }
  if (rc == 0) {
    done_ = true;
    return absl::OkStatus();
  }
  const int err = errno;
  if (err == EEXIST) return absl::AlreadyExistsError(absl::StrCat(target, " exists"));
  Abandon();
  return ErrnoStatus(err, absl::StrCat("cannot publish ", target));
}

absl::Status StagedFile::Publish() {
  if (absl::Status s = Finish(); !s.ok()) return s;
  absl::Status s = PublishAs(path_, overwrite_);
  if (!s.ok()) Abandon();
  return s;
}

}  // namespace ior::internal
