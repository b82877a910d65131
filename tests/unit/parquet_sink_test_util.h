// What the ParquetSink tests share: a fixture with a scratch directory, a typical event, and
// the node runner's readers (DuckDB, hyparquet).
#ifndef IOR_TESTS_UNIT_PARQUET_SINK_TEST_UTIL_H_
#define IOR_TESTS_UNIT_PARQUET_SINK_TEST_UTIL_H_

#include <glob.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ior/event.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "ior/syscalls.h"
#include "node_runner.h"

// Own namespace: shared by the test files, apart from the library's ior::.
namespace ior::parquet_test {

class ParquetSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ior_parquet_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    const std::string cmd = "rm -rf '" + dir_ + "'";
    (void)std::system(cmd.c_str());
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  static bool Exists(const std::string& p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0;
  }
  // The temporary files staged next to `p` (`p.XXXXXX.tmp`) while it is written.
  static size_t StagedFiles(const std::string& p) {
    glob_t g{};
    const size_t n = glob((p + ".*.tmp").c_str(), 0, nullptr, &g) == 0 ? g.gl_pathc : 0;
    globfree(&g);
    return n;
  }

  std::string dir_;
};

inline Event MakeEvent(uint32_t nr, int64_t ret, uint64_t bytes, std::string_view comm = "cat") {
  Event e{};
  e.enter_ns = 1'000'000'000;
  e.gap_ns = 10;
  e.latency_ns = 20;
  e.ret = ret;
  e.bytes = bytes;
  e.pid = 42;
  e.tid = 43;
  e.nr = nr;
  e.fd = 3;
  e.target_fd = kNoFd;
  e.timeout_ns = kTimeoutNone;
  e.family = static_cast<uint8_t>(Family::kFS);
  e.bytes_class = static_cast<uint8_t>(BytesClass::kRead);
  std::memcpy(e.comm, comm.data(), std::min(comm.size(), kCommLength - 1));
  return e;
}

inline std::string Hex(std::string_view s) {
  std::string out;
  for (unsigned char c : s) absl::StrAppend(&out, absl::Hex(c, absl::kZeroPad2));
  for (char& c : out) c = static_cast<char>(toupper(c));
  return out;
}

}  // namespace ior::parquet_test

#endif  // IOR_TESTS_UNIT_PARQUET_SINK_TEST_UTIL_H_
