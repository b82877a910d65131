#include "parquet/string_dictionary.h"

namespace ior::internal::parquet {

void StringDictionary::AppendPlain(std::string_view value) {
  const uint32_t length = static_cast<uint32_t>(value.size());
  const char prefix[4] = {static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
                          static_cast<char>((length >> 16) & 0xff),
                          static_cast<char>((length >> 24) & 0xff)};
  plain_.append(prefix, 4);
  plain_.append(value);
}

void StringDictionary::Clear() {
  index_.clear();
  plain_.clear();
}

}  // namespace ior::internal::parquet
