#include "parquet/thrift_compact.h"

#include "parquet/varint.h"

namespace ior::internal::parquet {

void ThriftCompactWriter::Varint(uint64_t v) { PutUleb128(v, out_); }

void ThriftCompactWriter::FieldHeader(int16_t id, ThriftType type) {
  int16_t& last = last_id_.back();
  const int delta = id - last;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last = id;
}

void ThriftCompactWriter::EndStruct() {
  out_->push_back('\0');
  last_id_.pop_back();
}

void ThriftCompactWriter::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? ThriftType::kBoolTrue : ThriftType::kBoolFalse);
}

void ThriftCompactWriter::FieldI8(int16_t id, int8_t value) {
  FieldHeader(id, ThriftType::kByte);
  out_->push_back(static_cast<char>(value));
}

void ThriftCompactWriter::FieldI16(int16_t id, int16_t value) {
  FieldHeader(id, ThriftType::kI16);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, ThriftType::kI32);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, ThriftType::kI64);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, ThriftType::kBinary);
  ListBinary(value);
}

void ThriftCompactWriter::BeginStructField(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  BeginStruct();
}

void ThriftCompactWriter::FieldListHeader(int16_t id, ThriftType element, size_t size) {
  FieldHeader(id, ThriftType::kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<size_t>(element)));
  } else {
    out_->push_back(static_cast<char>(0xf0 | static_cast<int>(element)));
    Varint(size);
  }
}

void ThriftCompactWriter::ListBinary(std::string_view value) {
  Varint(value.size());
  out_->append(value);
}

}  // namespace ior::internal::parquet
