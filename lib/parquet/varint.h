// The variable-length integers of the Parquet format: ULEB128 (Thrift compact's varints, the
// RLE/bit-packed hybrid's run headers, DELTA_BINARY_PACKED's sizes) and the zigzag mapping of
// signed values onto them.
#ifndef IOR_LIB_PARQUET_VARINT_H_
#define IOR_LIB_PARQUET_VARINT_H_

#include <cstdint>
#include <string>

namespace ior::internal::parquet {

// Appends `v` as ULEB128: 7 bits a byte, low first, the top bit set on all but the last.
inline void PutUleb128(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// 0, -1, 1, -2... as 0, 1, 2, 3...: small magnitudes of either sign stay short.
inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_VARINT_H_
