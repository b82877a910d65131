// DELTA_BINARY_PACKED (lib/parquet/delta_binary_packed.h): the specification's examples byte
// for byte, and round trips through a decoder written here from the specification (Encodings.md)
// over the values a trace produces and the ones that stress the format: 64-bit widths, deltas
// that wrap, INT32 columns whose deltas wrap at 32 bits, every block and miniblock boundary.
// DuckDB and hyparquet read the same encoding in parquet_sink_read_test.
#include "parquet/delta_binary_packed.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace ior::internal::parquet {
namespace {

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  uint64_t Uleb() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<uint8_t>(in_.at(at_++));
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
  }
  int64_t ZigZag() {
    const uint64_t u = Uleb();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  uint8_t Byte() { return static_cast<uint8_t>(in_.at(at_++)); }
  // `count` values of `width` bits, LSB first.
  std::vector<uint64_t> Unpack(size_t count, int width) {
    std::vector<uint64_t> out(count, 0);
    for (size_t i = 0; i < count; ++i) {
      for (int b = 0; b < width; ++b) {
        const size_t bit = i * static_cast<size_t>(width) + static_cast<size_t>(b);
        const auto byte = static_cast<uint8_t>(in_.at(at_ + bit / 8));
        out[i] |= static_cast<uint64_t>((byte >> (bit % 8)) & 1) << b;
      }
    }
    at_ += count * static_cast<size_t>(width) / 8;
    return out;
  }
  bool AtEnd() const { return at_ == in_.size(); }

 private:
  const std::string& in_;
  size_t at_ = 0;
};

// Decodes a page as the specification describes it, computing at the column's width.
std::vector<int64_t> Decode(const std::string& page, int bits) {
  Reader r(page);
  const uint64_t block = r.Uleb();
  const uint64_t miniblocks = r.Uleb();
  const uint64_t total = r.Uleb();
  int64_t value = r.ZigZag();
  EXPECT_EQ(block % 128, 0u);
  EXPECT_EQ((block / miniblocks) % 32, 0u);
  const size_t per_miniblock = block / miniblocks;
  std::vector<int64_t> out;
  if (total == 0) return out;
  out.push_back(value);
  while (out.size() < total) {
    const int64_t min_delta = r.ZigZag();
    std::vector<int> widths(miniblocks);
    for (int& w : widths) w = r.Byte();
    for (size_t m = 0; m < miniblocks && out.size() < total; ++m) {
      for (uint64_t packed : r.Unpack(per_miniblock, widths[m])) {
        if (out.size() == total) break;
        uint64_t next = static_cast<uint64_t>(value) + static_cast<uint64_t>(min_delta) + packed;
        value = bits == 64 ? static_cast<int64_t>(next)
                           : static_cast<int32_t>(static_cast<uint32_t>(next));
        out.push_back(value);
      }
    }
  }
  EXPECT_TRUE(r.AtEnd()) << "bytes after the last value";
  return out;
}

std::string Encode(const std::vector<int64_t>& values, int bits) {
  std::string out;
  DeltaBinaryPackedEncode(values, bits, &out);
  return out;
}

TEST(DeltaBinaryPackedTest, SpecificationExampleOfAConstantStep) {
  // 1, 2, 3, 4, 5: every delta 1, so no bits at all.
  EXPECT_EQ(Encode({1, 2, 3, 4, 5}, 64), std::string("\x80\x01\x04\x05\x02"
                                                     "\x02\x00\x00\x00\x00",
                                                     10));
}

TEST(DeltaBinaryPackedTest, SpecificationExampleWithANegativeMinDelta) {
  // 7, 5, 3, 1, 2, 3, 4, 5: deltas -2 -2 -2 1 1 1 1, min delta -2, so 0 0 0 3 3 3 3 in 2 bits;
  // the miniblock is padded to 32 values (8 bytes).
  EXPECT_EQ(Encode({7, 5, 3, 1, 2, 3, 4, 5}, 64), std::string("\x80\x01\x04\x08\x0e"
                                                              "\x03\x02\x00\x00\x00"
                                                              "\xc0\x3f\x00\x00\x00\x00\x00\x00",
                                                              18));
}

TEST(DeltaBinaryPackedTest, EmptyAndSingleValuePagesHaveOnlyAHeader) {
  EXPECT_EQ(Encode({}, 64), std::string("\x80\x01\x04\x00\x00", 5));
  EXPECT_EQ(Encode({-3}, 32), std::string("\x80\x01\x04\x01\x05", 5));
  EXPECT_EQ(Decode(Encode({-3}, 32), 32), std::vector<int64_t>{-3});
}

TEST(DeltaBinaryPackedTest, ExtremesOfBothWidthsRoundTrip) {
  constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin32 = std::numeric_limits<int32_t>::min();
  constexpr int64_t kMax32 = std::numeric_limits<int32_t>::max();
  // Deltas of ±(2^64 − 1) wrap: min delta INT64_MIN + 1, values 64 bits wide.
  const std::vector<int64_t> wide = {kMin64, kMax64, kMin64, 0, -1, kMax64, kMin64, kMin64};
  EXPECT_EQ(Decode(Encode(wide, 64), 64), wide);
  // An INT32 column: INT32_MAX → INT32_MIN is a delta of 1 at 32 bits, so nothing in the page
  // may need more than 32 bits (readers of INT32 columns refuse wider miniblocks).
  const std::vector<int64_t> narrow = {kMax32, kMin32, kMax32, 0, -1, kMin32, kMin32, 7};
  const std::string page = Encode(narrow, 32);
  EXPECT_EQ(Decode(page, 32), narrow);
  Reader r(page);
  for (int i = 0; i < 4; ++i) r.Uleb();  // header: block, miniblocks, count, first value
  r.ZigZag();                            // min delta
  EXPECT_LE(r.Byte(), 32);               // the first miniblock's width
}

TEST(DeltaBinaryPackedTest, EveryBlockAndMiniblockBoundaryRoundTrips) {
  std::mt19937_64 rng(7);
  for (size_t n : {2u, 31u, 32u, 33u, 127u, 128u, 129u, 130u, 255u, 256u, 257u, 1000u, 4097u}) {
    std::vector<int64_t> times, random, small;
    int64_t t = 1'700'000'000'000'000'000;
    for (size_t i = 0; i < n; ++i) {
      t += static_cast<int64_t>(rng() % 5000);
      times.push_back(t);
      random.push_back(static_cast<int64_t>(rng()));
      small.push_back(static_cast<int32_t>(rng() % 40) - 20);
    }
    EXPECT_EQ(Decode(Encode(times, 64), 64), times) << n;
    EXPECT_EQ(Decode(Encode(random, 64), 64), random) << n;
    EXPECT_EQ(Decode(Encode(small, 32), 32), small) << n;
  }
}

TEST(DeltaBinaryPackedTest, StreamingInPiecesEqualsOneGo) {
  std::mt19937_64 rng(11);
  std::vector<int64_t> values;
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<int64_t>(rng() % 100000));
  DeltaBinaryPackedEncoder encoder(64);
  for (size_t at = 0; at < values.size();) {
    const size_t n = std::min<size_t>(values.size() - at, 1 + rng() % 200);
    encoder.Append(std::span<const int64_t>(values).subspan(at, n));
    at += n;
  }
  EXPECT_EQ(encoder.count(), values.size());
  std::string streamed;
  encoder.Finish(&streamed);
  EXPECT_EQ(streamed, Encode(values, 64));
  // Finish() starts a new page.
  encoder.Append(std::vector<int64_t>{5, 6});
  std::string second;
  encoder.Finish(&second);
  EXPECT_EQ(second, Encode({5, 6}, 64));
}

TEST(DeltaBinaryPackedTest, ConstantColumnsTakeFiveBytesABlock) {
  const std::vector<int64_t> zeros(1 + 128 * 100, 0);
  // Header (6 bytes: 128 and 12801 take two each, 4 and the first value 0 one) + 100 blocks of
  // min delta 0 and four zero widths.
  EXPECT_EQ(Encode(zeros, 64).size(), 6u + 100u * 5u);
}

}  // namespace
}  // namespace ior::internal::parquet
