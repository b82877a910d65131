// ior/ior.hpp, the header-only C++ layer over the C ABI, against libior.so only: errors as
// values, the option builders reaching the C structs, commands, and (as root) a traced command
// iterated to its end.
#include <errno.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "ior/ior.hpp"
#include "workload_process.h"

namespace {

namespace abi = ior::abi;
using ::ior::testing::TempFile;

TEST(CapiHpp, ErrorsAreValuesWithTheLibrarysDetail) {
  abi::SessionOptions opts;
  opts.Syscalls({"openat", "opnat"});
  abi::Result<abi::Session> s = abi::Session::Create(opts);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), -EINVAL);
  EXPECT_NE(s.error().detail().find("opnat"), std::string::npos);
  EXPECT_EQ(s.error().message(), "Invalid argument: " + s.error().detail());

  abi::SessionOptions bad_kind;
  bad_kind.selection().Kinds({"fd"}).ExcludeKinds({"nope"});
  EXPECT_EQ(abi::Session::Create(bad_kind).error().code(), -EINVAL);

  abi::SessionOptions bad_path;
  bad_path.CgroupPath("/no/such/cgroup");
  EXPECT_EQ(abi::Session::Create(bad_path).error().code(), -ENOENT);

  abi::SessionOptions ok;
  ok.Pids({1}).Follow().CommFilter("init", abi::Match::kExact).TrackFiles(false).BatchSize(8);
  ok.selection().Families({"FS"}).SampleSyscall("read", 10).ExcludeSyscalls({"close"});
  abi::Result<abi::Session> created = abi::Session::Create(ok);
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->Poll(0, [](const ior_event&) {}).code(), IOR_ESTATE);  // not started
  EXPECT_TRUE(created->Stop().ok());
  EXPECT_TRUE(created->Poll(0, [](const ior_event&) {}).end_of_stream());
}

TEST(CapiHpp, Commands) {
  abi::Result<abi::Command> c = abi::Command::Start({"sh", "-c", "exit 9"});
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_GT(c->pid(), 0);
  EXPECT_TRUE(c->Release().ok());
  EXPECT_EQ(c->Wait().value_or(-1), 9);

  abi::Command::Options in_tmp;
  in_tmp.cwd = "/tmp";
  in_tmp.env = std::vector<std::string>{"X=1"};
  abi::Result<abi::Command> env = abi::Command::Start(
      {"sh", "-c", "test \"$(pwd)\" = /tmp && test \"$X\" = 1 && test -z \"$HOME\""}, in_tmp);
  ASSERT_TRUE(env.ok());
  EXPECT_TRUE(env->Release().ok());
  EXPECT_EQ(env->Wait().value_or(-1), 0);

  abi::Result<abi::Command> missing = abi::Command::Start({"/no/such/program"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->Release().code(), -ENOENT);
  EXPECT_EQ(missing->Wait().value_or(-1), 127);

  EXPECT_EQ(abi::Command::Start({}).error().code(), -EINVAL);
  EXPECT_EQ(abi::SyscallName(257), "openat");
  EXPECT_EQ(abi::SyscallName(100000), "syscall_100000");
}

TEST(CapiHpp, TracesACommandToItsEnd) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  abi::Result<abi::Command> cmd =
      abi::Command::Start({"sh", "-c", "cat " + file.path() + " > /dev/null"});
  ASSERT_TRUE(cmd.ok());
  abi::SessionOptions opts;
  opts.Pids({cmd->pid()}).Follow().PathFilter(file.path(), abi::Match::kExact);
  abi::Result<abi::Session> s = abi::Session::Create(opts);
  ASSERT_TRUE(s.ok()) << s.error().message();
  ASSERT_TRUE(s->Start().ok());
  ASSERT_TRUE(cmd->Release().ok());
  std::map<std::string, int> calls;
  abi::EventStream events = s->Events(10000);
  for (const ior_event& e : events) {
    EXPECT_EQ(abi::File(e), file.path());
    EXPECT_STREQ(e.comm, "cat");
    ++calls[abi::SyscallName(e.nr)];
  }
  EXPECT_TRUE(events.error().ok()) << events.error().message();
  EXPECT_EQ(calls["openat"], 1);
  EXPECT_GE(calls["read"], 2);  // the content, then end of file
  EXPECT_EQ(cmd->Wait().value_or(-1), 0);
  abi::Result<abi::Stats> st = s->GetStats();
  ASSERT_TRUE(st.ok());
  EXPECT_GT(st->Get(IOR_STAT_FILTERED), 0u);  // sh's and cat's other calls
}

}  // namespace
