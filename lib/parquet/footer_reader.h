// Reads the footer (FileMetaData) of a Parquet file: the row count, the row groups, the column
// names and the key-value metadata. Enough to describe a file without reading its pages.
#ifndef IOR_LIB_PARQUET_FOOTER_READER_H_
#define IOR_LIB_PARQUET_FOOTER_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace ior::internal::parquet {

struct FooterInfo {
  int64_t num_rows = 0;
  size_t row_groups = 0;
  std::vector<std::string> columns;  // leaf names, in schema order
  std::vector<std::pair<std::string, std::string>> key_value;
  std::string created_by;
};

// Decodes a FileMetaData struct (Thrift compact). InvalidArgument if it is malformed.
absl::StatusOr<FooterInfo> DecodeFooter(std::string_view footer);

// Opens `path`, checks the magic at both ends and decodes the footer. Errors: the errno of
// reading, InvalidArgument for a file that is not Parquet (or is truncated).
absl::StatusOr<FooterInfo> ReadFooter(const std::string& path);

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_FOOTER_READER_H_
