// Typed library errors. A failed absl::Status from libior says what went wrong twice: its
// absl::StatusCode (the kind of failure) and, where the kind is not enough to act on, a library
// error code attached where the status is made (no BTF, wire mismatch, wrong session state, the
// errno of a failed system call). ErrorNumber() is the one mapping from a status to a number; the
// C ABI returns it and Python raises it, so both say the same thing for the same failure.
// Nobody classifies an error by its message text.
#ifndef IOR_INCLUDE_IOR_ERROR_H_
#define IOR_INCLUDE_IOR_ERROR_H_

#include "absl/status/status.h"

namespace ior {

// The library's own error numbers: a reserved range no errno reaches. The C ABI publishes the
// same values as IOR_E* (ior/ior_error.h); they never change once released.
enum ErrorNumberCode : int {
  kErrorInternal = -4000,  // a bug in libior, or an unexpected exception inside it
  kErrorEndOfStream = -4001,
  kErrorNoBtf = -4002,     // the kernel exposes no BTF type information
  kErrorWire = -4003,      // the BPF object and the library disagree on the wire format
  kErrorState = -4004,     // not valid in the session's current state
  kErrorCallback = -4005,  // a callback threw
};

// `status` with the library error `code` (one of the values above, or a negative errno)
// attached. An OK status stays OK.
absl::Status WithErrorNumber(absl::Status status, int code);

// absl::ErrnoToStatus(err, message) ("message: strerror", the code absl derives from err) with
// -err attached: what every failed system call in the library returns.
absl::Status ErrnoStatus(int err, absl::string_view message);

// The error number of a status: 0 for OK; the attached number when there is one; otherwise the
// negative errno that matches its StatusCode (InvalidArgument -EINVAL, PermissionDenied -EPERM,
// NotFound -ENOENT, ...; FailedPrecondition kErrorState; Internal and Unknown kErrorInternal).
int ErrorNumber(const absl::Status& status);

// The errno closest to an error number, for APIs that must give one (Python's OSError.errno):
// -number for a negative errno; ENOTSUP for no BTF, EPROTO for a wire mismatch, EBADFD for a
// wrong state, EIO otherwise.
int ErrnoOf(int error_number);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_ERROR_H_
