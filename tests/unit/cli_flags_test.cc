#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "flags.h"

namespace ior::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<Flags> Parse(std::vector<std::string_view> args) { return ParseFlags(args); }

// The error message of parsing `args`, or "OK".
std::string Error(std::vector<std::string_view> args) {
  absl::StatusOr<Flags> f = Parse(std::move(args));
  if (f.ok()) return "OK";
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(f.status().message());
}

TEST(CliFlags, Defaults) {
  absl::StatusOr<Flags> f = Parse({});
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->plain);  // the dashboard, when stdout is a terminal
  EXPECT_FALSE(f->pid.has_value());
  EXPECT_FALSE(f->tid.has_value());
  EXPECT_EQ(f->duration_seconds, 900);
  EXPECT_TRUE(f->trace_syscalls.empty());
  EXPECT_EQ(f->batch_size, 1024u);
  EXPECT_EQ(f->map_size, size_t{16} << 20);
  EXPECT_FALSE(f->demo);
  EXPECT_FALSE(f->version);
  EXPECT_FALSE(f->help);
  EXPECT_TRUE(f->command.empty());
}

TEST(CliFlags, AllValueSyntaxes) {
  for (const std::vector<std::string_view>& args : std::vector<std::vector<std::string_view>>{
           {"-pid", "77"}, {"--pid", "77"}, {"-pid=77"}, {"--pid=77"}}) {
    absl::StatusOr<Flags> f = Parse(args);
    ASSERT_TRUE(f.ok()) << args[0];
    EXPECT_EQ(f->pid, 77) << args[0];
  }
}

TEST(CliFlags, EveryValueFlag) {
  absl::StatusOr<Flags> f =
      Parse({"-tid", "12", "--duration=5", "-trace-syscalls", "openat, read", "--trace-syscalls",
             "syscall_500", "-batch-size=64", "--map-size", "4096"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->tid, 12);
  EXPECT_EQ(f->duration_seconds, 5);
  EXPECT_THAT(f->trace_syscalls, ElementsAre("openat", "read", "syscall_500"));
  EXPECT_EQ(f->batch_size, 64u);
  EXPECT_EQ(f->map_size, 4096u);
}

TEST(CliFlags, Booleans) {
  for (std::string_view arg : {"-plain", "--plain", "-plain=true", "--plain=1"}) {
    absl::StatusOr<Flags> f = Parse({arg});
    ASSERT_TRUE(f.ok()) << arg;
    EXPECT_TRUE(f->plain);
  }
  EXPECT_FALSE(Parse({"-plain=false"})->plain);
  EXPECT_EQ(Error({"-plain=maybe"}),
            "flag -plain: 'maybe' is not a boolean: expected true or false");
  // A boolean does not take the next argument as its value.
  EXPECT_EQ(Error({"-demo", "true"}),
            "unexpected argument 'true': flags come first, a command goes after --");
  EXPECT_TRUE(Parse({"-demo"})->demo);
  EXPECT_TRUE(Parse({"--version"})->version);
  for (std::string_view arg : {"-h", "-help", "--help", "--h"}) {
    absl::StatusOr<Flags> f = Parse({arg});
    ASSERT_TRUE(f.ok()) << arg;
    EXPECT_TRUE(f->help) << arg;
  }
}

TEST(CliFlags, CommandAfterDoubleDash) {
  absl::StatusOr<Flags> f = Parse({"-plain", "--", "/bin/ls", "-l", "--", "-pid", "x"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(f->command, ElementsAre("/bin/ls", "-l", "--", "-pid", "x"));
  EXPECT_EQ(Error({"-plain", "--"}), "expected a command after --");
  EXPECT_EQ(Error({"ls"}), "unexpected argument 'ls': flags come first, a command goes after --");
  EXPECT_EQ(Error({"-"}), "unexpected argument '-': flags come first, a command goes after --");
}

TEST(CliFlags, UnknownFlag) {
  EXPECT_EQ(Error({"-bogus"}), "unknown flag -bogus");
  EXPECT_EQ(Error({"--bogus=1"}), "unknown flag --bogus");
  EXPECT_EQ(Error({"---pid", "1"}), "unknown flag ---pid");
  EXPECT_EQ(Error({"-PID", "1"}), "unknown flag -PID");
}

TEST(CliFlags, MissingValue) {
  EXPECT_EQ(Error({"-pid"}), "flag -pid needs a value: -pid N");
  EXPECT_EQ(Error({"--duration"}), "flag -duration needs a value: -duration SEC");
  EXPECT_EQ(Error({"-trace-syscalls"}),
            "flag -trace-syscalls needs a value: -trace-syscalls a,b,c");
}

TEST(CliFlags, BadNumbers) {
  EXPECT_EQ(Error({"-pid", "abc"}), "flag -pid: 'abc' is not a number");
  EXPECT_EQ(Error({"-pid=12x"}), "flag -pid: '12x' is not a number");
  EXPECT_EQ(Error({"-pid="}), "flag -pid: '' is not a number");
  EXPECT_EQ(Error({"-pid", "1.5"}), "flag -pid: '1.5' is not a number");
  EXPECT_EQ(Error({"-pid", "999999999"}),
            "flag -pid: 999999999 is out of range: expected 1..4194304");
  EXPECT_EQ(Error({"-tid", "0"}), "flag -tid: 0 is out of range: expected 1..4194304");
  EXPECT_EQ(Error({"-pid", "-1"}), "flag -pid: -1 is out of range: expected 1..4194304");
  EXPECT_EQ(Error({"-pid", "99999999999999999999"}),
            "flag -pid: 99999999999999999999 is out of range: expected 1..4194304");
  EXPECT_EQ(Error({"-duration", "0"}), "flag -duration: 0 is out of range: expected 1..9223372036");
  EXPECT_EQ(Error({"-batch-size", "0"}),
            "flag -batch-size: 0 is out of range: expected 1..1048576");
  EXPECT_EQ(Error({"-map-size", "5000"}),
            "flag -map-size: 5000 is not a power of two (e.g. 16777216 = 16 MiB)");
  EXPECT_EQ(Error({"-map-size", "2048"}),
            "flag -map-size: 2048 is out of range: expected 4096..1073741824");
}

TEST(CliFlags, SyscallNames) {
  EXPECT_EQ(Error({"-trace-syscalls", "openat,opnat"}),
            "flag -trace-syscalls: unknown syscall 'opnat'");
  EXPECT_EQ(Error({"-trace-syscalls", "openat,,read"}),
            "flag -trace-syscalls: empty syscall name in 'openat,,read'");
}

TEST(CliFlags, ExclusiveTargets) {
  EXPECT_EQ(Error({"-demo", "--", "ls"}), "-demo cannot be combined with a command");
  EXPECT_EQ(Error({"-demo", "-pid", "1"}), "-demo cannot be combined with -pid or -tid");
  EXPECT_EQ(Error({"-tid", "1", "--", "ls"}), "a command cannot be combined with -pid or -tid");
  EXPECT_EQ(Error({"-pid", "1", "-tid", "2"}), "OK");
  EXPECT_EQ(Error({"-help", "-demo", "--", "ls"}), "OK");  // help wins
}

TEST(CliFlags, ArgvForm) {
  const char* argv[] = {"ior", "-pid", "3", "--", "cat"};
  absl::StatusOr<Flags> f = ParseFlags(2, argv);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(std::string(f.status().message()), "flag -pid needs a value: -pid N");
  f = ParseFlags(3, argv);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->pid, 3);
}

TEST(CliFlags, HelpListsEveryFlagWithDefault) {
  const std::string help = HelpText();
  for (std::string_view flag :
       {"-plain", "-pid N", "-tid T", "-duration SEC", "-trace-syscalls", "-batch-size N",
        "-map-size BYTES", "-demo", "-version", "-help", "-- COMMAND", "-degrade"}) {
    EXPECT_THAT(help, HasSubstr(std::string(flag)));
  }
  EXPECT_THAT(help, HasSubstr("(default 900)"));
  EXPECT_THAT(help, HasSubstr("dashboard"));
  EXPECT_THAT(help, HasSubstr("(default 1024)"));
  EXPECT_THAT(help, HasSubstr("(default 16777216)"));
  EXPECT_THAT(help, HasSubstr("Examples:"));
}

}  // namespace
}  // namespace ior::cli

namespace ior::cli {
namespace {

TEST(CliFlags, SelectorsAndSampling) {
  absl::StatusOr<Flags> f = ParseFlags(std::vector<std::string_view>{
      "-trace-families", "Time,Polling", "--trace-kinds=fd,open", "-no-trace-syscalls", "read",
      "-no-trace-kinds", "null", "-no-trace-families", "Misc", "-tps", "openat", "-tpsExclude",
      "enter_close$", "-syscall-sampling-families", "Time=100,Misc=0", "-syscall-sampling-syscalls",
      "futex=0,clock_gettime=200"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(f->selection.families, ::testing::ElementsAre("Time", "Polling"));
  EXPECT_THAT(f->selection.kinds, ::testing::ElementsAre("fd", "open"));
  EXPECT_THAT(f->selection.exclude_syscalls, ::testing::ElementsAre("read"));
  EXPECT_THAT(f->selection.exclude_kinds, ::testing::ElementsAre("null"));
  EXPECT_THAT(f->selection.exclude_families, ::testing::ElementsAre("Misc"));
  EXPECT_THAT(f->selection.tracepoints, ::testing::ElementsAre("openat"));
  EXPECT_THAT(f->selection.exclude_tracepoints, ::testing::ElementsAre("enter_close$"));
  EXPECT_EQ(f->selection.sample_families.at("Time"), 100u);
  EXPECT_EQ(f->selection.sample_families.at("Misc"), 0u);
  EXPECT_EQ(f->selection.sample_syscalls.at("futex"), 0u);
  EXPECT_EQ(f->selection.sample_syscalls.at("clock_gettime"), 200u);
}

std::string ParseError(std::vector<std::string_view> args) {
  absl::StatusOr<Flags> f = ParseFlags(args);
  return f.ok() ? "OK" : std::string(f.status().message());
}

TEST(CliFlags, SelectorErrorsListTheValidValues) {
  EXPECT_THAT(ParseError({"-trace-families", "Filesystem"}),
              ::testing::HasSubstr("unknown family 'Filesystem'; valid: Network, Memory, "
                                   "Signals, Sched, IPC, Time, Process, Security, FS, Polling, "
                                   "AIO, Misc, all"));
  EXPECT_THAT(ParseError({"-trace-kinds", "fdd"}),
              ::testing::HasSubstr("unknown kind 'fdd'; valid: "));
  EXPECT_THAT(ParseError({"-trace-kinds", "epoll_ctl"}), "OK");  // '_' for '-'
  EXPECT_THAT(ParseError({"-trace-syscalls", "read", "-no-trace-syscalls", "read"}),
              ::testing::HasSubstr("matches nothing"));
  EXPECT_THAT(ParseError({"-tps", "^openat$"}), ::testing::HasSubstr("drop the anchors"));
  EXPECT_THAT(ParseError({"-syscall-sampling-syscalls", "futex"}),
              ::testing::HasSubstr("'futex' is not NAME=RATE"));
  EXPECT_THAT(ParseError({"-syscall-sampling-syscalls", "futex=-1"}),
              ::testing::HasSubstr("out of range"));
  EXPECT_THAT(ParseError({"-syscall-sampling-families", "Tme=3"}),
              ::testing::HasSubstr("unknown family in the sampling rates 'Tme'"));
}

TEST(CliFlags, ListFlag) {
  absl::StatusOr<Flags> f = ParseFlags(std::vector<std::string_view>{"-list"});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->list);
  std::string text = ListText();
  EXPECT_THAT(text, ::testing::HasSubstr("Families: Network Memory"));
  EXPECT_THAT(text, ::testing::HasSubstr("openat"));
}

TEST(CliFlags, ParquetAndTraceJsonOutputs) {
  absl::StatusOr<Flags> f = Parse({});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->parquet, "");
  EXPECT_EQ(f->trace_json, "");
  EXPECT_EQ(f->trace_json_max_events, 1'000'000u);
  f = Parse({"-parquet", "run.parquet", "-trace-json=t.json", "-trace-json-max-events", "0"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->parquet, "run.parquet");
  EXPECT_EQ(f->trace_json, "t.json");
  EXPECT_EQ(f->trace_json_max_events, 0u);
  EXPECT_THAT(Error({"-parquet", ""}), HasSubstr("-parquet"));
  EXPECT_THAT(Error({"-trace-json-max-events", "-1"}), HasSubstr("trace-json-max-events"));
  EXPECT_THAT(HelpText(), HasSubstr("-parquet FILE"));
}

TEST(CliFlags, RepeatedSingleValueFlagsAreErrors) {
  EXPECT_EQ(Error({"-pid", "1", "-pid", "2"}), "flag -pid given twice");
  EXPECT_EQ(Error({"-duration", "1", "--duration=2"}), "flag -duration given twice");
  EXPECT_EQ(Error({"-comm", "a", "-comm", "b"}), "flag -comm given twice");
  EXPECT_EQ(Error({"-demo", "-demo"}), "flag -demo given twice");
  EXPECT_EQ(Error({"-follow", "-follow=false", "-demo"}), "flag -follow given twice");
  // Lists add up.
  absl::StatusOr<Flags> f = Parse({"-trace-syscalls", "read", "-trace-syscalls", "write"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(f->trace_syscalls, ElementsAre("read", "write"));
  EXPECT_TRUE(Parse({"-h", "-help"}).ok());
}

TEST(CliFlags, NoDefaultDurationWithACommand) {
  EXPECT_EQ(Parse({"--", "make"})->duration_seconds, std::nullopt);
  EXPECT_EQ(Parse({"-demo"})->duration_seconds, std::nullopt);
  EXPECT_EQ(Parse({"-duration", "5", "--", "make"})->duration_seconds, 5);
  EXPECT_EQ(Parse({"-pid", "1"})->duration_seconds, 900);
  EXPECT_EQ(Parse({})->duration_seconds, 900);
}

TEST(CliFlags, CommandFlags) {
  absl::StatusOr<Flags> f = Parse({"-detach", "-command-stdout", "--", "make"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->detach);
  EXPECT_TRUE(f->command_stdout);
  EXPECT_FALSE(Parse({"--", "make"})->detach);
  EXPECT_FALSE(Parse({"--", "make"})->command_stdout);
  EXPECT_EQ(Error({"-detach"}), "-detach needs a command or -demo");
  EXPECT_EQ(Error({"-command-stdout", "-pid", "1"}), "-command-stdout needs a command");
}

TEST(CliFlags, Degrade) {
  EXPECT_EQ(Parse({"-plain"})->degrade, std::nullopt);  // the mode decides: see main.cc, app.cc
  EXPECT_EQ(Parse({"-degrade", "-map-size", "4096"})->degrade, true);
  EXPECT_EQ(Parse({"-degrade=false"})->degrade, false);
  EXPECT_EQ(Parse({"-degrade=true"})->degrade, true);
  EXPECT_THAT(HelpText(), HasSubstr("1-in-N per syscall"));
}

TEST(CliFlags, HelpDocumentsExitStatuses) {
  const std::string help = HelpText();
  EXPECT_THAT(help, HasSubstr("Exit status:"));
  EXPECT_THAT(help, HasSubstr("\n  3 "));
  EXPECT_THAT(help, HasSubstr("\n  2 "));
}

}  // namespace
}  // namespace ior::cli
