// One column of a Parquet file being written: its values for the current row group, encoded
// into compressed data pages as they fill, and the column chunk handed to the file writer when
// the row group ends.
//
// Encodings: numbers and booleans PLAIN; strings RLE_DICTIONARY (indices into the chunk's
// dictionary page) until the dictionary grows past ColumnWriterOptions::dictionary_bytes, then
// PLAIN for the rest of the chunk (the pages written so far keep their dictionary encoding, as
// the format allows). Every page is a v1 data page of a required column: no levels.
#ifndef IOR_LIB_PARQUET_COLUMN_WRITER_H_
#define IOR_LIB_PARQUET_COLUMN_WRITER_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/page_compressor.h"
#include "parquet/string_dictionary.h"

namespace ior::internal::parquet {

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

  void AddInt32(int32_t v) {
    // The statistics' order: unsigned logical types compare as unsigned.
    NoteKey(unsigned32_ ? static_cast<int64_t>(static_cast<uint32_t>(v)) : v);
    AddFixed(&v, sizeof(v));
  }
  void AddInt64(int64_t v) {
    NoteKey(v ^ key_bias_);
    AddFixed(&v, sizeof(v));
  }
  void AddBool(bool v) { AddFixed(&v, 1); }
  void AddString(std::string_view v);
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
  void AddFixed(const void* v, size_t n) {
    raw_.append(static_cast<const char*>(v), n);
    ++page_values_;
    if (raw_.size() >= options_.page_bytes) FlushPage();
  }
  void AddIndex(uint32_t index) {
    indices_.push_back(index);
    ++page_values_;
    if (indices_.size() * sizeof(uint32_t) >= options_.page_bytes) FlushPage();
  }
  // Numbers are tracked as an order-preserving signed key: the value itself, a UINT32 widened,
  // a UINT64 with its top bit flipped (key_bias_). Branch-free: this runs for every value.
  void NoteKey(int64_t key) {
    min_key_ = std::min(min_key_, key);
    max_key_ = std::max(max_key_, key);
  }
  // The chunk's statistics into `meta` (numbers: from the keys; strings: from the dictionary,
  // when every value went through it).
  void FillStatistics(ColumnChunkMeta* meta) const;
  void AddPlainString(std::string_view v);
  uint32_t DictionaryIndex(std::string_view v);
  // Encodes, compresses and appends the open page to pages_. Sets failed_ on error.
  void FlushPage();
  void NoteEncoding(Encoding e);

  ColumnSchema schema_;
  ColumnWriterOptions options_;
  PageCompressor* compressor_;

  // The open page: PLAIN bytes (numbers, booleans one byte each, PLAIN strings) or indices.
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
  bool unsigned32_ = false;  // INT32 with an unsigned logical type
  int64_t key_bias_ = 0;     // INT64: INT64_MIN for UINT64, else 0
  int64_t min_key_ = INT64_MAX;
  int64_t max_key_ = INT64_MIN;
  int64_t uncompressed_bytes_ = 0;  // data pages with headers
  int64_t compressed_bytes_ = 0;
  bool failed_ = false;

  // Scratch, kept to avoid allocating per page.
  std::string body_;
};

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_COLUMN_WRITER_H_
