#include "ior/escape.h"

#include <string>
#include <string_view>

#include "utf8.h"

namespace ior {

std::string EscapeText(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  const auto escape = [&out](unsigned char c) {
    const char e[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xf]};
    out.append(e, 4);
  };
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        escape(c);
      } else if (c == '\\') {
        out += "\\\\";
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const size_t len = internal::Utf8SequenceLength(text, i);
    if (len == 0 || (len == 2 && internal::IsUtf8C1Control(text, i)) ||
        internal::Utf8BidiControlLength(text, i) != 0) {
      escape(c);  // the following bytes are escaped as stray continuation bytes
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  return out;
}

}  // namespace ior
