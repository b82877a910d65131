// The Parquet metadata this writer produces (parquet.thrift, the subset it needs), and its
// Thrift compact encoding: page headers and the footer's FileMetaData.
#ifndef IOR_LIB_PARQUET_METADATA_H_
#define IOR_LIB_PARQUET_METADATA_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ior::internal::parquet {

// parquet.thrift `Type`: physical types.
enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kByteArray = 6,
};

// parquet.thrift `Encoding`.
enum class Encoding : int32_t {
  kPlain = 0,
  kRle = 3,
  kDeltaBinaryPacked = 5,
  kRleDictionary = 8,
};

// parquet.thrift `CompressionCodec`.
enum class Codec : int32_t {
  kUncompressed = 0,
  kZstd = 6,
};

// parquet.thrift `PageType`.
enum class PageType : int32_t {
  kDataPage = 0,
  kDictionaryPage = 2,
};

// How a column's values are to be read: the logical type (and the legacy converted type the
// writer sets along with it, for older readers).
enum class LogicalKind {
  kNone,    // the physical type as is (signed INT32/INT64, BOOLEAN)
  kString,  // BYTE_ARRAY: STRING (UTF8)
  kUInt8,   // INT32: INTEGER(8, false)
  kUInt16,  // INT32: INTEGER(16, false)
  kUInt32,  // INT32: INTEGER(32, false)
  kUInt64,  // INT64: INTEGER(64, false)
};

// One leaf column of a flat schema of required columns.
struct ColumnSchema {
  std::string name;
  PhysicalType type;
  LogicalKind logical = LogicalKind::kNone;
  // INT32/INT64 only: kDeltaBinaryPacked or kPlain (better for values that jump about but
  // repeat, such as inode numbers, which zstd finds again where deltas would not repeat).
  Encoding integer_encoding = Encoding::kDeltaBinaryPacked;
};

// What the footer records about one column chunk.
struct ColumnChunkMeta {
  PhysicalType type = PhysicalType::kInt64;
  std::vector<Encoding> encodings;
  std::string path;  // the column's name (flat schema)
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;  // pages with their headers
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  int64_t dictionary_page_offset = -1;  // -1: no dictionary page
  // Statistics: the chunk's smallest and largest value, PLAIN-encoded (little-endian numbers,
  // raw string bytes), in the column's type-defined order (unsigned for the unsigned logical
  // types and for strings). Absent when !has_statistics. Columns are required: no nulls.
  bool has_statistics = false;
  std::string min_value;
  std::string max_value;
};

struct RowGroupMeta {
  std::vector<ColumnChunkMeta> columns;
  int64_t num_rows = 0;
  int64_t file_offset = 0;  // where its first column chunk starts
};

using KeyValue = std::pair<std::string, std::string>;

struct FileMeta {
  std::vector<ColumnSchema> schema;  // leaf columns; the root element is implied
  int64_t num_rows = 0;
  std::vector<RowGroupMeta> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::string created_by;
};

// Appends the PageHeader of a data page (v1; required columns, so no levels) to `out`.
void EncodeDataPageHeader(int32_t uncompressed_size, int32_t compressed_size, int32_t num_values,
                          Encoding encoding, std::string* out);

// Appends the PageHeader of a dictionary page (PLAIN entries) to `out`.
void EncodeDictionaryPageHeader(int32_t uncompressed_size, int32_t compressed_size,
                                int32_t num_values, std::string* out);

// Appends the FileMetaData struct (format version 1: data pages v1) to `out`.
void EncodeFileMeta(const FileMeta& meta, std::string* out);

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_METADATA_H_
