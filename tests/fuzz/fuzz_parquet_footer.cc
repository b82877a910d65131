// The Parquet footer reader (lib/parquet/footer_reader.cc) and the statistics read back from
// the footer's metadata (lib/parquet_info.cc). Each input is tried as a whole file (through
// ReadParquetInfo, from a memfd) and as a bare Thrift FileMetaData (DecodeFooter), and what
// either accepts goes through RecordedStats.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ior/parquet.h"
#include "parquet/footer_reader.h"

namespace {

void Stats(const ior::ParquetFileInfo& info) {
  absl::StatusOr<ior::SessionStats> stats = ior::RecordedStats(info);
  if (stats.ok()) {
    // Percentiles of any histogram the file claims, as `ior report` would print them.
    for (const ior::SyscallStats& s : stats->syscalls) {
      for (double q : {0.0, 0.5, 0.99, 1.0}) (void)s.Percentile(q);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("fuzz.parquet", MFD_CLOEXEC);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
    __builtin_trap();  // the harness itself failed
  }
  absl::StatusOr<ior::ParquetFileInfo> info = ior::ReadParquetInfo(path);
  if (info.ok()) Stats(*info);

  absl::StatusOr<ior::internal::parquet::FooterInfo> footer = ior::internal::parquet::DecodeFooter(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (footer.ok()) {
    ior::ParquetFileInfo bare;
    bare.num_rows = footer->num_rows;
    bare.row_groups = footer->row_groups;
    bare.columns = std::move(footer->columns);
    bare.metadata = std::move(footer->key_value);
    Stats(bare);
  }
  return 0;
}
