// One column of a Parquet file being written: its values for the current row group, encoded
// into compressed data pages as they fill, and the column chunk handed to the file writer when
// the row group ends.
//
// Encodings: integers DELTA_BINARY_PACKED (or PLAIN: ColumnSchema::integer_encoding), encoded
// 128 at a time as they come; booleans PLAIN; strings RLE_DICTIONARY (indices into the chunk's
// dictionary page) until the dictionary grows past ColumnWriterOptions::dictionary_bytes, then
// PLAIN for the rest of the chunk (the pages written so far keep their dictionary encoding, as
// the format allows). Every page is a v1 data page of a required column: no levels.
#ifndef IOR_LIB_PARQUET_COLUMN_WRITER_H_
#define IOR_LIB_PARQUET_COLUMN_WRITER_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/delta_binary_packed.h"
#include "parquet/metadata.h"
#include "parquet/page_compressor.h"
#include "parquet/string_dictionary.h"

namespace ior::internal::parquet {

// An integer page is closed at this many values even if they encode to few bytes (a constant
// column takes 5 bytes per 128 values), so that readers can skip through a chunk by page.
inline constexpr size_t kMaxIntegerPageValues = size_t{1} << 16;

struct ColumnWriterOptions {
  // A data page is closed when its values take this many bytes before compression.
  size_t page_bytes = size_t{256} << 10;
  // A string chunk whose dictionary's PLAIN size passes this falls back to PLAIN pages.
  size_t dictionary_bytes = size_t{1} << 20;
};

// Not thread-safe. The Add*() call must match the column's physical type (checked in debug
// builds only: the writer is fed by code, not by users). `compressor` is borrowed and must
// outlive the writer.
class ColumnWriter {
 public:
  ColumnWriter(ColumnSchema schema, const ColumnWriterOptions& options, PageCompressor* compressor);

  const ColumnSchema& schema() const { return schema_; }

  void AddInt32(int32_t v) { AddInteger(v); }
  void AddInt64(int64_t v) { AddInteger(v); }
  void AddBool(bool v) {
    raw_.push_back(static_cast<char>(v));
    ++page_values_;
    if (raw_.size() >= options_.page_bytes) FlushPage();
  }
  void AddString(std::string_view v);
  // Like AddString, for bytes meant to be UTF-8 (names from the kernel): what is not
  // well-formed is repaired as `\xHH` (RepairUtf8). The dictionary is keyed by the bytes as
  // they came, so a name seen before costs one lookup and no repair.
  void AddText(std::string_view raw);
  // Like AddString, for values that a small integer `key` determines (a syscall number, an
  // errno): the key's dictionary index is cached, so the string is hashed once per chunk.
  void AddStringKeyed(uint32_t key, std::string_view v);

  // Whether this chunk fell back to PLAIN (its dictionary grew past the limit).
  bool dictionary_full() const { return dictionary_full_; }

  // Memory held for the current row group (encoded pages, dictionary, the open page).
  size_t BufferedBytes() const;

  // Closes the open page. Then the chunk is the dictionary page (if any) followed by the data
  // pages: `dictionary_page()` and `data_pages()`, to be written at file offset `offset`;
  // `meta` receives their description. False if compression failed.
  bool FinishChunk(int64_t offset, ColumnChunkMeta* meta);
  std::string_view dictionary_page() const { return dictionary_page_; }
  std::string_view data_pages() const { return pages_; }
  // Forgets the chunk (after it was written), ready for the next row group.
  void ResetChunk();

 private:
  void AddInteger(int64_t v) {
    staged_[staged_count_++] = v;
    ++page_values_;
    if (staged_count_ == kDeltaBlockValues) {
      EncodeStaged();
      if (delta_.encoded_bytes() + raw_.size() >= options_.page_bytes ||
          delta_.count() >= kMaxIntegerPageValues) {
        FlushPage();
      }
    }
  }
  // Notes the staged integers' statistics and hands them to the encoder (or appends them to
  // raw_, PLAIN).
  void EncodeStaged();
  void AddIndex(uint32_t index) {
    indices_.push_back(index);
    ++page_values_;
    if (indices_.size() * sizeof(uint32_t) >= options_.page_bytes) FlushPage();
  }
  // Numbers are tracked as an order-preserving signed key: the value itself, a UINT32 widened,
  // a UINT64 with its top bit flipped (key_bias_). Once per block of staged values.
  void NoteKeys(std::span<const int64_t> values);
  // The chunk's statistics into `meta` (numbers: from the keys; strings: from the dictionary,
  // when every value went through it).
  void FillStatistics(ColumnChunkMeta* meta) const;
  void AddPlainString(std::string_view v);
  uint32_t DictionaryIndex(std::string_view v);
  // A new dictionary entry may have made the dictionary too big: then the rest of the chunk
  // is PLAIN.
  void CheckDictionarySize();
  // Encodes, compresses and appends the open page to pages_. Sets failed_ on error.
  void FlushPage();
  void NoteEncoding(Encoding e);

  ColumnSchema schema_;
  ColumnWriterOptions options_;
  PageCompressor* compressor_;

  // The open page: integers (encoded a block at a time as they are staged), PLAIN bytes
  // (booleans one byte each, PLAIN strings) or indices.
  int64_t staged_[kDeltaBlockValues];
  // Not size_t: a store to staged_ could alias an unsigned long, and the compiler would reload
  // the count after every value.
  uint32_t staged_count_ = 0;
  DeltaBinaryPackedEncoder delta_;
  std::string raw_;
  std::vector<uint32_t> indices_;
  uint32_t page_values_ = 0;

  // The chunk so far.
  StringDictionary dictionary_;
  bool dictionary_full_ = false;     // fell back to PLAIN for the rest of the chunk
  std::vector<uint32_t> key_index_;  // AddStringKeyed: key → index + 1 (0 = not cached)
  std::string last_value_;           // AddString: the previous value and its index
  uint32_t last_index_ = 0;
  bool has_last_ = false;
  std::string pages_;
  std::string dictionary_page_;
  std::vector<Encoding> encodings_;
  int64_t num_values_ = 0;
  bool unsigned32_ = false;      // INT32 with an unsigned logical type
  int64_t key_bias_ = 0;         // INT64: INT64_MIN for UINT64, else 0
  bool plain_integers_ = false;  // ColumnSchema::integer_encoding is kPlain
  int64_t min_key_ = INT64_MAX;
  int64_t max_key_ = INT64_MIN;
  int64_t uncompressed_bytes_ = 0;  // data pages with headers
  int64_t compressed_bytes_ = 0;
  bool failed_ = false;

  // Scratch, kept to avoid allocating per page (and per repaired name).
  std::string body_;
  std::string repaired_;
};

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_COLUMN_WRITER_H_
