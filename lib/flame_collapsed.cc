#include "ior/flame_collapsed.h"

#include <fcntl.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ior {
namespace {

constexpr std::string_view kUnknownFrame = "[unknown]";

constexpr struct {
  FlameField field;
  std::string_view name;
} kFieldNames[] = {
    {FlameField::kComm, "comm"}, {FlameField::kTracepoint, "tracepoint"},
    {FlameField::kPath, "path"}, {FlameField::kPid, "pid"},
    {FlameField::kTid, "tid"},   {FlameField::kFlags, "flags"},
};

constexpr struct {
  FlameWeight weight;
  std::string_view name;
} kWeightNames[] = {
    {FlameWeight::kCount, "count"},
    {FlameWeight::kDuration, "duration"},
    {FlameWeight::kDurationToPrev, "durationToPrev"},
    {FlameWeight::kBytes, "bytes"},
};

void AppendHex(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\x");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// Length of the valid, printable UTF-8 sequence at s[i], or 0.
size_t PrintableUtf8Length(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return (c >= 0x20 && c != 0x7f) ? 1 : 0;
  if ((c & 0xe0) == 0xc0) {
    n = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  if (cp >= 0x80 && cp <= 0x9f) return 0;  // C1 controls
  return n;
}

// Appends `text` escaped: LF/CR always, the rest of the unprintable bytes when `terminal`.
void AppendEscaped(std::string_view text, bool terminal, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r') {
      AppendHex(c, out);
      ++i;
      continue;
    }
    if (!terminal) {
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == '\\') {
      out->append("\\\\");
      ++i;
      continue;
    }
    const size_t n = PrintableUtf8Length(text, i);
    if (n == 0) {
      AppendHex(c, out);
      ++i;
    } else {
      out->append(text.substr(i, n));
      i += n;
    }
  }
}

void PushFrame(FlameField field, std::string_view text, bool terminal,
               std::vector<FlameFrame>* frames, size_t* used) {
  if (*used == frames->size()) frames->emplace_back();
  FlameFrame& f = (*frames)[(*used)++];
  f.field = field;
  f.placeholder = false;
  f.text.clear();
  AppendEscaped(text, terminal, &f.text);
}

}  // namespace

absl::StatusOr<std::vector<FlameField>> ParseFlameFields(std::string_view list) {
  std::vector<FlameField> out;
  size_t begin = 0;
  while (begin <= list.size()) {
    size_t comma = list.find(',', begin);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view name = list.substr(begin, comma - begin);
    bool found = false;
    for (const auto& f : kFieldNames) {
      if (f.name == name) {
        out.push_back(f.field);
        found = true;
      }
    }
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown field '", std::string(name),
                       "': expected a comma-separated list of comm, tracepoint, path, pid, tid, "
                       "flags"));
    }
    begin = comma + 1;
  }
  return out;
}

absl::StatusOr<FlameWeight> ParseFlameWeight(std::string_view name) {
  for (const auto& w : kWeightNames) {
    if (w.name == name) return w.weight;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown count '", std::string(name),
                   "': expected count, duration, durationToPrev or bytes"));
}

std::string_view FlameFieldName(FlameField field) {
  for (const auto& f : kFieldNames) {
    if (f.field == field) return f.name;
  }
  return "?";
}

std::string_view FlameWeightName(FlameWeight weight) {
  for (const auto& w : kWeightNames) {
    if (w.weight == weight) return w.name;
  }
  return "?";
}

uint64_t FlameWeightOf(const FlameCounters& c, FlameWeight weight) {
  switch (weight) {
    case FlameWeight::kCount:
      return c.count;
    case FlameWeight::kDuration:
      return c.duration_ns;
    case FlameWeight::kDurationToPrev:
      return c.duration_to_prev_ns;
    case FlameWeight::kBytes:
      return c.bytes;
  }
  return 0;
}

std::string OpenFlagsName(uint32_t flags) {
  std::string out;
  switch (flags & O_ACCMODE) {
    case O_WRONLY:
      out = "O_WRONLY";
      break;
    case O_RDWR:
      out = "O_RDWR";
      break;
    case O_RDONLY:
      out = "O_RDONLY";
      break;
    default:
      out = "O_ACCMODE";
  }
  static constexpr struct {
    uint32_t bit;
    std::string_view name;
  } kBits[] = {
      {O_CREAT, "O_CREAT"},         {O_EXCL, "O_EXCL"},           {O_NOCTTY, "O_NOCTTY"},
      {O_TRUNC, "O_TRUNC"},         {O_APPEND, "O_APPEND"},       {O_NONBLOCK, "O_NONBLOCK"},
      {O_DSYNC, "O_DSYNC"},         {FASYNC, "O_ASYNC"},          {O_DIRECT, "O_DIRECT"},
      {O_LARGEFILE, "O_LARGEFILE"}, {O_DIRECTORY, "O_DIRECTORY"}, {O_NOFOLLOW, "O_NOFOLLOW"},
      {O_NOATIME, "O_NOATIME"},     {O_CLOEXEC, "O_CLOEXEC"},     {O_PATH, "O_PATH"},
  };
  uint32_t rest = flags & ~static_cast<uint32_t>(O_ACCMODE);
  // O_SYNC and O_TMPFILE include O_DSYNC and O_DIRECTORY: name them as a whole.
  if ((rest & O_SYNC) == static_cast<uint32_t>(O_SYNC)) {
    out += "|O_SYNC";
    rest &= ~static_cast<uint32_t>(O_SYNC);
  }
  if ((rest & O_TMPFILE) == static_cast<uint32_t>(O_TMPFILE)) {
    out += "|O_TMPFILE";
    rest &= ~static_cast<uint32_t>(O_TMPFILE);
  }
  for (const auto& b : kBits) {
    if (rest & b.bit) {
      out += "|";
      out += b.name;
      rest &= ~b.bit;
    }
  }
  if (rest != 0) absl::StrAppend(&out, "|0", absl::Hex(rest));
  return out;
}

void FlameFrames(const FlameRecord& record, const FlameStackOptions& options,
                 std::vector<FlameFrame>* frames) {
  const bool terminal = options.escape_terminal;
  size_t used = 0;
  std::string number;
  for (FlameField field : options.fields) {
    switch (field) {
      case FlameField::kComm:
        if (!record.comm.empty()) PushFrame(field, record.comm, terminal, frames, &used);
        break;
      case FlameField::kTracepoint:
        if (!record.syscall.empty()) {
          PushFrame(field, absl::StrCat("enter_", std::string(record.syscall)), terminal, frames,
                    &used);
        }
        break;
      case FlameField::kPath: {
        // Split on '/', rejoin with ";/": each part after the first keeps its leading slash.
        std::string_view path = record.path;
        if (path.empty()) break;
        size_t start = 0;
        size_t slash = path.find('/');
        for (;;) {
          if (slash == std::string_view::npos) {
            PushFrame(field, path.substr(start), terminal, frames, &used);
            break;
          }
          PushFrame(field, path.substr(start, slash - start), terminal, frames, &used);
          start = slash;
          slash = path.find('/', slash + 1);
        }
        break;
      }
      case FlameField::kPid:
        number = std::to_string(record.pid);
        PushFrame(field, number, terminal, frames, &used);
        break;
      case FlameField::kTid:
        number = std::to_string(record.tid);
        PushFrame(field, number, terminal, frames, &used);
        break;
      case FlameField::kFlags:
        PushFrame(field, OpenFlagsName(record.flags), terminal, frames, &used);
        break;
    }
  }
  if (used == 0) {
    PushFrame(FlameField::kPath, kUnknownFrame, false, frames, &used);
    (*frames)[0].placeholder = true;
  }
  frames->resize(used);
}

std::vector<CollapsedStack> CollapseStacks(const FlameAggregator& flame,
                                           const FlameStackOptions& options) {
  absl::flat_hash_map<std::string, uint64_t> sums;
  std::vector<FlameFrame> frames;
  std::string stack;
  flame.ForEach([&](const FlameRecord& r) {
    const uint64_t value = FlameWeightOf(r.counters, options.weight);
    if (value == 0) return;
    FlameFrames(r, options, &frames);
    stack.clear();
    for (size_t i = 0; i < frames.size(); ++i) {
      if (i > 0) stack.push_back(';');
      stack.append(frames[i].text);
    }
    sums[stack] += value;
  });
  std::vector<CollapsedStack> out;
  out.reserve(sums.size());
  for (auto& [s, v] : sums) out.push_back(CollapsedStack{s, v});
  std::sort(out.begin(), out.end(),
            [](const CollapsedStack& a, const CollapsedStack& b) { return a.stack < b.stack; });
  return out;
}

std::string FormatCollapsed(const FlameAggregator& flame, const FlameStackOptions& options) {
  std::string out;
  for (const CollapsedStack& s : CollapseStacks(flame, options)) {
    absl::StrAppend(&out, s.stack, " ", s.value, "\n");
  }
  return out;
}

}  // namespace ior
