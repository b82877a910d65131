// The ior CLI's flag parser (examples/ior/flags.cc): the input is an argument vector, the
// arguments separated by NUL bytes. Whatever it is, parsing returns flags or one error whose
// message names the problem; it never crashes or hangs.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "flags.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> args;
  while (!rest.empty() && args.size() < 64) {
    const size_t nul = rest.find('\0');
    args.push_back(rest.substr(0, nul));
    rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
  }
  absl::StatusOr<ior::cli::Flags> flags = ior::cli::ParseFlags(args);
  if (!flags.ok() && flags.status().message().empty()) __builtin_trap();
  return 0;
}
