#include "parquet/metadata.h"

#include "parquet/thrift_compact.h"

namespace ior::internal::parquet {
namespace {

// Field ids of parquet.thrift, named where they are used.
// SchemaElement
constexpr int16_t kSchemaType = 1;
constexpr int16_t kSchemaRepetition = 3;
constexpr int16_t kSchemaName = 4;
constexpr int16_t kSchemaNumChildren = 5;
constexpr int16_t kSchemaConvertedType = 6;
constexpr int16_t kSchemaLogicalType = 10;
// LogicalType (a union)
constexpr int16_t kLogicalString = 1;
constexpr int16_t kLogicalInteger = 10;
// ConvertedType values
constexpr int32_t kConvertedUtf8 = 0;
constexpr int32_t kConvertedUInt8 = 11;  // UINT_16, UINT_32, UINT_64 follow
// FieldRepetitionType
constexpr int32_t kRequired = 0;

void EncodeSchemaElement(const ColumnSchema& column, ThriftCompactWriter& w) {
  w.BeginStruct();
  w.FieldI32(kSchemaType, static_cast<int32_t>(column.type));
  w.FieldI32(kSchemaRepetition, kRequired);
  w.FieldBinary(kSchemaName, column.name);
  // Unsigned integers: the legacy ConvertedType (UINT_8..UINT_64 are consecutive) for old
  // readers, and the LogicalType INTEGER(bits, unsigned) for new ones.
  struct Unsigned {
    LogicalKind kind;
    int8_t bits;
  };
  constexpr Unsigned kUnsigned[] = {{LogicalKind::kUInt8, 8},
                                    {LogicalKind::kUInt16, 16},
                                    {LogicalKind::kUInt32, 32},
                                    {LogicalKind::kUInt64, 64}};
  int32_t converted = kConvertedUInt8;
  int8_t bits = 0;
  for (const Unsigned& u : kUnsigned) {
    if (u.kind == column.logical) {
      bits = u.bits;
      break;
    }
    ++converted;
  }
  if (column.logical == LogicalKind::kString) {
    w.FieldI32(kSchemaConvertedType, kConvertedUtf8);
    w.BeginStructField(kSchemaLogicalType);
    w.BeginStructField(kLogicalString);  // StringType {}
    w.EndStruct();
    w.EndStruct();
  } else if (bits != 0) {
    w.FieldI32(kSchemaConvertedType, converted);
    w.BeginStructField(kSchemaLogicalType);
    w.BeginStructField(kLogicalInteger);  // IntType {1: bitWidth, 2: isSigned}
    w.FieldI8(1, bits);
    w.FieldBool(2, false);
    w.EndStruct();
    w.EndStruct();
  }
  w.EndStruct();
}

void EncodeColumnMeta(const ColumnChunkMeta& c, ThriftCompactWriter& w) {
  w.FieldI32(1, static_cast<int32_t>(c.type));
  w.FieldListHeader(2, ThriftType::kI32, c.encodings.size());
  for (Encoding e : c.encodings) w.ListI32(static_cast<int32_t>(e));
  w.FieldListHeader(3, ThriftType::kBinary, 1);
  w.ListBinary(c.path);
  w.FieldI32(4, static_cast<int32_t>(c.codec));
  w.FieldI64(5, c.num_values);
  w.FieldI64(6, c.total_uncompressed_size);
  w.FieldI64(7, c.total_compressed_size);
  w.FieldI64(9, c.data_page_offset);
  if (c.dictionary_page_offset >= 0) w.FieldI64(11, c.dictionary_page_offset);
  if (c.has_statistics) {
    w.BeginStructField(12);  // Statistics
    w.FieldI64(3, 0);        // null_count: every column is required
    w.FieldBinary(5, c.max_value);
    w.FieldBinary(6, c.min_value);
    w.EndStruct();
  }
}

void EncodeRowGroup(const RowGroupMeta& rg, ThriftCompactWriter& w) {
  w.BeginStruct();
  int64_t uncompressed = 0;
  int64_t compressed = 0;
  w.FieldListHeader(1, ThriftType::kStruct, rg.columns.size());
  for (const ColumnChunkMeta& c : rg.columns) {
    uncompressed += c.total_uncompressed_size;
    compressed += c.total_compressed_size;
    w.BeginStruct();  // ColumnChunk
    // file_offset: where the chunk starts (the column metadata lives only in the footer).
    w.FieldI64(2, c.dictionary_page_offset >= 0 ? c.dictionary_page_offset : c.data_page_offset);
    w.BeginStructField(3);  // meta_data
    EncodeColumnMeta(c, w);
    w.EndStruct();
    w.EndStruct();
  }
  w.FieldI64(2, uncompressed);  // total_byte_size
  w.FieldI64(3, rg.num_rows);
  w.FieldI64(5, rg.file_offset);
  w.FieldI64(6, compressed);  // total_compressed_size
  w.EndStruct();
}

}  // namespace

void EncodeDataPageHeader(int32_t uncompressed_size, int32_t compressed_size, int32_t num_values,
                          Encoding encoding, std::string* out) {
  ThriftCompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(PageType::kDataPage));
  w.FieldI32(2, uncompressed_size);
  w.FieldI32(3, compressed_size);
  w.BeginStructField(5);  // DataPageHeader
  w.FieldI32(1, num_values);
  w.FieldI32(2, static_cast<int32_t>(encoding));
  w.FieldI32(3, static_cast<int32_t>(Encoding::kRle));  // levels: none (required, flat)
  w.FieldI32(4, static_cast<int32_t>(Encoding::kRle));
  w.EndStruct();
  w.EndStruct();
}

void EncodeDictionaryPageHeader(int32_t uncompressed_size, int32_t compressed_size,
                                int32_t num_values, std::string* out) {
  ThriftCompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(PageType::kDictionaryPage));
  w.FieldI32(2, uncompressed_size);
  w.FieldI32(3, compressed_size);
  w.BeginStructField(7);  // DictionaryPageHeader
  w.FieldI32(1, num_values);
  w.FieldI32(2, static_cast<int32_t>(Encoding::kPlain));
  w.EndStruct();
  w.EndStruct();
}

void EncodeFileMeta(const FileMeta& meta, std::string* out) {
  ThriftCompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, 1);  // version
  w.FieldListHeader(2, ThriftType::kStruct, meta.schema.size() + 1);
  w.BeginStruct();  // the root: a group of every column
  w.FieldBinary(kSchemaName, "schema");
  w.FieldI32(kSchemaNumChildren, static_cast<int32_t>(meta.schema.size()));
  w.EndStruct();
  for (const ColumnSchema& column : meta.schema) EncodeSchemaElement(column, w);
  w.FieldI64(3, meta.num_rows);
  w.FieldListHeader(4, ThriftType::kStruct, meta.row_groups.size());
  for (const RowGroupMeta& rg : meta.row_groups) EncodeRowGroup(rg, w);
  if (!meta.key_value_metadata.empty()) {
    w.FieldListHeader(5, ThriftType::kStruct, meta.key_value_metadata.size());
    for (const auto& [key, value] : meta.key_value_metadata) {
      w.BeginStruct();
      w.FieldBinary(1, key);
      w.FieldBinary(2, value);
      w.EndStruct();
    }
  }
  if (!meta.created_by.empty()) w.FieldBinary(6, meta.created_by);
  // column_orders: the type-defined order for every column, which gives min_value and
  // max_value their meaning (without it readers must ignore them).
  w.FieldListHeader(7, ThriftType::kStruct, meta.schema.size());
  for (size_t i = 0; i < meta.schema.size(); ++i) {
    w.BeginStruct();        // ColumnOrder (a union)
    w.BeginStructField(1);  // TYPE_ORDER: TypeDefinedOrder {}
    w.EndStruct();
    w.EndStruct();
  }
  w.EndStruct();
}

}  // namespace ior::internal::parquet
