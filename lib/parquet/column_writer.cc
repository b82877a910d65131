#include "parquet/column_writer.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "parquet/delta_binary_packed.h"
#include "parquet/rle_hybrid.h"
#include "utf8.h"

namespace ior::internal::parquet {
namespace {

static_assert(std::endian::native == std::endian::little, "PLAIN integers are copied as they are");

// Keys past this are not cached by AddStringKeyed() (the cache is a plain array).
constexpr uint32_t kMaxCachedKey = 1 << 16;

// String statistics longer than this are left out rather than truncated (a truncated maximum
// would have to be rounded up to stay an upper bound).
constexpr size_t kMaxStringStatistic = 64;

void PutLength(uint32_t length, std::string* out) {
  const char bytes[4] = {static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
                         static_cast<char>((length >> 16) & 0xff),
                         static_cast<char>((length >> 24) & 0xff)};
  out->append(bytes, 4);
}

}  // namespace

ColumnWriter::ColumnWriter(ColumnSchema schema, const ColumnWriterOptions& options,
                           PageCompressor* compressor)
    : schema_(std::move(schema)),
      options_(options),
      compressor_(compressor),
      delta_(schema_.type == PhysicalType::kInt32 ? 32 : 64) {
  raw_.reserve(std::min<size_t>(options_.page_bytes + 64, size_t{1} << 16));
  const LogicalKind l = schema_.logical;
  unsigned32_ = l == LogicalKind::kUInt8 || l == LogicalKind::kUInt16 || l == LogicalKind::kUInt32;
  key_bias_ = l == LogicalKind::kUInt64 ? INT64_MIN : 0;
  plain_integers_ = schema_.integer_encoding == Encoding::kPlain;
}

void ColumnWriter::FillStatistics(ColumnChunkMeta* meta) const {
  meta->has_statistics = false;
  meta->min_value.clear();
  meta->max_value.clear();
  if (num_values_ == 0) return;
  if (schema_.type == PhysicalType::kInt32 || schema_.type == PhysicalType::kInt64) {
    const int32_t min32 = static_cast<int32_t>(min_key_), max32 = static_cast<int32_t>(max_key_);
    const int64_t min64 = min_key_ ^ key_bias_, max64 = max_key_ ^ key_bias_;
    if (schema_.type == PhysicalType::kInt32) {
      meta->min_value.assign(reinterpret_cast<const char*>(&min32), sizeof(min32));
      meta->max_value.assign(reinterpret_cast<const char*>(&max32), sizeof(max32));
    } else {
      meta->min_value.assign(reinterpret_cast<const char*>(&min64), sizeof(min64));
      meta->max_value.assign(reinterpret_cast<const char*>(&max64), sizeof(max64));
    }
    meta->has_statistics = true;
    return;
  }
  if (schema_.type != PhysicalType::kByteArray || dictionary_full_ || dictionary_.size() == 0) {
    return;
  }
  // Every value of the chunk is in its dictionary: compare the distinct ones, byte-wise
  // unsigned (std::string_view compares with memcmp).
  std::string_view min, max;
  bool first = true;
  const std::string& plain = dictionary_.plain();
  for (size_t at = 0; at + 4 <= plain.size();) {
    const auto* p = reinterpret_cast<const unsigned char*>(plain.data() + at);
    const size_t n = p[0] | (p[1] << 8) | (p[2] << 16) | (size_t{p[3]} << 24);
    const std::string_view v(plain.data() + at + 4, n);
    if (first || v < min) min = v;
    if (first || v > max) max = v;
    first = false;
    at += 4 + n;
  }
  if (min.size() > kMaxStringStatistic || max.size() > kMaxStringStatistic) return;
  meta->min_value.assign(min);
  meta->max_value.assign(max);
  meta->has_statistics = true;
}

uint32_t ColumnWriter::DictionaryIndex(std::string_view v) {
  if (has_last_ && v == last_value_) return last_index_;
  last_index_ = dictionary_.Insert(v);
  last_value_.assign(v);
  has_last_ = true;
  return last_index_;
}

void ColumnWriter::AddPlainString(std::string_view v) {
  PutLength(static_cast<uint32_t>(v.size()), &raw_);
  raw_.append(v);
  ++page_values_;
  if (raw_.size() >= options_.page_bytes) FlushPage();
}

void ColumnWriter::CheckDictionarySize() {
  if (dictionary_.plain_bytes() > options_.dictionary_bytes) {
    // Too many distinct values for this chunk: what is encoded so far keeps the dictionary,
    // the rest of the chunk is PLAIN.
    FlushPage();
    dictionary_full_ = true;
  }
}

void ColumnWriter::AddString(std::string_view v) {
  if (dictionary_full_) return AddPlainString(v);
  AddIndex(DictionaryIndex(v));
  CheckDictionarySize();
}

void ColumnWriter::AddText(std::string_view raw) {
  if (dictionary_full_) return AddPlainString(RepairUtf8(raw, &repaired_));
  if (!has_last_ || raw != last_value_) {
    last_index_ = dictionary_.Insert(
        raw, [this](std::string_view key) { return RepairUtf8(key, &repaired_); });
    last_value_.assign(raw);
    has_last_ = true;
  }
  AddIndex(last_index_);
  CheckDictionarySize();
}

void ColumnWriter::AddStringKeyed(uint32_t key, std::string_view v) {
  if (dictionary_full_ || key >= kMaxCachedKey) return AddString(v);
  if (key >= key_index_.size()) key_index_.resize(key + 1, 0);
  uint32_t& cached = key_index_[key];
  if (cached != 0) return AddIndex(cached - 1);
  const uint32_t index = dictionary_.Insert(v);
  cached = index + 1;
  AddIndex(index);
  CheckDictionarySize();
}

void ColumnWriter::NoteEncoding(Encoding e) {
  if (std::find(encodings_.begin(), encodings_.end(), e) == encodings_.end()) {
    encodings_.push_back(e);
  }
}

void ColumnWriter::NoteKeys(std::span<const int64_t> values) {
  // Four independent minima and maxima: one chain of compares would wait on itself.
  const auto note = [&](auto key) {
    int64_t lo[4] = {min_key_, min_key_, min_key_, min_key_};
    int64_t hi[4] = {max_key_, max_key_, max_key_, max_key_};
    size_t i = 0;
    for (; i + 4 <= values.size(); i += 4) {
      for (size_t j = 0; j < 4; ++j) {
        lo[j] = std::min(lo[j], key(values[i + j]));
        hi[j] = std::max(hi[j], key(values[i + j]));
      }
    }
    for (; i < values.size(); ++i) {
      lo[0] = std::min(lo[0], key(values[i]));
      hi[0] = std::max(hi[0], key(values[i]));
    }
    min_key_ = std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3]));
    max_key_ = std::max(std::max(hi[0], hi[1]), std::max(hi[2], hi[3]));
  };
  if (unsigned32_) {
    note([](int64_t v) { return static_cast<int64_t>(static_cast<uint32_t>(v)); });
  } else {
    note([bias = key_bias_](int64_t v) { return v ^ bias; });
  }
}

void ColumnWriter::EncodeStaged() {
  const std::span<const int64_t> values(staged_, staged_count_);
  NoteKeys(values);
  staged_count_ = 0;
  if (!plain_integers_) return delta_.Append(values);
  // PLAIN: little-endian, 4 or 8 bytes.
  if (schema_.type == PhysicalType::kInt32) {
    for (const int64_t v : values) {
      const auto v32 = static_cast<int32_t>(v);
      raw_.append(reinterpret_cast<const char*>(&v32), sizeof(v32));
    }
  } else {
    raw_.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
  }
}

void ColumnWriter::FlushPage() {
  if (page_values_ == 0) return;
  std::string_view body;
  Encoding encoding = Encoding::kPlain;
  if (schema_.type == PhysicalType::kInt32 || schema_.type == PhysicalType::kInt64) {
    EncodeStaged();
    if (plain_integers_) {
      body = raw_;
    } else {
      encoding = Encoding::kDeltaBinaryPacked;
      body_.clear();
      delta_.Finish(&body_);
      body = body_;
    }
  } else if (!indices_.empty()) {
    // Dictionary indices: one byte of bit width, then the RLE/bit-packed hybrid.
    encoding = Encoding::kRleDictionary;
    const int width = BitWidthFor(dictionary_.size() == 0 ? 0 : dictionary_.size() - 1);
    body_.clear();
    body_.push_back(static_cast<char>(width));
    RleHybridEncode(indices_, width, &body_);
    body = body_;
    indices_.clear();
  } else if (schema_.type == PhysicalType::kBoolean) {
    // PLAIN booleans: bit-packed, LSB first.
    body_.assign((raw_.size() + 7) / 8, '\0');
    for (size_t i = 0; i < raw_.size(); ++i) {
      if (raw_[i] != 0) body_[i / 8] = static_cast<char>(body_[i / 8] | (1 << (i % 8)));
    }
    body = body_;
  } else {
    body = raw_;
  }
  std::string_view compressed;
  if (!compressor_->Compress(body, &compressed)) failed_ = true;
  const size_t header_start = pages_.size();
  EncodeDataPageHeader(static_cast<int32_t>(body.size()), static_cast<int32_t>(compressed.size()),
                       static_cast<int32_t>(page_values_), encoding, &pages_);
  const size_t header_bytes = pages_.size() - header_start;
  pages_.append(compressed);
  uncompressed_bytes_ += static_cast<int64_t>(header_bytes + body.size());
  compressed_bytes_ += static_cast<int64_t>(header_bytes + compressed.size());
  num_values_ += page_values_;
  NoteEncoding(encoding);
  page_values_ = 0;
  raw_.clear();
}

size_t ColumnWriter::BufferedBytes() const {
  return pages_.size() + raw_.size() + indices_.size() * sizeof(uint32_t) + delta_.encoded_bytes() +
         dictionary_.memory_bytes();
}

bool ColumnWriter::FinishChunk(int64_t offset, ColumnChunkMeta* meta) {
  FlushPage();
  dictionary_page_.clear();
  int64_t uncompressed = uncompressed_bytes_;
  int64_t compressed = compressed_bytes_;
  meta->dictionary_page_offset = -1;
  std::vector<Encoding> encodings;
  if (dictionary_.size() > 0) {
    std::string_view body;
    if (!compressor_->Compress(dictionary_.plain(), &body)) failed_ = true;
    EncodeDictionaryPageHeader(static_cast<int32_t>(dictionary_.plain_bytes()),
                               static_cast<int32_t>(body.size()),
                               static_cast<int32_t>(dictionary_.size()), &dictionary_page_);
    const size_t header_bytes = dictionary_page_.size();
    dictionary_page_.append(body);
    uncompressed += static_cast<int64_t>(header_bytes + dictionary_.plain_bytes());
    compressed += static_cast<int64_t>(header_bytes + body.size());
    meta->dictionary_page_offset = offset;
    encodings.push_back(Encoding::kPlain);  // the dictionary page's entries
  }
  for (Encoding e : encodings_) {
    if (std::find(encodings.begin(), encodings.end(), e) == encodings.end()) encodings.push_back(e);
  }
  meta->type = schema_.type;
  meta->encodings = std::move(encodings);
  meta->path = schema_.name;
  meta->codec = compressor_->codec();
  meta->num_values = num_values_;
  meta->total_uncompressed_size = uncompressed;
  meta->total_compressed_size = compressed;
  meta->data_page_offset = offset + static_cast<int64_t>(dictionary_page_.size());
  FillStatistics(meta);
  return !failed_;
}

void ColumnWriter::ResetChunk() {
  dictionary_.Clear();
  dictionary_full_ = false;
  std::fill(key_index_.begin(), key_index_.end(), 0);
  has_last_ = false;
  pages_.clear();
  dictionary_page_.clear();
  encodings_.clear();
  num_values_ = 0;
  min_key_ = INT64_MAX;
  max_key_ = INT64_MIN;
  uncompressed_bytes_ = 0;
  compressed_bytes_ = 0;
  // Memory must not grow with the run: give back what an unusually large chunk took.
  if (pages_.capacity() > (size_t{8} << 20)) std::string().swap(pages_);
}

}  // namespace ior::internal::parquet
