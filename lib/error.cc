#include "ior/error.h"

#include <errno.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace ior {
namespace {

// The payload key of the attached number; a payload survives copies of the status and is never
// shown by ToString() consumers that only print the message.
constexpr absl::string_view kPayloadKey = "ior/error-number";

int NumberForCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 0;
    case absl::StatusCode::kCancelled:
      return -ECANCELED;
    case absl::StatusCode::kInvalidArgument:
      return -EINVAL;
    case absl::StatusCode::kDeadlineExceeded:
      return -ETIMEDOUT;
    case absl::StatusCode::kNotFound:
      return -ENOENT;
    case absl::StatusCode::kAlreadyExists:
      return -EEXIST;
    case absl::StatusCode::kPermissionDenied:
      return -EPERM;
    case absl::StatusCode::kUnauthenticated:
      return -EACCES;
    case absl::StatusCode::kResourceExhausted:
      return -ENOMEM;
    case absl::StatusCode::kFailedPrecondition:
      return kErrorState;
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kUnavailable:
      return -EAGAIN;
    case absl::StatusCode::kOutOfRange:
      return -ERANGE;
    case absl::StatusCode::kUnimplemented:
      return -ENOSYS;
    case absl::StatusCode::kDataLoss:
      return -EIO;
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kInternal:
    default:
      return kErrorInternal;
  }
}

std::optional<int> AttachedNumber(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kPayloadKey);
  if (!payload.has_value()) return std::nullopt;
  int number = 0;
  if (!absl::SimpleAtoi(std::string(*payload), &number)) return std::nullopt;
  return number;
}

}  // namespace

absl::Status WithErrorNumber(absl::Status status, int code) {
  if (!status.ok()) status.SetPayload(kPayloadKey, absl::Cord(std::to_string(code)));
  return status;
}

absl::Status ErrnoStatus(int err, absl::string_view message) {
  err = std::abs(err);
  return WithErrorNumber(absl::ErrnoToStatus(err, message), -err);
}

int ErrorNumber(const absl::Status& status) {
  if (status.ok()) return 0;
  if (std::optional<int> n = AttachedNumber(status); n.has_value()) return *n;
  return NumberForCode(status.code());
}

int ErrnoOf(int error_number) {
  if (error_number > kErrorInternal && error_number < 0) return -error_number;
  if (error_number >= 0) return error_number;
  switch (error_number) {
    case kErrorNoBtf:
      return ENOTSUP;
    case kErrorWire:
      return EPROTO;
    case kErrorState:
      return EBADFD;
    default:
      return EIO;
  }
}

}  // namespace ior
