// The subcommands of the ior CLI that read a `.ior.zst` recording (and trace nothing):
//
//   ior collapsed [-fields f1,f2,...] [-count count|duration|durationToPrev|bytes]
//                 [-escape auto|always|never] FILE
//   ior svg [same flags] [-title T] [-width PX] FILE > flame.svg
#ifndef IOR_EXAMPLES_IOR_FLAME_COMMANDS_H_
#define IOR_EXAMPLES_IOR_FLAME_COMMANDS_H_

#include <string_view>

namespace ior::cli {

// True for "collapsed" and "svg".
bool IsFlameCommand(std::string_view name);

// Runs the subcommand argv[0] with its arguments argv[1..argc). Output on stdout, errors on
// stderr as one "ior: ..." line. Returns the exit code: 0, 1 (unreadable or invalid file),
// 2 (bad flags).
int RunFlameCommand(int argc, char** argv);

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_FLAME_COMMANDS_H_
