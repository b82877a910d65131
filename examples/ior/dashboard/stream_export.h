// The Stream tab's text: one row as searchable text, and the CSV export (e) of the rows that
// pass the filter. The export's columns are the first of the original's stream export (same
// names, same order, so that a reader of either finds what it knows):
//
//   seq,time_ns,gap_ns,latency_ns,comm,pid,tid,syscall,fd,ret,bytes,file,error,family
//
// time_ns is the call's entry (CLOCK_BOOTTIME), fd and ret are empty when there is none, error
// is 1 for a failed call. Traced text (comm, file) is escaped as the CSV output escapes it
// (ior::EscapeText: control bytes, bidi controls and invalid UTF-8 as \xHH), then quoted as
// RFC 4180 asks.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_STREAM_EXPORT_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_STREAM_EXPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "model.h"

namespace ior::dashboard {

inline constexpr std::string_view kStreamCsvHeader =
    "seq,time_ns,gap_ns,latency_ns,comm,pid,tid,syscall,fd,ret,bytes,file,error,family";

// Appends the row's CSV line, with its line end.
void AppendStreamCsv(const StreamRow& row, std::string* out);

// The row's fields as the Stream tab shows them (comm, pid, tid, syscall, fd, ret, bytes,
// file; raw, unescaped), joined by blanks: what '/' searches.
std::string StreamRowText(const StreamRow& row);

// Writes the header and `rows` to a new file ior-stream-<YYYYMMDD-HHMMSS>.csv in `dir` (-1,
// -2... appended rather than overwriting a file). Returns its absolute path.
absl::StatusOr<std::string> ExportStreamCsv(const std::vector<StreamRow>& rows,
                                            const std::string& dir = ".");

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_STREAM_EXPORT_H_
