// The CLI's output pieces: the CSV writer on a descriptor with deadlines and errors, the rows
// written count, and the live drop warning.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "csv_stdout.h"
#include "drop_warning.h"
#include "output_writer.h"

namespace ior::cli {
namespace {

using ::testing::HasSubstr;

class CliOutput : public ::testing::Test {
 protected:
  void SetUp() override { signal(SIGPIPE, SIG_IGN); }
};

TEST_F(CliOutput, CountsLinesAndKeepsTheFirstError) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  {
    OutputWriter out(fds[1], nullptr);
    EXPECT_TRUE(out.Write("header\nrow 1\nrow").ok());
    EXPECT_EQ(out.lines_written(), 2u);
    close(fds[0]);  // the reader goes away
    absl::Status s = out.Write(" 2\nrow 3\n");
    EXPECT_THAT(std::string(s.message()), HasSubstr("the reader closed the output"));
    EXPECT_EQ(out.lines_written(), 2u);
    EXPECT_FALSE(out.Write("more\n").ok());  // sticky
  }
  close(fds[1]);
}

TEST_F(CliOutput, DiskFullIsAnError) {
  const int full = open("/dev/full", O_WRONLY);
  ASSERT_GE(full, 0);
  OutputWriter out(full, nullptr);
  absl::Status s = out.Write("row\n");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("cannot write the CSV output"));
  EXPECT_EQ(out.lines_written(), 0u);
  close(full);
}

// A reader that does not read: the write gives up at the deadline instead of blocking.
TEST_F(CliOutput, AReaderThatDoesNotReadMeetsTheDeadline) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  int ticks = 0;
  OutputWriter out(fds[1], [&ticks] { ++ticks; });
  out.set_deadline(absl::Now() + absl::Milliseconds(300));
  const std::string chunk(1 << 20, 'x');  // more than a pipe holds
  absl::Status s = out.Write(chunk);
  EXPECT_TRUE(absl::IsDeadlineExceeded(s)) << s;
  EXPECT_GT(ticks, 0);
  close(fds[0]);
  close(fds[1]);
}

// The tick may set the deadline (as a stop signal does).
TEST_F(CliOutput, TheTickCanSetTheDeadline) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  OutputWriter* writer = nullptr;
  OutputWriter out(fds[1], [&writer] {
    if (writer->deadline() == absl::InfiniteFuture()) writer->set_deadline(absl::Now());
  });
  writer = &out;
  EXPECT_TRUE(absl::IsDeadlineExceeded(out.Write(std::string(1 << 20, 'x'))));
  close(fds[0]);
  close(fds[1]);
}

TEST_F(CliOutput, OutputLine) {
  EXPECT_EQ(FormatOutputLine(10, 10, absl::OkStatus()), "");
  EXPECT_EQ(FormatOutputLine(5, 100, absl::ErrnoToStatus(EPIPE, "the reader closed the output")),
            "Output: 5 of 100 rows written; 95 not written (the reader closed the output: Broken "
            "pipe)\n");
  EXPECT_EQ(FormatOutputLine(7, 9, absl::DeadlineExceededError("late")),
            "Output: 7 of 9 rows written; 2 not written (stopped: not written within 1 s of the "
            "stop signal)\n");
}

TEST(CliDropWarning, WarnsAboveOnePercentAtMostOnceASecond) {
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  DropWarning w(t0);
  EXPECT_EQ(w.Update(t0 + absl::Milliseconds(500), 1000, 500), std::nullopt);  // too early
  std::optional<std::string> line = w.Update(t0 + absl::Seconds(1), 1000, 500);
  ASSERT_TRUE(line.has_value());
  EXPECT_THAT(*line,
              HasSubstr("ior: warning: dropped 500 of 1000 calls (50.0%) in the last second"));
  EXPECT_EQ(w.Update(t0 + absl::Milliseconds(1500), 5000, 4000), std::nullopt);  // rate limit
  // 1% exactly is not above 1%; the counters are taken as running totals.
  EXPECT_EQ(w.Update(t0 + absl::Seconds(2), 2000, 510), std::nullopt);
  EXPECT_TRUE(w.Update(t0 + absl::Seconds(3), 3000, 530).has_value());
  EXPECT_EQ(w.Update(t0 + absl::Seconds(4), 3000, 530), std::nullopt);  // no calls
}

TEST(CliStandardDescriptors, AClosedStdoutIsRefused) {
  const int saved = dup(STDOUT_FILENO);
  ASSERT_GE(saved, 0);
  close(STDOUT_FILENO);
  absl::Status s = CheckStandardDescriptors();
  dup2(saved, STDOUT_FILENO);
  close(saved);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("stdout is closed"));
  EXPECT_TRUE(CheckStandardDescriptors().ok());
}

}  // namespace
}  // namespace ior::cli
