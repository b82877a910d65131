// The end-of-run summary ior prints on stderr.
#ifndef IOR_EXAMPLES_IOR_SUMMARY_H_
#define IOR_EXAMPLES_IOR_SUMMARY_H_

#include <cstdint>
#include <string>

#include "ior/stats.h"

namespace ior::cli {

// A latency for people: "850ns", "12.345us", "3.210ms", "1.500s".
std::string FormatLatency(uint64_t ns);

// "Statistics:", then a table with one line per syscall (name, count, errors, total, avg and
// max latency), by count descending (then by name), then one line of totals: kernel count,
// delivered, sampled out, dropped (with its share of the kernel count), filtered (kernel ==
// delivered + sampled out + dropped + filtered [+ not delivered]), exits without enter, and the
// events a stop left undelivered when there are any. Ends with a newline.
std::string FormatSummary(const SessionStats& stats);

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_SUMMARY_H_
