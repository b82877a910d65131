#include "ior/file_label.h"

#include "absl/strings/str_cat.h"

namespace ior {

std::string_view FileLabel(const EventBatch& batch, const Event& event, std::string* scratch) {
  if (event.old_file_ref != 0) {
    scratch->assign(batch.OldFile(event)).append(" -> ").append(batch.File(event));
    return *scratch;
  }
  if (event.file_ref != 0) return batch.File(event);
  if (static_cast<FileStatus>(event.file_status) == FileStatus::kIdentity && event.file_ino != 0) {
    *scratch = absl::StrCat("E:ino:", event.file_ino);
    return *scratch;
  }
  return std::string_view();
}

}  // namespace ior
