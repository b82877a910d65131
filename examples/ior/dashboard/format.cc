#include "format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace ior::dashboard {

std::string FormatCount(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatBytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"", "K", "M", "G", "T", "P"};
  double v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(kUnits)) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0) {
    std::snprintf(buf, sizeof(buf), "%llu", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buf, sizeof(buf), v < 10 ? "%.1f%s" : "%.0f%s", v, kUnits[u]);
  }
  return buf;
}

std::string FormatDuration(uint64_t ns) {
  if (ns == 0) return "0";
  static constexpr struct {
    double scale;
    const char* unit;
  } kUnits[] = {{1, "ns"}, {1e3, "us"}, {1e6, "ms"}, {1e9, "s"}};
  size_t u = 0;
  while (u + 1 < std::size(kUnits) && static_cast<double>(ns) >= kUnits[u + 1].scale) ++u;
  const double v = static_cast<double>(ns) / kUnits[u].scale;
  char buf[32];
  if (u == 0) {
    std::snprintf(buf, sizeof(buf), "%lluns", static_cast<unsigned long long>(ns));
  } else {
    std::snprintf(buf, sizeof(buf),
                  v < 10    ? "%.2f%s"
                  : v < 100 ? "%.1f%s"
                            : "%.0f%s",
                  v, kUnits[u].unit);
  }
  return buf;
}

std::string FormatRate(double per_second) {
  if (per_second >= 100) return FormatCount(static_cast<uint64_t>(std::llround(per_second)));
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", per_second);
  return buf;
}

std::string FormatDegraded(const SessionStats& stats) {
  if (stats.degraded == 0) return "";
  uint32_t thinnest = 0;
  for (const SyscallStats& s : stats.syscalls) thinnest = std::max(thinnest, s.degraded_one_in);
  std::string out = "degraded " + FormatCount(stats.degraded);
  if (thinnest != 0) out += " (1 in " + FormatCount(thinnest) + ")";
  return out;
}

bool ContainsNoCase(const std::string& hay, const std::string& needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

}  // namespace ior::dashboard
