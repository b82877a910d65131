#include "parquet/string_dictionary.h"

#include "absl/strings/string_view.h"

namespace ior::internal::parquet {

uint32_t StringDictionary::Insert(std::string_view value) {
  // Debian's Abseil has its own string_view type: look up through it (no copy).
  auto it = index_.find(absl::string_view(value.data(), value.size()));
  if (it != index_.end()) return it->second;
  const uint32_t index = size();
  index_.emplace(std::string(value), index);
  const uint32_t length = static_cast<uint32_t>(value.size());
  char prefix[4] = {static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
                    static_cast<char>((length >> 16) & 0xff),
                    static_cast<char>((length >> 24) & 0xff)};
  plain_.append(prefix, 4);
  plain_.append(value);
  return index;
}

void StringDictionary::Clear() {
  index_.clear();
  plain_.clear();
}

}  // namespace ior::internal::parquet
