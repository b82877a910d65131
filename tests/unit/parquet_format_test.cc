// The Parquet format writer of lib/parquet/: Thrift compact encoding byte for byte, the
// RLE/bit-packed hybrid, dictionary fallback and the file layout.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "parquet/column_writer.h"
#include "parquet/file_writer.h"
#include "parquet/footer_reader.h"
#include "parquet/metadata.h"
#include "parquet/page_compressor.h"
#include "parquet/rle_hybrid.h"
#include "parquet/thrift_compact.h"
#include "utf8.h"

namespace ior::internal::parquet {
namespace {

std::vector<uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

TEST(ThriftCompactTest, ShortFieldHeaderAndZigZagVarint) {
  std::string out;
  ThriftCompactWriter w(&out);
  w.BeginStruct();
  w.FieldI32(1, 5);      // delta 1, type i32 (5); zigzag(5) = 10
  w.FieldI64(2, 300);    // delta 1, type i64: 0x16; zigzag(300) = 600 = 0x258: varint d8 04
  w.FieldI8(3, 8);       // a byte is written as is
  w.FieldBool(4, true);  // the value lives in the type nibble: 1 true, 2 false
  w.FieldBool(5, false);
  w.EndStruct();
  EXPECT_EQ(Bytes(out),
            (std::vector<uint8_t>{0x15, 0x0a, 0x16, 0xd8, 0x04, 0x13, 0x08, 0x11, 0x12, 0x00}));
}

TEST(ThriftCompactTest, LongFieldHeaderForBigOrNegativeDeltas) {
  std::string out;
  ThriftCompactWriter w(&out);
  w.BeginStruct();
  w.FieldI64(1, -1);        // 0x16, zigzag(-1) = 1
  w.FieldBinary(20, "ab");  // delta 19: type byte 0x08, zigzag(20) = 40, then length and bytes
  w.FieldI32(2, 0);         // delta negative: type byte 0x05, zigzag(2) = 4
  w.EndStruct();
  EXPECT_EQ(Bytes(out),
            (std::vector<uint8_t>{0x16, 0x01, 0x08, 0x28, 0x02, 'a', 'b', 0x05, 0x04, 0x00, 0x00}));
}

TEST(ThriftCompactTest, ListsAndNestedStructsRestoreTheFieldId) {
  std::string out;
  ThriftCompactWriter w(&out);
  w.BeginStruct();
  w.FieldListHeader(2, ThriftType::kI32, 3);  // 0x29; size 3 << 4 | i32 = 0x35
  w.ListI32(1);
  w.ListI32(-1);
  w.ListI32(64);          // zigzag 128: 80 01
  w.BeginStructField(3);  // delta 1, struct: 0x1c
  w.FieldI32(1, 1);       // ids restart inside: 0x15 0x02
  w.EndStruct();
  w.FieldI32(4, 7);  // delta from 3, not from the nested 1: 0x15 0x0e
  w.EndStruct();
  EXPECT_EQ(Bytes(out), (std::vector<uint8_t>{0x29, 0x35, 0x02, 0x01, 0x80, 0x01, 0x1c, 0x15, 0x02,
                                              0x00, 0x15, 0x0e, 0x00}));
}

TEST(ThriftCompactTest, ListOfFifteenOrMoreHasAVarintSize) {
  std::string out;
  ThriftCompactWriter w(&out);
  w.BeginStruct();
  w.FieldListHeader(1, ThriftType::kBinary, 300);
  EXPECT_EQ(Bytes(out), (std::vector<uint8_t>{0x19, 0xf8, 0xac, 0x02}));
}

TEST(ThriftCompactTest, DataPageHeader) {
  std::string out;
  EncodeDataPageHeader(100, 50, 10, Encoding::kRleDictionary, &out);
  // PageHeader{1: type 0, 2: 100, 3: 50, 5: DataPageHeader{1: 10, 2: 8, 3: RLE, 4: RLE}}
  EXPECT_EQ(Bytes(out),
            (std::vector<uint8_t>{0x15, 0x00, 0x15, 0xc8, 0x01, 0x15, 0x64, 0x2c, 0x15, 0x14, 0x15,
                                  0x10, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00}));
}

// A reader of the hybrid encoding, written from the specification, to check round trips.
std::vector<uint32_t> RleHybridDecode(const std::string& in, int width, size_t count) {
  std::vector<uint32_t> out;
  size_t pos = 0;
  const auto varint = [&] {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<uint8_t>(in.at(pos++));
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
  };
  while (out.size() < count) {
    const uint64_t header = varint();
    if ((header & 1) == 0) {
      uint32_t value = 0;
      for (int b = 0; b < (width + 7) / 8; ++b) {
        value |= static_cast<uint32_t>(static_cast<uint8_t>(in.at(pos++))) << (8 * b);
      }
      out.insert(out.end(), header >> 1, value);
    } else {
      const size_t n = (header >> 1) * 8;
      uint64_t acc = 0;
      int bits = 0;
      for (size_t i = 0; i < n; ++i) {
        while (bits < width) {
          acc |= static_cast<uint64_t>(static_cast<uint8_t>(in.at(pos++))) << bits;
          bits += 8;
        }
        out.push_back(static_cast<uint32_t>(acc & ((uint64_t{1} << width) - 1)));
        acc >>= width;
        bits -= width;
      }
    }
  }
  EXPECT_EQ(pos, in.size());
  out.resize(count);  // padding of the last bit-packed group
  return out;
}

TEST(RleHybridTest, RunOfEqualValues) {
  std::string out;
  const std::vector<uint32_t> v(10, 5);
  RleHybridEncode(v, 3, &out);
  EXPECT_EQ(Bytes(out), (std::vector<uint8_t>{0x14, 0x05}));  // (10 << 1), value in one byte
}

TEST(RleHybridTest, RunValueTakesWholeBytes) {
  std::string out;
  const std::vector<uint32_t> v(8, 300);
  RleHybridEncode(v, 9, &out);
  EXPECT_EQ(Bytes(out), (std::vector<uint8_t>{0x10, 0x2c, 0x01}));
}

TEST(RleHybridTest, BitPackedGroupAsInTheSpecification) {
  std::string out;
  const std::vector<uint32_t> v = {0, 1, 2, 3, 4, 5, 6, 7};
  RleHybridEncode(v, 3, &out);
  // One group of 8: header (1 << 1) | 1, then 3 bytes LSB first.
  EXPECT_EQ(Bytes(out), (std::vector<uint8_t>{0x03, 0x88, 0xc6, 0xfa}));
}

TEST(RleHybridTest, BitWidth) {
  EXPECT_EQ(BitWidthFor(0), 1);
  EXPECT_EQ(BitWidthFor(1), 1);
  EXPECT_EQ(BitWidthFor(2), 2);
  EXPECT_EQ(BitWidthFor(255), 8);
  EXPECT_EQ(BitWidthFor(256), 9);
  EXPECT_EQ(BitWidthFor(0xffffffffu), 32);
}

TEST(RleHybridTest, RandomRoundTrips) {
  std::mt19937 rng(7);
  for (int width : {1, 2, 3, 5, 8, 12, 17, 31, 32}) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<uint32_t> v;
      const size_t n = rng() % 500;
      const uint64_t limit = uint64_t{1} << width;
      while (v.size() < n) {
        const auto value = static_cast<uint32_t>(rng() % limit);
        const size_t repeat = rng() % 3 == 0 ? rng() % 40 : 1;  // runs of many lengths
        v.insert(v.end(), repeat, value);
      }
      v.resize(n);
      std::string out;
      RleHybridEncode(v, width, &out);
      EXPECT_EQ(RleHybridDecode(out, width, v.size()), v) << "width " << width;
    }
  }
}

TEST(ColumnWriterTest, DictionaryFallsBackToPlainWhenTooBig) {
  PageCompressor compressor(Codec::kUncompressed, 0);
  ColumnWriterOptions options;
  options.dictionary_bytes = 100;
  ColumnWriter column({"s", PhysicalType::kByteArray, LogicalKind::kString}, options, &compressor);
  for (int i = 0; i < 50; ++i) column.AddString(i % 2 ? "even" : "odd");
  EXPECT_FALSE(column.dictionary_full());
  for (int i = 0; i < 50; ++i) column.AddString("distinct-" + std::to_string(i));
  EXPECT_TRUE(column.dictionary_full());

  ColumnChunkMeta meta;
  ASSERT_TRUE(column.FinishChunk(4, &meta));
  EXPECT_EQ(meta.num_values, 100);
  EXPECT_EQ(meta.dictionary_page_offset, 4);
  EXPECT_EQ(meta.data_page_offset, 4 + static_cast<int64_t>(column.dictionary_page().size()));
  EXPECT_EQ(meta.encodings, (std::vector<Encoding>{Encoding::kPlain, Encoding::kRleDictionary}));
  // The PLAIN pages hold the distinct values that did not fit in the dictionary.
  EXPECT_NE(column.data_pages().find("distinct-49"), std::string::npos);
  EXPECT_EQ(column.dictionary_page().find("distinct-49"), std::string::npos);
  EXPECT_NE(column.dictionary_page().find("even"), std::string::npos);

  column.ResetChunk();  // every row group tries the dictionary again
  EXPECT_FALSE(column.dictionary_full());
  column.AddString("x");
  ASSERT_TRUE(column.FinishChunk(0, &meta));
  EXPECT_EQ(meta.num_values, 1);
}

TEST(ColumnWriterTest, KeyedStringsShareTheDictionary) {
  PageCompressor compressor(Codec::kUncompressed, 0);
  ColumnWriter column({"s", PhysicalType::kByteArray, LogicalKind::kString}, {}, &compressor);
  column.AddStringKeyed(257, "openat");
  column.AddStringKeyed(0, "read");
  column.AddStringKeyed(257, "openat");
  column.AddString("openat");
  ColumnChunkMeta meta;
  ASSERT_TRUE(column.FinishChunk(0, &meta));
  // Dictionary page body (uncompressed): two entries, each length-prefixed.
  const std::string body = std::string("\x06\0\0\0openat\x04\0\0\0read", 18);
  EXPECT_EQ(column.dictionary_page().substr(column.dictionary_page().size() - body.size()), body);
}

TEST(FileWriterTest, LayoutMagicPagesAndFooter) {
  const int fd = memfd_create("parquet_test", 0);
  ASSERT_GE(fd, 0);
  FileWriter::Options options;
  options.codec = Codec::kUncompressed;
  options.row_group_rows = 2;
  auto writer = FileWriter::Open(
      fd, {{"n", PhysicalType::kInt64, LogicalKind::kUInt64}, {"b", PhysicalType::kBoolean}},
      options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (int64_t i = 0; i < 3; ++i) {
    (*writer)->column(0).AddInt64(0x1122334455667788 + i);
    (*writer)->column(1).AddBool(i != 1);
    ASSERT_TRUE((*writer)->EndRow().ok());
  }
  ASSERT_TRUE((*writer)->Finish({{"k", "v"}}).ok());
  EXPECT_EQ((*writer)->row_groups(), 2u);
  EXPECT_EQ((*writer)->rows_written(), 3);

  const off_t size = lseek(fd, 0, SEEK_END);
  std::string file(static_cast<size_t>(size), '\0');
  ASSERT_EQ(pread(fd, file.data(), file.size(), 0), size);
  close(fd);
  ASSERT_GT(file.size(), 12u);
  EXPECT_EQ(file.substr(0, 4), "PAR1");
  EXPECT_EQ(file.substr(file.size() - 4), "PAR1");
  uint32_t footer_length = 0;
  for (int i = 0; i < 4; ++i) {
    footer_length |= static_cast<uint32_t>(static_cast<uint8_t>(file[file.size() - 8 + i]))
                     << (8 * i);
  }
  ASSERT_LT(footer_length + 12, file.size());
  const std::string footer = file.substr(file.size() - 8 - footer_length, footer_length);
  EXPECT_EQ(footer.substr(0, 2), std::string("\x15\x02", 2));   // version 1
  EXPECT_EQ(footer.back(), '\0');                               // the struct's stop byte
  EXPECT_NE(footer.find("\x01k\x18\x01v"), std::string::npos);  // KeyValue{"k", "v"}

  // The first page follows the magic: a DATA_PAGE header of 2 INT64 values, then the values
  // DELTA_BINARY_PACKED (uncompressed here): block size 128, 4 miniblocks, 2 values, the first
  // value zigzag-encoded; one block: min delta 1 (zigzag 2), four zero widths, no bits.
  const std::string body = std::string("\x80\x01\x04\x02", 4) +
                           "\x90\xde\xb3\xd6\x8a\xd1\x99\xa2\x22" + std::string("\x02\0\0\0\0", 5);
  std::string header;
  EncodeDataPageHeader(static_cast<int32_t>(body.size()), static_cast<int32_t>(body.size()), 2,
                       Encoding::kDeltaBinaryPacked, &header);
  EXPECT_EQ(file.substr(4, header.size()), header);
  EXPECT_EQ(file.substr(4 + header.size(), body.size()), body);
  // Then the boolean chunk of the first group: true, false packed LSB first = 0b01.
  std::string bool_header;
  EncodeDataPageHeader(1, 1, 2, Encoding::kPlain, &bool_header);
  const size_t bool_page = 4 + header.size() + body.size();
  EXPECT_EQ(file.substr(bool_page, bool_header.size()), bool_header);
  EXPECT_EQ(file[bool_page + bool_header.size()], '\x01');
}

TEST(ColumnWriterTest, PlainIntegersAreLittleEndianAtTheColumnsWidth) {
  PageCompressor none(Codec::kUncompressed, 0);
  ColumnWriter narrow({"n", PhysicalType::kInt32, LogicalKind::kUInt32, Encoding::kPlain}, {},
                      &none);
  ColumnWriter wide({"w", PhysicalType::kInt64, LogicalKind::kNone, Encoding::kPlain}, {}, &none);
  narrow.AddInt32(-1);  // UINT32 4294967295
  narrow.AddInt32(2);
  wide.AddInt64(-2);
  wide.AddInt64(0x0102030405060708);
  ColumnChunkMeta n_meta, w_meta;
  ASSERT_TRUE(narrow.FinishChunk(0, &n_meta));
  ASSERT_TRUE(wide.FinishChunk(0, &w_meta));
  EXPECT_EQ(n_meta.encodings, std::vector<Encoding>{Encoding::kPlain});
  const std::string_view n_pages = narrow.data_pages();
  EXPECT_EQ(n_pages.substr(n_pages.size() - 8), std::string("\xff\xff\xff\xff\x02\0\0\0", 8));
  const std::string_view w_pages = wide.data_pages();
  EXPECT_EQ(w_pages.substr(w_pages.size() - 16),
            std::string("\xfe\xff\xff\xff\xff\xff\xff\xff\x08\x07\x06\x05\x04\x03\x02\x01", 16));
  // Statistics in the logical order: unsigned 2 .. 4294967295; signed -2 .. 0x0102030405060708.
  EXPECT_EQ(n_meta.min_value, std::string("\x02\0\0\0", 4));
  EXPECT_EQ(n_meta.max_value, std::string("\xff\xff\xff\xff", 4));
  EXPECT_EQ(w_meta.min_value, std::string("\xfe\xff\xff\xff\xff\xff\xff\xff", 8));
  EXPECT_EQ(w_meta.max_value, std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8));
}

TEST(FileWriterTest, WriteErrorsAreStickyStatuses) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);  // writing to a pipe without reader: EPIPE (SIGPIPE ignored below)
  signal(SIGPIPE, SIG_IGN);
  FileWriter::Options options;
  auto writer = FileWriter::Open(fds[1], {{"n", PhysicalType::kInt64}}, options);
  EXPECT_FALSE(writer.ok());
  close(fds[1]);
}

TEST(FooterReaderTest, DecodesWhatTheWriterEncodesAndRefusesTruncations) {
  FileMeta meta;
  meta.schema = {{"a", PhysicalType::kInt64, LogicalKind::kUInt64},
                 {"b", PhysicalType::kByteArray, LogicalKind::kString}};
  meta.num_rows = 1234567;
  meta.row_groups.resize(3);
  for (RowGroupMeta& rg : meta.row_groups) {
    rg.columns.resize(2);
    rg.columns[1].encodings = {Encoding::kPlain, Encoding::kRleDictionary};
    rg.columns[1].dictionary_page_offset = 4;
  }
  meta.key_value_metadata = {{"k1", "v1"}, {"k2", std::string(300, 'x')}};
  meta.created_by = "test";
  std::string footer;
  EncodeFileMeta(meta, &footer);
  absl::StatusOr<FooterInfo> info = DecodeFooter(footer);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->num_rows, 1234567);
  EXPECT_EQ(info->row_groups, 3u);
  EXPECT_EQ(info->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(info->key_value, meta.key_value_metadata);
  EXPECT_EQ(info->created_by, "test");
  for (size_t n = 0; n < footer.size(); ++n) {
    EXPECT_FALSE(DecodeFooter(footer.substr(0, n)).ok()) << "prefix of " << n << " bytes";
  }
}

// Maps are skipped like lists: their bools take a byte each, and a count larger than the
// footer fails at once (found by fuzz_parquet_footer: a huge count of bools looped for ever).
TEST(FooterReaderTest, SkipsMapsAndRefusesImpossibleMapCounts) {
  // field 1: map<bool, bool> {true: false, false: true}; field 6 (created_by): "x"; stop.
  const std::string map_then_created_by("\x1b\x02\x11\x01\x02\x02\x01\x58\x01x\x00", 11);
  absl::StatusOr<FooterInfo> info = DecodeFooter(map_then_created_by);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->created_by, "x");
  // field 1: a map of 2^63 - 1 bools.
  const std::string huge("\x1b\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x11\x00", 12);
  EXPECT_FALSE(DecodeFooter(huge).ok());
}

}  // namespace
}  // namespace ior::internal::parquet

namespace ior::internal {
namespace {

TEST(RepairUtf8Test, KeepsValidTextAndEscapesInvalidBytes) {
  std::string scratch;
  EXPECT_EQ(RepairUtf8("plain\n,\"\x1b", &scratch), "plain\n,\"\x1b");
  EXPECT_EQ(RepairUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", &scratch),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(RepairUtf8("a\xff"
                       "b",
                       &scratch),
            "a\\xffb");
  EXPECT_EQ(RepairUtf8("\xc3(", &scratch), "\\xc3(");                  // lead without continuation
  EXPECT_EQ(RepairUtf8("\xe2\x82", &scratch), "\\xe2\\x82");           // truncated sequence
  EXPECT_EQ(RepairUtf8("\xc0\xaf", &scratch), "\\xc0\\xaf");           // overlong
  EXPECT_EQ(RepairUtf8("\xed\xa0\x80", &scratch), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(RepairUtf8("\xc2\x85", &scratch), "\xc2\x85");  // C1 control: valid UTF-8, kept
}

}  // namespace
}  // namespace ior::internal
