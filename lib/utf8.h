// UTF-8 checks shared by the sinks that print traced text (CSV, Parquet, trace JSON): comm and
// file names come from the traced processes and may hold any bytes.
#ifndef IOR_LIB_UTF8_H_
#define IOR_LIB_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ior::internal {

inline bool IsUtf8Continuation(unsigned char c) { return (c & 0xc0) == 0x80; }

// Length of the well-formed UTF-8 sequence at text[i] (whose first byte is >= 0x80), or 0 if
// it is malformed, overlong, a surrogate or beyond U+10FFFF.
inline size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char lead = byte(0);
  const unsigned char second = byte(1);
  if (lead >= 0xc2 && lead <= 0xdf) return IsUtf8Continuation(second) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const unsigned char lo = lead == 0xe0 ? 0xa0 : 0x80;
    const unsigned char hi = lead == 0xed ? 0x9f : 0xbf;
    if (second < lo || second > hi || !IsUtf8Continuation(byte(2))) return 0;
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const unsigned char lo = lead == 0xf0 ? 0x90 : 0x80;
    const unsigned char hi = lead == 0xf4 ? 0x8f : 0xbf;
    if (second < lo || second > hi || !IsUtf8Continuation(byte(2)) ||
        !IsUtf8Continuation(byte(3))) {
      return 0;
    }
    return 4;
  }
  return 0;
}

// Whether the (well-formed) 2-byte sequence at text[i] is a C1 control, U+0080..U+009F.
inline bool IsUtf8C1Control(std::string_view text, size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xc2 &&
         static_cast<unsigned char>(text[i + 1]) < 0xa0;
}

// Length of the bidirectional formatting character at text[i] (2 or 3 bytes), or 0. These
// reorder how a terminal or an editor shows the text around them ("Trojan Source"): the
// embeddings and overrides U+202A..U+202E, the isolates U+2066..U+2069, and the marks U+200E,
// U+200F and U+061C.
inline size_t Utf8BidiControlLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  if (byte(0) == 0xd8 && byte(1) == 0x9c) return 2;  // U+061C
  if (byte(0) != 0xe2) return 0;
  if (byte(1) == 0x80 &&
      ((byte(2) >= 0xaa && byte(2) <= 0xae) || byte(2) == 0x8e || byte(2) == 0x8f)) {
    return 3;
  }
  if (byte(1) == 0x81 && byte(2) >= 0xa6 && byte(2) <= 0xa9) return 3;
  return 0;
}

// `text` with every byte that is not part of well-formed UTF-8 replaced by `\xHH` (lower-case
// hex), as the original tool repairs names for Parquet. Everything else, control characters
// included, is kept. Returns `text` itself when it is valid, else a view of `scratch`.
inline std::string_view RepairUtf8(std::string_view text, std::string* scratch) {
  size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  if (i == text.size()) return text;  // ASCII: the common case
  static constexpr char kHex[] = "0123456789abcdef";
  bool repaired = false;
  scratch->assign(text.data(), i);
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      scratch->push_back(static_cast<char>(c));
      ++i;
    } else if (size_t len = Utf8SequenceLength(text, i); len != 0) {
      scratch->append(text.data() + i, len);
      i += len;
    } else {
      const char escape[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xf]};
      scratch->append(escape, 4);
      repaired = true;
      ++i;
    }
  }
  return repaired ? std::string_view(*scratch) : text;
}

}  // namespace ior::internal

#endif  // IOR_LIB_UTF8_H_
