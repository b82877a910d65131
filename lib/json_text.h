// Text as the body of a JSON string, shared by the sinks that write JSON (trace JSON, the
// run report): traced text (comm, file names) may hold any bytes.
#ifndef IOR_LIB_JSON_TEXT_H_
#define IOR_LIB_JSON_TEXT_H_

#include <string>
#include <string_view>

#include "utf8.h"

namespace ior::internal {

// Appends `text` to `out` as valid UTF-8 (repaired as `\xHH`, see RepairUtf8), with quotes,
// backslashes and control characters escaped. `scratch` is overwritten.
inline void AppendJsonText(std::string_view text, std::string* scratch, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : RepairUtf8(text, scratch)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20 || c == 0x7f) {
      const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
      out->append(escape, 6);
    } else {
      out->push_back(ch);
    }
  }
}

}  // namespace ior::internal

#endif  // IOR_LIB_JSON_TEXT_H_
