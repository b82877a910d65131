#include "filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ior::dashboard {
namespace {

constexpr std::string_view kFieldList =
    "syscall comm file family pid tid fd ret bytes latency gap errors";

struct FieldName {
  std::string_view name;
  Filter::Field field;
};
constexpr FieldName kFieldNames[] = {
    {"syscall", Filter::Field::kSyscall}, {"sc", Filter::Field::kSyscall},
    {"name", Filter::Field::kSyscall},    {"comm", Filter::Field::kComm},
    {"file", Filter::Field::kFile},       {"path", Filter::Field::kFile},
    {"family", Filter::Field::kFamily},   {"pid", Filter::Field::kPid},
    {"tid", Filter::Field::kTid},         {"fd", Filter::Field::kFd},
    {"ret", Filter::Field::kRet},         {"retval", Filter::Field::kRet},
    {"bytes", Filter::Field::kBytes},     {"latency", Filter::Field::kLatency},
    {"lat", Filter::Field::kLatency},     {"gap", Filter::Field::kGap},
    {"errors", Filter::Field::kErrors},   {"error", Filter::Field::kErrors},
};

bool IsTextField(Filter::Field f) {
  return f == Filter::Field::kSyscall || f == Filter::Field::kComm || f == Filter::Field::kFile ||
         f == Filter::Field::kFamily;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Case-insensitive substring search without allocating; `needle` is lower case.
bool ContainsLower(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) == needle[k]) {
      ++k;
    }
    if (k == needle.size()) return true;
  }
  return false;
}

absl::Status TermError(std::string_view term, std::string_view what) {
  std::string msg(what);
  msg.append(" in '").append(term).append("'");
  return absl::InvalidArgumentError(msg);
}

// Splits the line into terms at blanks outside double quotes; unquotes values.
absl::StatusOr<std::vector<std::string>> SplitTerms(std::string_view line) {
  std::vector<std::string> terms;
  std::string cur;
  bool in_term = false;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) {
        cur.push_back(line[++i]);
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (in_term) terms.push_back(std::move(cur));
      cur.clear();
      in_term = false;
      continue;
    }
    in_term = true;
    if (c == '"') {
      quoted = true;
    } else {
      cur.push_back(c);
    }
  }
  if (quoted) return absl::InvalidArgumentError("unterminated quote");
  if (in_term) terms.push_back(std::move(cur));
  return terms;
}

absl::StatusOr<int64_t> ParseInteger(std::string_view text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  std::from_chars_result r = std::from_chars(text.data(), end, v);
  if (text.empty() || r.ec != std::errc() || r.ptr != end) {
    return absl::InvalidArgumentError("not a number");
  }
  return v;
}

}  // namespace

bool IsErrorReturn(int64_t ret) {
  if (ret < -4095 || ret > -1) return false;
  return ret != -512 && ret != -513 && ret != -514 && ret != -516;
}

absl::StatusOr<uint64_t> ParseDuration(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
    ++digits;
  }
  std::string_view number = text.substr(0, digits);
  std::string_view unit = text.substr(digits);
  double scale = 0;
  if (unit.empty() || unit == "ns") {
    scale = 1;
  } else if (unit == "us" || unit == "\xC2\xB5s") {
    scale = 1e3;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "s") {
    scale = 1e9;
  } else if (unit == "m") {
    scale = 60e9;
  } else {
    return absl::InvalidArgumentError("unknown duration unit (ns, us, ms, s, m)");
  }
  double value = 0;
  const char* end = number.data() + number.size();
  std::from_chars_result r = std::from_chars(number.data(), end, value);
  if (number.empty() || r.ec != std::errc() || r.ptr != end) {
    return absl::InvalidArgumentError("not a duration (e.g. 5ms)");
  }
  const double ns = value * scale;
  if (ns >= 1.8e19) return absl::InvalidArgumentError("duration out of range");
  return static_cast<uint64_t>(std::llround(ns));
}

absl::StatusOr<Filter> Filter::Parse(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  Filter filter;
  filter.text_ = std::string(line);
  absl::StatusOr<std::vector<std::string>> terms = SplitTerms(line);
  if (!terms.ok()) return terms.status();
  for (const std::string& raw : *terms) {
    std::string_view term = raw;
    const size_t op_at = term.find_first_of("=!~<>");
    std::string_view name = term.substr(0, op_at);
    const FieldName* field = nullptr;
    const std::string lower_name = Lower(name);
    for (const FieldName& f : kFieldNames) {
      if (f.name == lower_name) field = &f;
    }
    if (field == nullptr) {
      std::string what = "unknown field '";
      what.append(name).append("' (fields: ").append(kFieldList).append(")");
      return TermError(term, what);
    }
    Term t{field->field, Op::kEq, "", 0};
    if (field->field == Field::kErrors) {
      if (op_at != std::string_view::npos) return TermError(term, "'errors' takes no value");
      filter.terms_.push_back(std::move(t));
      continue;
    }
    if (op_at == std::string_view::npos) {
      return TermError(term, "expected an operator (= == != ~ !~ > >= < <=)");
    }
    std::string_view rest = term.substr(op_at);
    struct OpText {
      std::string_view text;
      Op op;
    };
    // Longest first.
    static constexpr OpText kOps[] = {{"==", Op::kExact}, {"!=", Op::kNe}, {"!~", Op::kNe},
                                      {">=", Op::kGe},    {"<=", Op::kLe}, {"=", Op::kEq},
                                      {"~", Op::kEq},     {">", Op::kGt},  {"<", Op::kLt}};
    std::string_view value;
    bool found = false;
    for (const OpText& o : kOps) {
      if (rest.starts_with(o.text)) {
        t.op = o.op;
        value = rest.substr(o.text.size());
        found = true;
        break;
      }
    }
    if (!found) return TermError(term, "unknown operator");
    if (IsTextField(t.field)) {
      switch (t.op) {
        case Op::kEq:
          t.op = Op::kContains;
          break;
        case Op::kExact:
          break;
        case Op::kNe:
          t.op = Op::kNotContains;
          break;
        default:
          return TermError(term, "text fields take = ~ == != !~");
      }
      if (value.empty()) return TermError(term, "empty value");
      t.text = t.op == Op::kExact ? std::string(value) : Lower(value);
    } else {
      if (t.op == Op::kExact) t.op = Op::kEq;
      if (t.field == Field::kLatency || t.field == Field::kGap) {
        absl::StatusOr<uint64_t> d = ParseDuration(value);
        if (!d.ok()) return TermError(term, std::string(d.status().message()));
        t.number = static_cast<int64_t>(std::min<uint64_t>(*d, INT64_MAX));
      } else {
        absl::StatusOr<int64_t> n = ParseInteger(value);
        if (!n.ok()) return TermError(term, "not a number");
        t.number = *n;
      }
    }
    filter.terms_.push_back(std::move(t));
  }
  if (filter.terms_.empty()) filter.text_.clear();
  return filter;
}

bool Filter::Matches(const FilterInput& row) const {
  for (const Term& t : terms_) {
    std::string_view text;
    int64_t number = 0;
    switch (t.field) {
      case Field::kSyscall:
        text = row.syscall;
        break;
      case Field::kComm:
        text = row.comm;
        break;
      case Field::kFile:
        text = row.file;
        break;
      case Field::kFamily:
        text = row.family;
        break;
      case Field::kPid:
        number = row.pid;
        break;
      case Field::kTid:
        number = row.tid;
        break;
      case Field::kFd:
        number = row.fd;
        break;
      case Field::kRet:
        number = row.ret;
        break;
      case Field::kBytes:
        number = static_cast<int64_t>(std::min<uint64_t>(row.bytes, INT64_MAX));
        break;
      case Field::kLatency:
        number = static_cast<int64_t>(std::min<uint64_t>(row.latency_ns, INT64_MAX));
        break;
      case Field::kGap:
        number = static_cast<int64_t>(std::min<uint64_t>(row.gap_ns, INT64_MAX));
        break;
      case Field::kErrors:
        if (!row.error) return false;
        continue;
    }
    bool ok = true;
    switch (t.op) {
      case Op::kContains:
        ok = ContainsLower(text, t.text);
        break;
      case Op::kNotContains:
        ok = !ContainsLower(text, t.text);
        break;
      case Op::kExact:
        ok = text == t.text;
        break;
      case Op::kEq:
        ok = number == t.number;
        break;
      case Op::kNe:
        ok = number != t.number;
        break;
      case Op::kGt:
        ok = number > t.number;
        break;
      case Op::kGe:
        ok = number >= t.number;
        break;
      case Op::kLt:
        ok = number < t.number;
        break;
      case Op::kLe:
        ok = number <= t.number;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace ior::dashboard
