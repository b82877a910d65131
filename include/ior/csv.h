// ior::CsvWriter: events as the original ior's plain CSV, 7 RFC 4180 columns.
//
//   durationToPrevNs,durationNs,comm,pid.tid,name,ret,file
//   00001234,00000567,cat,4242.4242,openat,3,N:file
//
//   ior::CsvWriter csv(stdout);
//   csv.WriteHeader();
//   session->Poll(absl::Milliseconds(100), [&](const ior::EventBatch& batch) {
//     csv.Write(batch);
//     return csv.status().ok() ? 0 : 1;
//   });
//   csv.Flush();
//
// Columns: the two durations (Event::gap_ns, Event::latency_ns) in nanoseconds, zero-padded to
// at least 8 digits; the task name; process and thread id joined by a dot; the syscall name
// (ior::SyscallName); the return value in decimal, empty for calls that never return
// (kEventNoReturn); the file the call touched, or the placeholder "N:file" when none is known.
//
// Quoting follows RFC 4180: a field that holds a comma, a double quote, CR or LF is enclosed in
// double quotes and its double quotes are doubled. Traced text (comm, file) is untrusted: unless
// CsvWriter::Options::escape is false, control bytes, DEL, the C1 controls (U+0080..U+009F),
// the bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C: each of
// their bytes) and bytes that are not valid UTF-8 are written as `\xHH` and a backslash as `\\`,
// so the output is printable, cannot drive a terminal and shows its text in its real order.
// Valid printable UTF-8 is kept as is. ior::EscapeText() (ior/escape.h) applies the same rules.
//
// Threads: a writer is not thread-safe; use it from one thread at a time. It never prints by
// itself and never throws. Rows are formatted into the writer's own buffer (no allocation per
// row) and written out when the buffer fills, on Flush() and on destruction.
#ifndef IOR_INCLUDE_IOR_CSV_H_
#define IOR_INCLUDE_IOR_CSV_H_

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ior/event.h"

namespace ior {

// The header line of the plain CSV, without its line end.
inline constexpr std::string_view kCsvHeader =
    "durationToPrevNs,durationNs,comm,pid.tid,name,ret,file";
// The file column of an event whose file is not known.
inline constexpr std::string_view kCsvNoFile = "N:file";

// The file column of `event` (from `batch`): ior::FileLabel() (a path or kernel name,
// "old -> new" for rename/link/symlink calls, "E:ino:<n>" when only the identity is known), or
// kCsvNoFile when the call has no file. May point into the batch or into `scratch`.
std::string_view CsvFileColumn(const EventBatch& batch, const Event& event, std::string* scratch);

class CsvWriter {
 public:
  struct Options {
    // Size of the writer's buffer; at least 4096 bytes are used.
    size_t buffer_bytes = size_t{256} << 10;
    // Escape control bytes and invalid UTF-8 in comm and file (see the top of this file). When
    // false those fields are written byte for byte (still RFC 4180 quoted).
    bool escape = true;
  };

  // Writes to `out`, which the caller owns and keeps open for the writer's lifetime. `out` must
  // not be NULL. Bytes reach `out` with fwrite(); Flush() also fflush()es it.
  explicit CsvWriter(std::FILE* out) : CsvWriter(out, Options()) {}
  CsvWriter(std::FILE* out, const Options& options);
  // Appends to `*out`, which the caller owns and keeps alive for the writer's lifetime. `out`
  // must not be NULL. Meant for tests and for callers that ship the text themselves.
  explicit CsvWriter(std::string* out) : CsvWriter(out, Options()) {}
  CsvWriter(std::string* out, const Options& options);

  ~CsvWriter();  // flushes; a failure is lost (call Flush() first to see it)
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Writes kCsvHeader and a line end.
  void WriteHeader();

  // Writes one row. `file` is the file column, written with the same quoting and escaping as
  // comm; the default is the "N:file" placeholder. `file` is only read during the call.
  void Write(const Event& event, std::string_view file = kCsvNoFile);

  // Writes one row per event of `batch`; the file column comes from CsvFileColumn().
  void Write(const EventBatch& batch);

  // Hands the buffered bytes to the output and, for a FILE*, fflush()es it. Returns status().
  absl::Status Flush();

  // OK, or the first write error (for a FILE*: the errno of the failed fwrite/fflush, e.g. EPIPE
  // when a reader went away). After an error, further output is discarded.
  const absl::Status& status() const { return status_; }

  // Rows written so far, the header not included.
  size_t rows() const { return rows_; }

 private:
  void Init(size_t buffer_bytes);
  // Makes room for `n` more bytes (n <= capacity_), writing the buffer out if needed.
  void Reserve(size_t n) {
    if (static_cast<size_t>(end_ - pos_) < n) Drain();
  }
  void Drain();
  void PutField(std::string_view text);

  std::FILE* file_ = nullptr;
  std::string* string_ = nullptr;
  bool escape_ = true;
  std::unique_ptr<char[]> buffer_;
  char* pos_ = nullptr;
  char* end_ = nullptr;
  size_t rows_ = 0;
  std::string scratch_;  // file labels that must be composed
  absl::Status status_;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_CSV_H_
