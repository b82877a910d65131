#include "parquet/file_writer.h"

#include <unistd.h>

#include <cerrno>
#include <utility>

#include "ior/error.h"

namespace ior::internal::parquet {

FileWriter::FileWriter(int fd, std::vector<ColumnSchema> schema, const Options& options)
    : fd_(fd), options_(options), compressor_(options.codec, options.zstd_level) {
  columns_.reserve(schema.size());
  for (const ColumnSchema& c : schema) columns_.emplace_back(c, options_.column, &compressor_);
  meta_.schema = std::move(schema);
  meta_.created_by = options_.created_by;
}

absl::StatusOr<std::unique_ptr<FileWriter>> FileWriter::Open(int fd,
                                                             std::vector<ColumnSchema> schema,
                                                             const Options& options) {
  if (schema.empty()) return absl::InvalidArgumentError("a Parquet schema needs a column");
  if (options.row_group_rows == 0) {
    return absl::InvalidArgumentError("row_group_rows must be positive");
  }
  std::unique_ptr<FileWriter> writer(new FileWriter(fd, std::move(schema), options));
  if (absl::Status s = writer->Write(kMagic); !s.ok()) return s;
  return writer;
}

absl::Status FileWriter::Write(std::string_view bytes) {
  if (!status_.ok()) return status_;
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      status_ = ErrnoStatus(errno, "cannot write the Parquet file");
      return status_;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    offset_ += n;
  }
  return status_;
}

size_t FileWriter::BufferedBytes() const {
  size_t total = 0;
  for (const ColumnWriter& c : columns_) total += c.BufferedBytes();
  return total;
}

absl::Status FileWriter::FlushRowGroup() {
  if (!status_.ok() || rows_in_group_ == 0) return status_;
  RowGroupMeta group;
  group.num_rows = static_cast<int64_t>(rows_in_group_);
  group.file_offset = offset_;
  group.columns.resize(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    ColumnWriter& column = columns_[i];
    if (!column.FinishChunk(offset_, &group.columns[i])) {
      status_ = absl::InternalError("cannot compress a Parquet page");
      return status_;
    }
    if (absl::Status s = Write(column.dictionary_page()); !s.ok()) return s;
    if (absl::Status s = Write(column.data_pages()); !s.ok()) return s;
    column.ResetChunk();
  }
  meta_.row_groups.push_back(std::move(group));
  rows_written_ += static_cast<int64_t>(rows_in_group_);
  rows_in_group_ = 0;
  return status_;
}

absl::Status FileWriter::Finish(const std::vector<KeyValue>& key_value_metadata) {
  if (finished_) return absl::FailedPreconditionError("the Parquet file is already finished");
  if (absl::Status s = FlushRowGroup(); !s.ok()) return s;
  finished_ = true;
  meta_.num_rows = rows_written_;
  meta_.key_value_metadata = key_value_metadata;
  std::string footer;
  EncodeFileMeta(meta_, &footer);
  const uint32_t length = static_cast<uint32_t>(footer.size());
  const char tail[4] = {static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
                        static_cast<char>((length >> 16) & 0xff),
                        static_cast<char>((length >> 24) & 0xff)};
  footer.append(tail, 4);
  footer.append(kMagic);
  return Write(footer);
}

}  // namespace ior::internal::parquet
