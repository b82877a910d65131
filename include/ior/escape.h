// ior::EscapeText(): untrusted text made safe to show, by the rules of the CSV output.
//
//   std::fprintf(stderr, "unknown syscall '%s'\n", ior::EscapeText(user_text).c_str());
//
// Text that comes from users (arguments) or from traced processes (comm, file names) may hold
// escape sequences that drive a terminal, bytes that are not UTF-8, or bidirectional controls
// that show text in another order than it is. EscapeText() writes control bytes, DEL, the C1
// controls, the bidirectional controls (each of their bytes) and bytes that are not valid UTF-8
// as `\xHH` (lower-case hex) and a backslash as `\\`; everything else, printable UTF-8
// included, is kept. See ior/csv.h for the list.
#ifndef IOR_INCLUDE_IOR_ESCAPE_H_
#define IOR_INCLUDE_IOR_ESCAPE_H_

#include <string>
#include <string_view>

namespace ior {

std::string EscapeText(std::string_view text);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_ESCAPE_H_
