#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ior/csv.h"
#include "ior/error.h"
#include "ior/event.h"
#include "ior/file_label.h"
#include "ior/syscall_names.h"
#include "utf8.h"

namespace ior {
namespace {

constexpr size_t kMinBufferBytes = 4096;
// Room for everything of a row up to the ret column except comm: two padded durations, pid.tid,
// a syscall name of the "syscall_<nr>" form, ret and the separators, with a wide margin. comm
// and the syscall name from the table reserve their own room.
constexpr size_t kFixedRowBytes = 160;
// The most bytes one step of PutField() writes: a 4-byte UTF-8 sequence or a `\xHH` escape.
constexpr size_t kMaxStepBytes = 4;
// Zero-padding width of the duration columns (the original's %08d).
constexpr int kDurationWidth = 8;

char* PutPadded(char* p, uint64_t value) {
  char digits[24];
  std::to_chars_result r = std::to_chars(digits, digits + sizeof(digits), value);
  const ptrdiff_t n = r.ptr - digits;
  for (ptrdiff_t i = n; i < kDurationWidth; ++i) *p++ = '0';
  std::memcpy(p, digits, static_cast<size_t>(n));
  return p + n;
}

template <typename Int>
char* PutInt(char* p, Int value) {
  return std::to_chars(p, p + 24, value).ptr;
}

char* PutHexEscape(char* p, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  p[0] = '\\';
  p[1] = 'x';
  p[2] = kHex[c >> 4];
  p[3] = kHex[c & 0xf];
  return p + 4;
}

// Length of the well-formed, printable UTF-8 sequence at text[i] (whose first byte is >= 0x80),
// or 0 if it is malformed (see utf8.h), a C1 control character or a bidirectional control
// (whose bytes are then escaped one by one).
size_t PrintableUtf8Length(std::string_view text, size_t i) {
  const size_t len = internal::Utf8SequenceLength(text, i);
  if (len == 0 || (len == 2 && internal::IsUtf8C1Control(text, i))) return 0;
  return internal::Utf8BidiControlLength(text, i) != 0 ? 0 : len;
}

// Whether `text` goes out as it is in either mode: no byte to quote, escape or check as UTF-8.
// Comms and paths nearly always are, and then a field is one scan and one copy.
bool IsPlainField(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == ',' || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

CsvWriter::CsvWriter(std::FILE* out, const Options& options) : file_(out), escape_(options.escape) {
  Init(options.buffer_bytes);
}

CsvWriter::CsvWriter(std::string* out, const Options& options)
    : string_(out), escape_(options.escape) {
  Init(options.buffer_bytes);
}

CsvWriter::~CsvWriter() { (void)Flush(); }

void CsvWriter::Init(size_t buffer_bytes) {
  const size_t capacity = buffer_bytes < kMinBufferBytes ? kMinBufferBytes : buffer_bytes;
  buffer_ = std::make_unique<char[]>(capacity);
  pos_ = buffer_.get();
  end_ = pos_ + capacity;
}

void CsvWriter::Drain() {
  const size_t n = static_cast<size_t>(pos_ - buffer_.get());
  pos_ = buffer_.get();
  if (n == 0 || !status_.ok()) return;
  if (string_ != nullptr) {
    string_->append(buffer_.get(), n);
    return;
  }
  if (std::fwrite(buffer_.get(), 1, n, file_) != n) {
    status_ = ErrnoStatus(errno, "cannot write the CSV output");
  }
}

absl::Status CsvWriter::Flush() {
  Drain();
  if (file_ != nullptr && status_.ok() && std::fflush(file_) != 0) {
    status_ = ErrnoStatus(errno, "cannot write the CSV output");
  }
  return status_;
}

void CsvWriter::WriteHeader() {
  Reserve(kCsvHeader.size() + 1);
  std::memcpy(pos_, kCsvHeader.data(), kCsvHeader.size());
  pos_ += kCsvHeader.size();
  *pos_++ = '\n';
}

void CsvWriter::PutField(std::string_view text) {
  if (IsPlainField(text)) {
    Reserve(text.size());
    std::memcpy(pos_, text.data(), text.size());
    pos_ += text.size();
    return;
  }
  bool quote = false;
  for (char c : text) {
    if (c == ',' || c == '"' || (!escape_ && (c == '\n' || c == '\r'))) {
      quote = true;
      break;
    }
  }
  Reserve(1);
  if (quote) *pos_++ = '"';
  for (size_t i = 0; i < text.size();) {
    Reserve(kMaxStepBytes);
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      *pos_++ = '"';
      *pos_++ = '"';
      ++i;
    } else if (!escape_) {
      *pos_++ = static_cast<char>(c);
      ++i;
    } else if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        pos_ = PutHexEscape(pos_, c);
      } else if (c == '\\') {
        *pos_++ = '\\';
        *pos_++ = '\\';
      } else {
        *pos_++ = static_cast<char>(c);
      }
      ++i;
    } else if (size_t len = PrintableUtf8Length(text, i); len != 0) {
      std::memcpy(pos_, text.data() + i, len);
      pos_ += len;
      i += len;
    } else {
      pos_ = PutHexEscape(pos_, c);
      ++i;
    }
  }
  Reserve(1);
  if (quote) *pos_++ = '"';
}

void CsvWriter::Write(const Event& event, std::string_view file) {
  if (!status_.ok()) return;
  Reserve(kFixedRowBytes);
  pos_ = PutPadded(pos_, event.gap_ns);
  *pos_++ = ',';
  pos_ = PutPadded(pos_, event.latency_ns);
  *pos_++ = ',';
  PutField(std::string_view(event.comm, strnlen(event.comm, kCommLength)));

  Reserve(kFixedRowBytes);
  *pos_++ = ',';
  pos_ = PutInt(pos_, event.pid);
  *pos_++ = '.';
  pos_ = PutInt(pos_, event.tid);
  *pos_++ = ',';
  if (std::string_view name = KnownSyscallName(event.nr); !name.empty()) {
    Reserve(name.size() + 1);
    std::memcpy(pos_, name.data(), name.size());
    pos_ += name.size();
  } else {
    static constexpr std::string_view kPrefix = "syscall_";
    std::memcpy(pos_, kPrefix.data(), kPrefix.size());
    pos_ = PutInt(pos_ + kPrefix.size(), event.nr);
  }

  Reserve(kFixedRowBytes);
  *pos_++ = ',';
  if ((event.flags & kEventNoReturn) == 0) pos_ = PutInt(pos_, event.ret);
  *pos_++ = ',';
  PutField(file);
  Reserve(1);
  *pos_++ = '\n';
  ++rows_;
}

std::string_view CsvFileColumn(const EventBatch& batch, const Event& event, std::string* scratch) {
  std::string_view file = FileLabel(batch, event, scratch);
  return file.empty() ? kCsvNoFile : file;
}

void CsvWriter::Write(const EventBatch& batch) {
  for (const Event& e : batch.events()) Write(e, CsvFileColumn(batch, e, &scratch_));
}

}  // namespace ior
