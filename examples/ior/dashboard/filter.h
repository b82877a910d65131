// The dashboard's one global filter: a line of terms, all of which a row must pass (AND).
//
//   syscall=read comm=cat file=/tmp pid=123 latency>=5ms gap<1us errors family=FS
//
// Text fields (syscall, comm, file, family): `=` or `~` is a case-insensitive substring,
// `==` an exact match, `!=` / `!~` the negations. Numeric fields (pid, tid, fd, ret, bytes,
// latency, gap): `=` (or `==`), `!=`, `>`, `>=`, `<`, `<=`; latency and gap take a duration
// with a unit (ns, us, ms, s; a bare number is ns). `errors` alone: failed calls only.
// Values may be double-quoted ("a b"); inside quotes \" and \\ stand for " and \.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_FILTER_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_FILTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ior::dashboard {

// The values of one row the filter looks at.
struct FilterInput {
  std::string_view syscall;
  std::string_view comm;
  std::string_view file;
  std::string_view family;
  int64_t pid = 0;
  int64_t tid = 0;
  int64_t fd = -1;
  int64_t ret = 0;
  uint64_t bytes = 0;
  uint64_t latency_ns = 0;
  uint64_t gap_ns = 0;
  bool error = false;
};

class Filter {
 public:
  enum class Field {
    kSyscall,
    kComm,
    kFile,
    kFamily,
    kPid,
    kTid,
    kFd,
    kRet,
    kBytes,
    kLatency,
    kGap,
    kErrors
  };
  enum class Op { kContains, kExact, kNotContains, kEq, kNe, kGt, kGe, kLt, kLe };
  struct Term {
    Field field;
    Op op;
    std::string text;  // text fields: lower-cased unless kExact
    int64_t number = 0;
  };

  // The empty filter passes every row.
  Filter() = default;

  // Errors: InvalidArgument naming the term, e.g. "unknown field 'sycall' in 'sycall=read'
  // (fields: syscall comm file family pid tid fd ret bytes latency gap errors)".
  static absl::StatusOr<Filter> Parse(std::string_view line);

  bool Matches(const FilterInput& row) const;
  bool empty() const { return terms_.empty(); }
  const std::vector<Term>& terms() const { return terms_; }
  // The line it was parsed from, trimmed ("" for the empty filter).
  const std::string& text() const { return text_; }

 private:
  std::vector<Term> terms_;
  std::string text_;
};

// "5ms" → 5000000. Units ns, us (or µs), ms, s, m; a bare number is ns. InvalidArgument if bad.
absl::StatusOr<uint64_t> ParseDuration(std::string_view text);

// Whether a return value is an error: -4095..-1 except the kernel's restart codes, which never
// reach the caller.
bool IsErrorReturn(int64_t ret);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_FILTER_H_
