// ior_error.h, ior_log.h and ior_version.h: codes and their text, the per-thread last error,
// the log function and the versions.
#include "ior/error.h"

#include <errno.h>
#include <string.h>

#include <climits>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "capi_internal.h"
#include "ior/ior_error.h"
#include "ior/ior_log.h"
#include "ior/ior_version.h"
#include "ior/session.h"

namespace ior::capi {
namespace {

std::string& LastError() {
  thread_local std::string last;
  return last;
}

// The C codes are the library's error numbers (ior/error.h): one mapping for C and Python.
static_assert(IOR_EINTERNAL == kErrorInternal && IOR_EEOS == kErrorEndOfStream &&
              IOR_ENOBTF == kErrorNoBtf && IOR_EWIRE == kErrorWire && IOR_ESTATE == kErrorState &&
              IOR_ECALLBACK == kErrorCallback);

}  // namespace

int Fail(int code, absl::string_view message) {
  try {
    LastError().assign(message.data(), message.size());
  } catch (...) {
    LastError().clear();  // no memory for the detail; the code still says what happened
  }
  return code;
}

int FailWith(const absl::Status& status) { return Fail(ErrorNumber(status), status.message()); }

int FailCurrentException() {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return Fail(-ENOMEM, "out of memory");
  } catch (const std::exception& e) {
    return Fail(IOR_EINTERNAL, e.what());
  } catch (...) {
    return Fail(IOR_EINTERNAL, "unknown C++ exception inside libior");
  }
}

}  // namespace ior::capi

extern "C" {

IOR_API const char* ior_strerror(int err) {
  switch (err) {
    case 0:
      return "success";
    case IOR_EINTERNAL:
      return "internal error in libior";
    case IOR_EEOS:
      return "end of stream: the session is stopped and every event was delivered";
    case IOR_ENOBTF:
      return "the kernel has no BTF type information (/sys/kernel/btf/vmlinux)";
    case IOR_EWIRE:
      return "the BPF object and the library disagree on the wire format";
    case IOR_ESTATE:
      return "not valid in the session's current state";
    case IOR_ECALLBACK:
      return "a callback threw a C++ exception";
    default:
      break;
  }
  if (err <= IOR_ERRNO_BASE && err >= IOR_ERRNO_LAST) return "unknown libior error";
  // strerrordesc_np() (glibc 2.32+) returns static text and is thread-safe, unlike strerror().
  if (err == INT_MIN) return "unknown error";
  const int positive = err < 0 ? -err : err;
  const char* text = strerrordesc_np(positive);
  return text != nullptr ? text : "unknown error";
}

IOR_API const char* ior_last_error(void) {
  try {
    return ior::capi::LastError().c_str();
  } catch (...) {
    return "";
  }
}

IOR_API int ior_set_log_fn(ior_log_fn fn, void* user_data) {
  IOR_CAPI_TRY
  if (fn == nullptr) {
    ior::SetLogSink(nullptr);
    return 0;
  }
  ior::SetLogSink([fn, user_data](ior::LogLevel level, std::string_view message) {
    int ours = level == ior::LogLevel::kWarning ? IOR_LOG_WARN
               : level == ior::LogLevel::kInfo  ? IOR_LOG_INFO
                                                : IOR_LOG_DEBUG;
    try {
      std::string text(message);  // NUL-terminated for C
      fn(user_data, ours, text.c_str());
    } catch (...) {
      // Out of memory, or a C++ log function threw: the message is lost, the caller (maybe
      // libbpf, a C frame) must never see an exception.
    }
  });
  return 0;
  IOR_CAPI_CATCH
}

IOR_API unsigned ior_version(void) { return IOR_VERSION_NUMBER; }

IOR_API const char* ior_version_string(void) { return IOR_VERSION_STRING; }

}  // extern "C"
