#include "escape.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace ior::dashboard {
namespace {

std::atomic<bool> g_utf8{true};

void AppendHexByte(std::string& out, unsigned char c) {
  char buf[5];
  std::snprintf(buf, sizeof(buf), "\\x%02x", c);
  out.append(buf);
}

void AppendCodePoint(std::string& out, uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "\\u{%04X}", static_cast<unsigned>(cp));
  out.append(buf);
}

// Decodes one UTF-8 character at the start of `s`. Returns its length (1..4) and sets `cp`, or 0
// for an invalid sequence (bad lead or continuation byte, overlong form, surrogate, > U+10FFFF,
// cut short).
size_t DecodeUtf8(std::string_view s, uint32_t& cp) {
  const auto b = [&s](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  size_t len = 0;
  uint32_t min = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((b(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Characters that move, reorder, hide or break text without being visible themselves: C1
// controls, bidirectional marks, embeddings, overrides and isolates, zero-width characters,
// line and paragraph separators, the byte order mark and interlinear annotations.
bool IsUnsafeCodePoint(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x180E ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
         (cp >= 0xE0000 && cp <= 0xE007F);
}

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool IsCombining(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

}  // namespace

void SetTerminalUtf8(bool utf8) { g_utf8.store(utf8, std::memory_order_relaxed); }

std::string EscapeText(std::string_view text) {
  return EscapeText(text, g_utf8.load(std::memory_order_relaxed));
}

std::string EscapeText(std::string_view text, bool utf8) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text[0]);
    if (c == '\\') {
      out.append("\\\\");
      text.remove_prefix(1);
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      AppendHexByte(out, c);
      text.remove_prefix(1);
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      text.remove_prefix(1);
      continue;
    }
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(text, cp);
    if (len == 0) {
      AppendHexByte(out, c);
      text.remove_prefix(1);
      continue;
    }
    if (!utf8 || IsUnsafeCodePoint(cp)) {
      AppendCodePoint(out, cp);
    } else {
      out.append(text.substr(0, len));
    }
    text.remove_prefix(len);
  }
  return out;
}

int DisplayWidth(std::string_view escaped) {
  int width = 0;
  while (!escaped.empty()) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(escaped, cp);
    if (len == 0) len = 1;  // not from EscapeText; count the byte
    width += IsCombining(cp) ? 0 : IsWide(cp) ? 2 : 1;
    escaped.remove_prefix(len);
  }
  return width;
}

std::string FitWidth(std::string_view escaped, int width, bool pad) {
  std::string out;
  if (width <= 0) return out;
  int used = DisplayWidth(escaped);
  if (used <= width) {
    out.assign(escaped);
  } else {
    // Cut: characters up to width - 1 columns, then the cut mark.
    used = 0;
    while (!escaped.empty()) {
      uint32_t cp = 0;
      size_t len = DecodeUtf8(escaped, cp);
      if (len == 0) len = 1;
      const int w = IsCombining(cp) ? 0 : IsWide(cp) ? 2 : 1;
      if (used + w > width - 1) break;
      out.append(escaped.substr(0, len));
      used += w;
      escaped.remove_prefix(len);
    }
    out.append(static_cast<size_t>(width - 1 - used), ' ');
    out.push_back('~');
    used = width;
  }
  if (pad && used < width) out.append(static_cast<size_t>(width - used), ' ');
  return out;
}

std::string FitWidthTail(std::string_view escaped, int width) {
  if (width <= 0) return std::string();
  if (DisplayWidth(escaped) <= width) return std::string(escaped);
  // Characters from the end while they fit in width - 1 columns.
  std::vector<std::string_view> chars;
  while (!escaped.empty()) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(escaped, cp);
    if (len == 0) len = 1;
    chars.push_back(escaped.substr(0, len));
    escaped.remove_prefix(len);
  }
  int used = 0;
  size_t first = chars.size();
  while (first > 0) {
    uint32_t cp = 0;
    DecodeUtf8(chars[first - 1], cp);
    const int w = IsCombining(cp) ? 0 : IsWide(cp) ? 2 : 1;
    if (used + w > width - 1) break;
    used += w;
    --first;
  }
  std::string out(static_cast<size_t>(width - 1 - used), ' ');
  out.push_back('~');
  for (size_t i = first; i < chars.size(); ++i) out.append(chars[i]);
  return out;
}

}  // namespace ior::dashboard
