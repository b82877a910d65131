// ior::ErrorNumber: the one mapping from a library status to the number C returns and Python
// raises (capi/error.cc and bindings/python/errors.cc both call it).
#include "ior/error.h"

#include <errno.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"

namespace ior {
namespace {

struct Case {
  absl::Status status;
  int number;    // what C returns
  int py_errno;  // what Python's OSError.errno says
};

TEST(ErrorNumberTest, EveryKindOfStatusHasOneNumberForCAndPython) {
  const Case cases[] = {
      {absl::OkStatus(), 0, 0},
      {absl::InvalidArgumentError("x"), -EINVAL, EINVAL},
      {absl::PermissionDeniedError("x"), -EPERM, EPERM},
      {absl::NotFoundError("x"), -ENOENT, ENOENT},
      {absl::AlreadyExistsError("x"), -EEXIST, EEXIST},
      {absl::ResourceExhaustedError("x"), -ENOMEM, ENOMEM},
      {absl::UnavailableError("x"), -EAGAIN, EAGAIN},
      {absl::OutOfRangeError("x"), -ERANGE, ERANGE},
      {absl::UnimplementedError("x"), -ENOSYS, ENOSYS},
      {absl::DeadlineExceededError("x"), -ETIMEDOUT, ETIMEDOUT},
      {absl::FailedPreconditionError("x"), kErrorState, EBADFD},
      {absl::InternalError("x"), kErrorInternal, EIO},
      {absl::UnknownError("x"), kErrorInternal, EIO},
      // Attached numbers win over the status code.
      {WithErrorNumber(absl::FailedPreconditionError("no btf"), kErrorNoBtf), kErrorNoBtf, ENOTSUP},
      {WithErrorNumber(absl::FailedPreconditionError("wire"), kErrorWire), kErrorWire, EPROTO},
      {WithErrorNumber(absl::FailedPreconditionError("no bpf"), -ENOSYS), -ENOSYS, ENOSYS},
      {ErrnoStatus(EPIPE, "write"), -EPIPE, EPIPE},
      {ErrnoStatus(-ENOSPC, "write"), -ENOSPC, ENOSPC},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.status.ToString());
    EXPECT_EQ(ErrorNumber(c.status), c.number);
    EXPECT_EQ(ErrnoOf(ErrorNumber(c.status)), c.py_errno);
  }
}

TEST(ErrorNumberTest, TheNumberSurvivesCopiesAndIsNotAddedToOk) {
  absl::Status tagged = WithErrorNumber(absl::FailedPreconditionError("x"), kErrorWire);
  absl::Status copy = tagged;
  EXPECT_EQ(ErrorNumber(copy), kErrorWire);
  EXPECT_EQ(copy.message(), "x");
  EXPECT_TRUE(WithErrorNumber(absl::OkStatus(), kErrorWire).ok());
  EXPECT_EQ(ErrorNumber(WithErrorNumber(absl::OkStatus(), kErrorWire)), 0);
}

}  // namespace
}  // namespace ior
