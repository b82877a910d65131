#include <gtest/gtest.h>

#include "ior/selection.h"
#include "ior/session.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(SessionOptions, DefaultsAreValid) { EXPECT_TRUE(ValidateOptions(SessionOptions{}).ok()); }

TEST(SessionOptions, RejectsOutOfRangePid) {
  SessionOptions o;
  o.pids = {0};
  absl::Status s = ValidateOptions(o);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(s), "pid 0 is out of range: expected 1..4194304");
  o.pids = {5000000};
  EXPECT_FALSE(ValidateOptions(o).ok());
  o.pids = {1, 4194304};
  EXPECT_TRUE(ValidateOptions(o).ok());
}

TEST(SessionOptions, RejectsNegativeTid) {
  SessionOptions o;
  o.tids = {-1};
  EXPECT_EQ(Message(ValidateOptions(o)), "tid -1 is out of range: expected 1..4194304");
}

TEST(SessionOptions, RejectsUnknownSyscall) {
  SessionOptions o;
  o.syscalls = {"openat", "opnat"};
  EXPECT_EQ(Message(ValidateOptions(o)), "unknown syscall 'opnat'");
  o.syscalls = {"openat", "syscall_460"};
  EXPECT_TRUE(ValidateOptions(o).ok());
}

TEST(SessionOptions, RejectsBadBatchSize) {
  SessionOptions o;
  o.batch_size = 0;
  EXPECT_FALSE(ValidateOptions(o).ok());
  o.batch_size = (size_t{1} << 20) + 1;
  EXPECT_FALSE(ValidateOptions(o).ok());
  o.batch_size = 1;
  EXPECT_TRUE(ValidateOptions(o).ok());
}

TEST(SessionOptions, RejectsBadDelay) {
  SessionOptions o;
  o.max_delay = absl::ZeroDuration();
  EXPECT_FALSE(ValidateOptions(o).ok());
  o.max_delay = absl::Seconds(61);
  EXPECT_FALSE(ValidateOptions(o).ok());
}

TEST(SessionOptions, RingMustBeAPowerOfTwoOfAtLeastAPage) {
  SessionOptions o;
  o.ring_bytes = 3 << 20;
  EXPECT_EQ(Message(ValidateOptions(o)),
            "ring_bytes 3145728 must be a power of two in 4096..1073741824");
  o.ring_bytes = 2048;
  EXPECT_FALSE(ValidateOptions(o).ok());
  o.ring_bytes = 4096;
  EXPECT_TRUE(ValidateOptions(o).ok());
}

TEST(SessionOptions, CreateValidates) {
  SessionOptions o;
  o.max_queued_batches = 0;
  EXPECT_EQ(Session::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SyscallNames, KnowsX8664Numbers) {
  EXPECT_EQ(SyscallName(0), "read");
  EXPECT_EQ(SyscallName(17), "pread64");
  EXPECT_EQ(SyscallName(257), "openat");
  EXPECT_EQ(SyscallName(231), "exit_group");
  EXPECT_EQ(SyscallName(4000), "syscall_4000");
  EXPECT_EQ(SyscallNumber("openat"), 257u);
  EXPECT_EQ(SyscallNumber("syscall_17"), 17u);
  EXPECT_EQ(SyscallNumber("syscall_"), std::nullopt);
  EXPECT_EQ(SyscallNumber("syscall_17x"), std::nullopt);
  EXPECT_EQ(SyscallNumber("nope"), std::nullopt);
  EXPECT_GT(SyscallNumberLimit(), 330u);
}

// std::regex's own text for a bad pattern can be wrong ("Mismatched '(' and ')'" for '*'):
// the library says what is wrong itself.
TEST(SessionOptions, BadTracepointRegexSaysWhatIsWrong) {
  const auto message = [](const std::string& pattern) {
    Selection sel;
    sel.tracepoints = {pattern};
    absl::StatusOr<ResolvedSelection> r = ResolveSelection(sel);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(r.status().message());
  };
  EXPECT_EQ(message("*"),
            "bad tracepoint regex '*': '*', '+', '?' or '{' with nothing to repeat "
            "(to match anything write '.*')");
  EXPECT_EQ(message("read("), "bad tracepoint regex 'read(': unbalanced parentheses");
  EXPECT_EQ(message("[ab"), "bad tracepoint regex '[ab': unbalanced brackets");
  EXPECT_EQ(message("a{2"), "bad tracepoint regex 'a{2': unbalanced braces");
}

TEST(SelectionTest, TracepointRegexesHaveAJointBudget) {
  // Each of these compiles to a large program, within the limit of one pattern; three of
  // them together are beyond the selection's budget. The same pattern repeated counts once.
  const std::string big = "(sys_.?){450}|read";
  Selection sel;
  sel.tracepoints = {big, big, big, big};
  EXPECT_TRUE(ResolveSelection(sel).ok()) << ResolveSelection(sel).status();
  sel.tracepoints = {big, big + "|write", big + "|close"};
  absl::StatusOr<ResolvedSelection> r = ResolveSelection(sel);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("too complex together"), absl::string_view::npos)
      << r.status();
}

TEST(SelectionTest, TextSaysWhatWasChosenInTheFootersWords) {
  Selection s;
  EXPECT_EQ(SelectionText(s), "families=FS (default)");
  EXPECT_EQ(SamplingText(s), "");
  s.exclude_syscalls = {"close"};
  EXPECT_EQ(SelectionText(s), "families=FS (default);exclude_syscalls=close");
  s.families = {"FS", "Network"};
  s.kinds = {"open"};
  s.syscalls = {"read", "write"};
  s.tracepoints = {"^sys_enter_pread64$"};
  s.exclude_tracepoints = {"x"};
  EXPECT_EQ(SelectionText(s),
            "families=FS,Network;kinds=open;syscalls=read,write;tps=^sys_enter_pread64$;"
            "exclude_syscalls=close;tpsExclude=x");
  s.sample_syscalls = {{"read", 10}, {"openat", 0}};
  s.sample_families = {{"Network", 100}};
  EXPECT_EQ(SamplingText(s), "openat=0,read=10,NETWORK=100");
}

}  // namespace
}  // namespace ior
