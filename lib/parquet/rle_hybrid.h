// Parquet's RLE / bit-packing hybrid encoding (Encodings.md, "RLE"), used here for the
// dictionary indices of RLE_DICTIONARY data pages.
//
// The encoded stream is a sequence of runs, each introduced by a ULEB128 varint header:
//   header & 1 == 0: an RLE run of (header >> 1) copies of one value, stored in
//                    ceil(bit_width / 8) little-endian bytes;
//   header & 1 == 1: (header >> 1) groups of 8 values, bit-packed LSB first with bit_width bits
//                    each (the last group padded with zeros; the reader knows the value count).
#ifndef IOR_LIB_PARQUET_RLE_HYBRID_H_
#define IOR_LIB_PARQUET_RLE_HYBRID_H_

#include <cstdint>
#include <span>
#include <string>

namespace ior::internal::parquet {

// Runs of at least this many equal values are written as RLE runs.
inline constexpr size_t kMinRleRun = 8;

// Bits needed for values in [0, max_value]; at least 1, so that a one-entry dictionary still
// has a width every reader accepts.
int BitWidthFor(uint32_t max_value);

// Appends the hybrid encoding of `values` (each < 2^bit_width, bit_width in 1..32) to `out`,
// without a length prefix.
void RleHybridEncode(std::span<const uint32_t> values, int bit_width, std::string* out);

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_RLE_HYBRID_H_
