#include "parquet/delta_binary_packed.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

#include "parquet/varint.h"

namespace ior::internal::parquet {
namespace {

static_assert(std::endian::native == std::endian::little,
              "miniblocks are copied out as little-endian 64-bit words");

void PutZigZag(int64_t v, std::string* out) { PutUleb128(ZigZag(v), out); }

// Appends kDeltaMiniblockValues values of kWidth bits (1..64) each, LSB first: exactly
// 4 * kWidth bytes. The width is a template argument so that every shift is a constant and
// the loop unrolls.
template <int kWidth>
void PackMiniblock(const uint64_t* v, std::string* out) {
  uint64_t words[kDeltaMiniblockValues * kWidth / 64 + 1] = {};
  for (size_t i = 0; i < kDeltaMiniblockValues; ++i) {
    const size_t bit = i * kWidth, word = bit / 64, shift = bit % 64;
    words[word] |= v[i] << shift;
    // The value's high bits spill into the next word (never with shift 0: v[i] >> 64 is UB).
    if (shift + kWidth > 64) words[word + 1] |= v[i] >> (64 - shift);
  }
  constexpr size_t kBytes = kDeltaMiniblockValues * kWidth / 8;
  const size_t at = out->size();
  out->resize(at + kBytes);
  std::memcpy(out->data() + at, words, kBytes);
}

template <size_t... kWidths>
constexpr auto MakePackers(std::index_sequence<kWidths...>) {
  return std::array<void (*)(const uint64_t*, std::string*), sizeof...(kWidths)>{
      &PackMiniblock<static_cast<int>(kWidths) + 1>...};
}
// kPackers[w - 1] packs with width w.
constexpr auto kPackers = MakePackers(std::make_index_sequence<64>());

// One block: up to kDeltaBlockValues deltas (already wrapped to the column's width and
// sign-extended), `count` of them real.
void PutBlock(const int64_t* deltas, size_t count, int bits, std::string* out) {
  int64_t min = deltas[0], max = deltas[0];
  for (size_t i = 1; i < count; ++i) {
    min = std::min(min, deltas[i]);
    max = std::max(max, deltas[i]);
  }
  PutZigZag(min, out);
  if (min == max) {
    // Every delta equal (a constant column, a counter): zero-width miniblocks, no bytes.
    out->append(kDeltaMiniblocks, '\0');
    return;
  }
  // delta − min, computed at the column's width: fits in `bits` bits.
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  uint64_t packed[kDeltaBlockValues] = {};  // zeros pad the last miniblock
  for (size_t i = 0; i < count; ++i) {
    packed[i] = (static_cast<uint64_t>(deltas[i]) - static_cast<uint64_t>(min)) & mask;
  }
  const size_t used = (count + kDeltaMiniblockValues - 1) / kDeltaMiniblockValues;
  int widths[kDeltaMiniblocks] = {};
  for (size_t m = 0; m < used; ++m) {
    uint64_t any = 0;
    for (size_t i = 0; i < kDeltaMiniblockValues; ++i) any |= packed[m * kDeltaMiniblockValues + i];
    widths[m] = std::bit_width(any);
  }
  for (int w : widths) out->push_back(static_cast<char>(w));
  for (size_t m = 0; m < used; ++m) {
    if (widths[m] != 0) kPackers[widths[m] - 1](packed + m * kDeltaMiniblockValues, out);
  }
}

}  // namespace

void DeltaBinaryPackedEncoder::Append(std::span<const int64_t> values) {
  if (values.empty()) return;
  if (count_ == 0) {
    first_ = last_ = values[0];
    values = values.subspan(1);
    count_ = 1;
  }
  count_ += values.size();
  // Deltas wrap at the column's width and are sign-extended back, so that min delta is the one
  // a reader computing at that width would use.
  const auto add = [this](auto wrap, std::span<const int64_t> vs) {
    int64_t prev = last_;
    for (const int64_t v : vs) {
      deltas_[pending_++] = wrap(static_cast<uint64_t>(v) - static_cast<uint64_t>(prev));
      prev = v;
      if (pending_ == kDeltaBlockValues) {
        PutBlock(deltas_, pending_, bits_, &blocks_);
        pending_ = 0;
      }
    }
    last_ = prev;
  };
  if (bits_ == 64) {
    add([](uint64_t d) { return static_cast<int64_t>(d); }, values);
  } else {
    add(
        [](uint64_t d) {
          return static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(d)));
        },
        values);
  }
}

void DeltaBinaryPackedEncoder::Finish(std::string* out) {
  if (pending_ > 0) PutBlock(deltas_, pending_, bits_, &blocks_);
  PutUleb128(kDeltaBlockValues, out);
  PutUleb128(kDeltaMiniblocks, out);
  PutUleb128(count_, out);
  PutZigZag(first_, out);
  out->append(blocks_);
  blocks_.clear();
  count_ = 0;
  pending_ = 0;
  first_ = last_ = 0;
}

void DeltaBinaryPackedEncode(std::span<const int64_t> values, int bits, std::string* out) {
  DeltaBinaryPackedEncoder encoder(bits);
  encoder.Append(values);
  encoder.Finish(out);
}

}  // namespace ior::internal::parquet
