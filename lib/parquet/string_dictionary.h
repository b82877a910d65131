// The dictionary of one string column chunk: distinct values in first-seen order, with their
// PLAIN encoding (the body of the chunk's dictionary page) kept ready. Entries are found by a
// key, which is the value itself unless the caller stores a transformed value (a repaired
// name, found by the bytes as they came).
#ifndef IOR_LIB_PARQUET_STRING_DICTIONARY_H_
#define IOR_LIB_PARQUET_STRING_DICTIONARY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace ior::internal::parquet {

// Not thread-safe. Memory: the distinct strings twice (map key and PLAIN body), which the
// column writer bounds by falling back to PLAIN pages when plain_bytes() grows too large.
class StringDictionary {
 public:
  // The index of `value`, added at the end if new.
  uint32_t Insert(std::string_view value) {
    return Insert(value, [](std::string_view v) { return v; });
  }
  // The index of the entry found by `key`; if new, adds `make_value(key)` (a std::string_view,
  // copied) at the end. Two keys may map to equal values: a dictionary may repeat a value.
  template <typename MakeValue>
  uint32_t Insert(std::string_view key, MakeValue&& make_value) {
    // Debian's Abseil has its own string_view type: look up through it (no copy).
    auto it = index_.find(absl::string_view(key.data(), key.size()));
    if (it != index_.end()) return it->second;
    const uint32_t index = size();
    index_.emplace(std::string(key), index);
    AppendPlain(make_value(key));
    return index;
  }

  uint32_t size() const { return static_cast<uint32_t>(index_.size()); }
  // PLAIN encoding of the entries: for each, a 4-byte little-endian length and the bytes.
  const std::string& plain() const { return plain_; }
  size_t plain_bytes() const { return plain_.size(); }
  // Approximate memory held (for the writer's row-group budget).
  size_t memory_bytes() const { return plain_.size() * 2 + index_.size() * 48; }

  void Clear();

 private:
  void AppendPlain(std::string_view value);

  absl::flat_hash_map<std::string, uint32_t> index_;
  std::string plain_;
};

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_STRING_DICTIONARY_H_
