// The process-wide diagnostic sink behind ior::SetLogSink (include/ior/session.h).
#ifndef IOR_LIB_LOG_H_
#define IOR_LIB_LOG_H_

#include <string_view>

#include "ior/session.h"

namespace ior::internal {

// Sends a message to the sink, if one is set. Thread-safe.
void Log(LogLevel level, std::string_view message);

// Routes libbpf's messages into the sink. Idempotent and thread-safe.
void InstallLibbpfPrintHook();

}  // namespace ior::internal

#endif  // IOR_LIB_LOG_H_
