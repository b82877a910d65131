// Parquet's DELTA_BINARY_PACKED encoding (Encodings.md, "Delta Encoding"), used for the
// integer columns: a trace's times and sequence numbers grow by small steps, and most of its
// other numbers are constant for long stretches, so their deltas pack into a few bits (zero
// bits for a constant) where PLAIN would spend 8 bytes a value for zstd to chew through.
//
// Layout: a header, then blocks of kDeltaBlockValues deltas:
//   header: <block size> <miniblocks per block> <total value count> <first value>
//   block:  <min delta> <one bit-width byte per miniblock> <the miniblocks>
// Sizes and counts are ULEB128 varints, the first value and min delta zigzag varints. Each
// miniblock holds kDeltaMiniblockValues of (delta − min delta), bit-packed LSB first with its
// width. In the last block, a partly used miniblock is padded with zeros and unused ones have
// width 0 and no bytes.
#ifndef IOR_LIB_PARQUET_DELTA_BINARY_PACKED_H_
#define IOR_LIB_PARQUET_DELTA_BINARY_PACKED_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ior::internal::parquet {

inline constexpr size_t kDeltaBlockValues = 128;
inline constexpr size_t kDeltaMiniblocks = 4;
inline constexpr size_t kDeltaMiniblockValues = kDeltaBlockValues / kDeltaMiniblocks;

// Encodes a page's values as they come, a block at a time, so that only the encoded blocks
// and one block of deltas are held (a page of 8-byte values would not stay in cache until it
// is encoded). Not thread-safe.
class DeltaBinaryPackedEncoder {
 public:
  // `bits` is the column's width, 32 (INT32: the values are int32 widened) or 64: deltas wrap
  // at that width, as readers of the column compute them, so an INT32 column never needs more
  // than 32 bits a delta.
  explicit DeltaBinaryPackedEncoder(int bits) : bits_(bits) {}

  void Append(std::span<const int64_t> values);

  size_t count() const { return count_; }
  // The encoded blocks so far (the page's size before compression, without the header).
  size_t encoded_bytes() const { return blocks_.size(); }

  // Appends the page (header and blocks) to `out` and starts a new one.
  void Finish(std::string* out);

 private:
  int bits_;
  size_t count_ = 0;
  int64_t first_ = 0;
  int64_t last_ = 0;
  int64_t deltas_[kDeltaBlockValues];
  size_t pending_ = 0;  // deltas_ not yet in blocks_
  std::string blocks_;
};

// The whole encoding of `values` appended to `out` (DeltaBinaryPackedEncoder in one go).
void DeltaBinaryPackedEncode(std::span<const int64_t> values, int bits, std::string* out);

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_DELTA_BINARY_PACKED_H_
