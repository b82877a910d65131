// Numbers as the dashboard shows them: counts with thousands separators, bytes in binary units,
// durations with a unit that keeps three significant digits.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_FORMAT_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_FORMAT_H_

#include <cstdint>
#include <string>

#include "ior/stats.h"

namespace ior::dashboard {

std::string FormatCount(uint64_t n);        // 1234567 → "1,234,567"
std::string FormatBytes(uint64_t bytes);    // 1536 → "1.5K", 0 → "0"
std::string FormatDuration(uint64_t ns);    // 1234 → "1.23us", 0 → "0"
std::string FormatRate(double per_second);  // 1234.5 → "1,235", 12.3 → "12.3"

// The calls the kernel thinned to keep up (SessionOptions::degrade) and the thinnest rate it
// fell to, over every syscall: "degraded 12,345 (1 in 64)"; "" when nothing was degraded.
std::string FormatDegraded(const SessionStats& stats);

// Whether `hay` contains `needle`, ASCII case ignored (the pickers' and searches' match).
bool ContainsNoCase(const std::string& hay, const std::string& needle);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_FORMAT_H_
