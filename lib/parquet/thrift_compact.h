// The Thrift compact protocol, write side only: the few shapes the Parquet footer and page
// headers use (structs, i8/i16/i32/i64, bool, binary, lists).
//
//   std::string out;
//   ThriftCompactWriter w(&out);
//   w.BeginStruct();
//   w.FieldI32(1, 5);             // bytes 0x15 0x0a
//   w.EndStruct();                // stop byte 0x00
//
// Thrift's compact encoding: a field header carries the delta from the previous field id of the
// same struct in its high nibble (or, for deltas outside 1..15, a zigzag varint id after it)
// and the type in its low nibble; integers are zigzag varints; a bool field keeps its value in
// the type nibble; binary is a varint length and the bytes; a list header holds its size in the
// high nibble (15 and more: 0xF and a varint after it) and the element type.
#ifndef IOR_LIB_PARQUET_THRIFT_COMPACT_H_
#define IOR_LIB_PARQUET_THRIFT_COMPACT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/varint.h"

namespace ior::internal::parquet {

// Compact protocol type ids, as they appear in field and list headers.
enum class ThriftType : uint8_t {
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// Appends compact-protocol bytes to a string it does not own (which must outlive the writer).
// Structs nest: every BeginStruct()/BeginStructField() is closed by one EndStruct(). Not
// thread-safe; never fails (the caller is trusted to produce a well-formed sequence).
class ThriftCompactWriter {
 public:
  explicit ThriftCompactWriter(std::string* out) : out_(out) {}

  // A struct at top level or as a list element.
  void BeginStruct() { last_id_.push_back(0); }
  // Writes the stop byte and returns to the enclosing struct.
  void EndStruct();

  void FieldBool(int16_t id, bool value);
  void FieldI8(int16_t id, int8_t value);
  void FieldI16(int16_t id, int16_t value);
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldBinary(int16_t id, std::string_view value);
  // A struct-valued field: its header, then the fields of the nested struct, then EndStruct().
  void BeginStructField(int16_t id);
  // A list-valued field of `size` elements of `element` type; the elements follow, written
  // with the List*() calls (or BeginStruct()/EndStruct() for struct elements).
  void FieldListHeader(int16_t id, ThriftType element, size_t size);

  void ListI32(int32_t value) { Varint(ZigZag(value)); }
  void ListI64(int64_t value) { Varint(ZigZag(value)); }
  void ListBinary(std::string_view value);

  // Helpers, public for the tests.
  static uint64_t ZigZag(int64_t v) { return parquet::ZigZag(v); }
  void Varint(uint64_t v);

 private:
  void FieldHeader(int16_t id, ThriftType type);

  std::string* out_;
  std::vector<int16_t> last_id_;  // per open struct: the id of its last field
};

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_THRIFT_COMPACT_H_
