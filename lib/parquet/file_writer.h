// A streaming Parquet file writer for flat schemas of required columns.
//
//   FileWriter::Options options;
//   auto writer = FileWriter::Open(fd, {{"n", PhysicalType::kInt64, LogicalKind::kUInt64}},
//                                  options);
//   (*writer)->column(0).AddInt64(42);   // one value in every column, then
//   (*writer)->EndRow();                  // (which may write a row group)
//   (*writer)->Finish({{"key", "value"}});
//
// Layout: "PAR1", the row groups (for each column its chunk: dictionary page, data pages),
// the FileMetaData in Thrift compact encoding, its length (4 bytes, little-endian), "PAR1".
// Memory is bounded by the row group: it is written when it has Options::row_group_rows rows
// or holds about Options::row_group_bytes; only its footer description (a few hundred bytes
// per column) stays until Finish().
#ifndef IOR_LIB_PARQUET_FILE_WRITER_H_
#define IOR_LIB_PARQUET_FILE_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "parquet/column_writer.h"
#include "parquet/metadata.h"
#include "parquet/page_compressor.h"

namespace ior::internal::parquet {

inline constexpr std::string_view kMagic = "PAR1";

// Not thread-safe. The file descriptor is borrowed: the caller closes it (after Finish()).
// Errors (a failed write, a failed compression) are sticky: status() keeps the first, and
// every later call returns it without writing.
class FileWriter {
 public:
  struct Options {
    size_t row_group_rows = size_t{1} << 20;
    size_t row_group_bytes = size_t{64} << 20;
    ColumnWriterOptions column;
    Codec codec = Codec::kZstd;
    int zstd_level = 1;
    std::string created_by = "libior";
  };

  // Writes the leading magic to `fd` (positioned at the start of an empty file).
  static absl::StatusOr<std::unique_ptr<FileWriter>> Open(int fd, std::vector<ColumnSchema> schema,
                                                          const Options& options);

  ColumnWriter& column(size_t i) { return columns_[i]; }
  size_t column_count() const { return columns_.size(); }

  // Ends a row (every column got one value since the previous EndRow()). Writes the row group
  // when it is full.
  absl::Status EndRow() { return EndRows(1); }
  // Ends `n` rows (every column got `n` values), at most rows_left_in_group(). Writes the row
  // group when it is full: at row_group_rows, or when it holds row_group_bytes (looked at every
  // 1024 rows: summing the columns' buffers is not free).
  absl::Status EndRows(size_t n) {
    const size_t before = rows_in_group_;
    rows_in_group_ += n;
    if (rows_in_group_ >= options_.row_group_rows ||
        ((before >> 10) != (rows_in_group_ >> 10) && BufferedBytes() >= options_.row_group_bytes)) {
      return FlushRowGroup();
    }
    return status_;
  }
  // Rows that still fit in the current row group (at least 1).
  size_t rows_left_in_group() const { return options_.row_group_rows - rows_in_group_; }

  // Writes the buffered rows as one row group (nothing if there are none).
  absl::Status FlushRowGroup();

  // Flushes the last row group and writes the footer. The writer accepts nothing after it.
  absl::Status Finish(const std::vector<KeyValue>& key_value_metadata);

  size_t BufferedBytes() const;
  int64_t rows_written() const { return rows_written_; }  // in finished row groups
  int64_t bytes_written() const { return offset_; }
  size_t row_groups() const { return meta_.row_groups.size(); }
  const absl::Status& status() const { return status_; }

 private:
  FileWriter(int fd, std::vector<ColumnSchema> schema, const Options& options);
  absl::Status Write(std::string_view bytes);

  int fd_;
  Options options_;
  PageCompressor compressor_;
  std::vector<ColumnWriter> columns_;
  FileMeta meta_;
  size_t rows_in_group_ = 0;
  int64_t rows_written_ = 0;
  int64_t offset_ = 0;
  bool finished_ = false;
  absl::Status status_;
};

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_FILE_WRITER_H_
