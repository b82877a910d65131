#include "parquet/rle_hybrid.h"

#include <bit>
#include <cstddef>

#include "parquet/varint.h"

namespace ior::internal::parquet {
namespace {

// Length of the run of values equal to values[i].
size_t RunLength(std::span<const uint32_t> values, size_t i) {
  size_t j = i + 1;
  while (j < values.size() && values[j] == values[i]) ++j;
  return j - i;
}

void PutRleRun(uint32_t value, size_t count, int bit_width, std::string* out) {
  PutUleb128(static_cast<uint64_t>(count) << 1, out);
  const int bytes = (bit_width + 7) / 8;
  for (int b = 0; b < bytes; ++b) out->push_back(static_cast<char>((value >> (8 * b)) & 0xff));
}

// Packs `groups` groups of 8 values starting at values[begin] (missing values past the end
// are zeros), each bit_width bits, LSB first.
void PutBitPacked(std::span<const uint32_t> values, size_t begin, size_t groups, int bit_width,
                  std::string* out) {
  PutUleb128((static_cast<uint64_t>(groups) << 1) | 1, out);
  uint64_t acc = 0;  // bits not yet written, LSB first
  int acc_bits = 0;
  const size_t end = begin + groups * 8;
  for (size_t i = begin; i < end; ++i) {
    const uint64_t v = i < values.size() ? values[i] : 0;
    acc |= v << acc_bits;
    acc_bits += bit_width;
    while (acc_bits >= 8) {
      out->push_back(static_cast<char>(acc & 0xff));
      acc >>= 8;
      acc_bits -= 8;
    }
  }
  // groups * 8 * bit_width is a multiple of 8: nothing is left over.
}

}  // namespace

int BitWidthFor(uint32_t max_value) {
  const int width = std::bit_width(max_value);
  return width == 0 ? 1 : width;
}

void RleHybridEncode(std::span<const uint32_t> values, int bit_width, std::string* out) {
  size_t i = 0;
  while (i < values.size()) {
    const size_t run = RunLength(values, i);
    if (run >= kMinRleRun) {
      PutRleRun(values[i], run, bit_width, out);
      i += run;
      continue;
    }
    // Bit-pack whole groups of 8 until a long run starts at a group boundary (or the end).
    const size_t begin = i;
    size_t groups = 0;
    do {
      i += 8;
      ++groups;
    } while (i < values.size() && RunLength(values, i) < kMinRleRun);
    PutBitPacked(values, begin, groups, bit_width, out);
  }
}

}  // namespace ior::internal::parquet
