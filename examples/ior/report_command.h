// `ior report FILE.parquet`: the end-of-run report of a recorded run, read from the file.
#ifndef IOR_EXAMPLES_IOR_REPORT_COMMAND_H_
#define IOR_EXAMPLES_IOR_REPORT_COMMAND_H_

#include <string_view>

namespace ior::cli {

// Whether argv[1] names the report subcommand.
inline bool IsReportCommand(std::string_view arg) { return arg == "report"; }

// Runs `report` with argv[0] == "report". Prints the same statistics table and totals as the
// live run, from the footer of a file written by -parquet (or ior::ParquetSink with
// SetStats()), then one line about the file. Exit codes: 0, 1 (unreadable, not Parquet, no
// statistics), 2 (usage).
int RunReportCommand(int argc, char** argv);

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_REPORT_COMMAND_H_
