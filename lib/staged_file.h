// An output file written under a temporary name next to its final one and published by a rename:
// a reader never sees half a file, and a run that dies leaves nothing under the final name.
// Shared by every sink that writes a file (Parquet, trace JSON, flame recordings).
#ifndef IOR_LIB_STAGED_FILE_H_
#define IOR_LIB_STAGED_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ior::internal {

class StagedFile {
 public:
  // Creates `<path>.XXXXXX.tmp` (mode 0644; the random part lets two runs aim at one name).
  // Without `overwrite`, an existing `path` is refused at once (AlreadyExists), so a user learns
  // before the run, not after it.
  static absl::StatusOr<StagedFile> Create(const std::string& path, bool overwrite);

  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  ~StagedFile();  // removes the temporary file unless it was published

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

  // Writes all of `data` at the file's current end (retrying short writes and EINTR). On failure
  // the temporary file is removed.
  absl::Status WriteAll(std::string_view data);

  // Makes the bytes durable and closes the descriptor (a FILE* made over a dup() of fd() must be
  // closed before). Publishes under path() (replacing it only with `overwrite`). On any failure
  // the temporary file is removed.
  absl::Status Publish();

  // Publish() for callers that pick the name: after Finish(), PublishAs() tries one name;
  // AlreadyExists leaves the temporary file in place for the next name, any other failure
  // removes it.
  absl::Status Finish();
  absl::Status PublishAs(const std::string& target, bool overwrite);

  // Gives up: closes and removes the temporary file.
  void Abandon();

 private:
  StagedFile(std::string path, std::string temp_path, int fd, bool overwrite);

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool overwrite_ = false;
  bool done_ = false;  // published or abandoned
};

}  // namespace ior::internal

#endif  // IOR_LIB_STAGED_FILE_H_
