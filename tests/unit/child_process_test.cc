// ior::ChildProcess: a command held until Release(), its environment and directory, and the
// errors and exit codes of what could not run.
#include "ior/child_process.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ior/error.h"

namespace ior {
namespace {

int RunToEnd(const std::vector<std::string>& argv, const ChildProcess::Options& options,
             absl::Status* release) {
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::SpawnCommand(argv, options);
  EXPECT_TRUE(child.ok()) << child.status();
  if (!child.ok()) return -1;
  *release = (*child)->Release();
  (*child)->Wait();
  return (*child)->ExitCode();
}

TEST(ChildProcess, ExitCodeOfACommand) {
  absl::Status release;
  EXPECT_EQ(RunToEnd({"sh", "-c", "exit 6"}, {}, &release), 6);
  EXPECT_TRUE(release.ok()) << release;
}

TEST(ChildProcess, EnvironmentAndDirectory) {
  ChildProcess::Options options;
  options.env = std::vector<std::string>{"IOR_CHILD=1"};
  options.cwd = "/tmp";
  absl::Status release;
  EXPECT_EQ(RunToEnd({"sh", "-c",
                      R"sh(test "$IOR_CHILD" = 1 && test -z "$HOME" && test "$(pwd)" = /tmp)sh"},
                     options, &release),
            0);
  EXPECT_TRUE(release.ok()) << release;
  // Without `env`, the parent's environment (which has no IOR_CHILD).
  EXPECT_EQ(RunToEnd({"sh", "-c", R"sh(test "$IOR_CHILD" = 1)sh"}, {}, &release), 1);
}

TEST(ChildProcess, WhatCouldNotRun) {
  absl::Status release;
  EXPECT_EQ(RunToEnd({"/nonexistent/program"}, {}, &release), 127);
  EXPECT_EQ(ErrorNumber(release), -ENOENT);
  EXPECT_NE(release.message().find("/nonexistent/program"), std::string::npos) << release;

  ChildProcess::Options options;
  options.cwd = "/nonexistent/dir";
  EXPECT_EQ(RunToEnd({"true"}, options, &release), 126);
  EXPECT_EQ(ErrorNumber(release), -ENOENT);
  EXPECT_NE(release.message().find("/nonexistent/dir"), std::string::npos) << release;
}

TEST(ChildProcess, NeverReleasedExitsWithoutRunning) {
  absl::StatusOr<std::unique_ptr<ChildProcess>> child =
      ChildProcess::SpawnCommand({"sh", "-c", "exit 3"});
  ASSERT_TRUE(child.ok());
  (*child)->Abort();
  EXPECT_TRUE((*child)->reaped());
  EXPECT_EQ((*child)->ExitCode(), 125);
}

}  // namespace
}  // namespace ior
