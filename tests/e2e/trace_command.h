// TraceCommand(): a command run under a session from its first instruction (held until the
// session is live, children followed), and every row it made, with the file each row names.
#ifndef IOR_TESTS_E2E_TRACE_COMMAND_H_
#define IOR_TESTS_E2E_TRACE_COMMAND_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ior/event.h"

namespace ior::testing {

struct Row {
  std::string comm;
  uint32_t pid;
  std::string name;  // the syscall
  int64_t ret;
  int32_t fd;
  std::string file;  // as the CSV shows it
  FileStatus status;
};

// One line per row, for failure messages.
std::string PrintRows(const std::vector<Row>& rows);

// Runs `argv` with `syscalls` selected and returns its rows once it has exited (expecting exit
// code 0, no drops, and as many rows as the session delivered).
std::vector<Row> TraceCommand(const std::vector<std::string>& argv,
                              const std::vector<std::string>& syscalls);

// The rows of `comm` for syscall `name`.
std::vector<Row> Only(const std::vector<Row>& rows, std::string_view comm, std::string_view name);

}  // namespace ior::testing

#endif  // IOR_TESTS_E2E_TRACE_COMMAND_H_
