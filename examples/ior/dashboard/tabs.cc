#include "tabs.h"

namespace ior::dashboard {

const char* TabName(Tab tab) {
  static constexpr const char* kNames[] = {"Overview", "Syscalls", "Files",       "Processes",
                                           "Stream",   "Flame",    "Latency+Gaps"};
  return kNames[static_cast<int>(tab)];
}

const char* TabShortName(Tab tab) {
  static constexpr const char* kNames[] = {"Ovr", "Sys", "Fil", "Pro", "Str", "Flm", "Lat"};
  return kNames[static_cast<int>(tab)];
}

}  // namespace ior::dashboard
