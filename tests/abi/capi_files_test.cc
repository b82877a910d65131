// The C event names its file: ior_event::file (borrowed during the callback or from the batch),
// bytes, the descriptor, the family and the file's identity as stat(2) gives it.
#include <errno.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <string>
#include <vector>

#include "ior/ior.h"
#include "workload_process.h"

namespace {

using ior::testing::TempFile;
using ior::testing::WorkloadProcess;

constexpr char kMissingPath[] = "/nonexistent/ior-e2e-missing";  // tests/e2e/workload.cc
constexpr int kPreads = 3;

// What a test keeps of an event: its strings copied while they are valid.
struct Seen {
  std::string name;
  int64_t ret = 0;
  bool has_file = false;
  std::string file;
  int file_status = 0;
  uint64_t bytes = 0;
  int bytes_class = 0;
  int32_t fd = 0;
  std::string family;
  uint64_t file_ino = 0;
  uint64_t file_dev = 0;
};

Seen Keep(const ior_event& e) {
  Seen s;
  EXPECT_TRUE(IOR_EVENT_HAS(&e, reserved1));
  const char* name = ior_syscall_name(e.nr);
  s.name = name != nullptr ? name : "?";
  s.ret = e.ret;
  s.has_file = e.file != nullptr;
  if (e.file != nullptr) s.file = e.file;
  EXPECT_EQ(e.old_file, nullptr) << s.name;  // nothing in this scenario renames
  s.file_status = e.file_status;
  s.bytes = e.bytes;
  s.bytes_class = e.bytes_class;
  s.fd = e.fd;
  const char* family = ior_family_name(e.family);
  s.family = family != nullptr ? family : "?";
  s.file_ino = e.file_ino;
  s.file_dev = e.file_dev;
  return s;
}

int KeepEvent(void* user_data, const ior_event* ev) {
  static_cast<std::vector<Seen>*>(user_data)->push_back(Keep(*ev));
  return 0;
}

ior_session* Start(int32_t pid) {
  const char* const syscalls[] = {"openat", "pread64", "close", "exit_group"};
  IOR_OPTS(ior_session_opts, opts, .pids = &pid, .pids_len = 1, .syscalls = syscalls,
           .syscalls_len = 4);
  ior_session* s = nullptr;
  int err = ior_session_new(&s, &opts);
  EXPECT_EQ(err, 0) << ior_last_error();
  if (err == 0) err = ior_session_start(s);
  EXPECT_EQ(err, 0) << ior_last_error();
  if (err != 0) {
    ior_session_free(s);
    return nullptr;
  }
  return s;
}

// `ior-workload basic <file> 3`: openat, 3 × pread64 of 1 byte, close, a failing openat, openat,
// close, a failing close, exit_group.
void ExpectFiles(const std::vector<Seen>& seen, const std::string& path) {
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  ASSERT_EQ(seen.size(), 10u);
  const int32_t fd = static_cast<int32_t>(seen[0].ret);
  for (size_t i = 0; i < 8; ++i) {
    const Seen& s = seen[i];
    SCOPED_TRACE(std::to_string(i) + " " + s.name);
    EXPECT_EQ(s.family, "FS");
    ASSERT_TRUE(s.has_file);
    EXPECT_EQ(s.file_status, IOR_FILE_PATH);
    if (s.ret == -ENOENT) {
      EXPECT_EQ(s.file, kMissingPath);
      continue;
    }
    EXPECT_EQ(s.file, path);
    EXPECT_EQ(s.file_ino, static_cast<uint64_t>(st.st_ino));
    EXPECT_EQ(s.file_dev, static_cast<uint64_t>(st.st_dev));
  }
  for (size_t i = 1; i <= kPreads; ++i) {
    EXPECT_EQ(seen[i].name, "pread64");
    EXPECT_EQ(seen[i].fd, fd);
    EXPECT_EQ(seen[i].bytes, 1u);
    EXPECT_EQ(seen[i].bytes_class, IOR_BYTES_READ);
  }
  EXPECT_EQ(seen[0].fd, -1);  // openat has a directory descriptor, not a descriptor argument
  EXPECT_EQ(seen[0].bytes_class, IOR_BYTES_NONE);
  EXPECT_EQ(seen[4].name, "close");
  EXPECT_EQ(seen[4].fd, fd);
  EXPECT_EQ(seen[8].ret, -EBADF);
  EXPECT_EQ(seen[9].name, "exit_group");
  EXPECT_EQ(seen[9].family, "Process");
}

TEST(CapiFiles, CallbackEventsNameTheirFiles) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "3"});
  ior_session* s = Start(workload.pid());
  ASSERT_NE(s, nullptr);
  workload.Go();
  std::vector<Seen> seen;
  int err = 0;
  while (!err) err = ior_session_poll(s, 100, KeepEvent, &seen);  // ends with the workload
  EXPECT_EQ(err, IOR_EEOS) << ior_last_error();
  ASSERT_EQ(workload.Wait(), 0);
  ExpectFiles(seen, file.path());
  ior_session_free(s);
}

TEST(CapiFiles, BatchEventsNameTheirFilesUntilTheBatchIsFreed) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "3"});
  ior_session* s = Start(workload.pid());
  ASSERT_NE(s, nullptr);
  workload.Go();
  std::vector<ior_batch*> batches;
  ior_batch* batch = nullptr;
  int err;
  while ((err = ior_session_next(&batch, s, 100)) != IOR_EEOS) {
    if (err == -EAGAIN) continue;
    ASSERT_EQ(err, 0) << ior_last_error();
    batches.push_back(batch);
  }
  ASSERT_EQ(workload.Wait(), 0);
  ior_session_free(s);  // batches outlive their session, strings included
  std::vector<Seen> seen;
  for (ior_batch* b : batches) {
    for (size_t i = 0; i < ior_batch_size(b); ++i) seen.push_back(Keep(*ior_batch_event(b, i)));
    ior_batch_free(b);
  }
  ExpectFiles(seen, file.path());
}

}  // namespace
