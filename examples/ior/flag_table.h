// The table of the CLI's flags: each flag's name, value, default and help, and the setter that
// parses its value into Flags. flags.cc defines it and parses with it; help_text.cc prints it.
#ifndef IOR_EXAMPLES_IOR_FLAG_TABLE_H_
#define IOR_EXAMPLES_IOR_FLAG_TABLE_H_

#include <span>
#include <string_view>

#include "absl/status/status.h"
#include "flags.h"

namespace ior::cli {

using Setter = absl::Status (*)(std::string_view flag, std::string_view value, Flags& flags);

struct FlagSpec {
  std::string_view name;
  std::string_view value_name;  // empty: a boolean flag
  std::string_view default_text;
  std::string_view help;
  Setter set;
};

// Every flag, in the order -help lists them.
std::span<const FlagSpec> FlagTable();

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_FLAG_TABLE_H_
