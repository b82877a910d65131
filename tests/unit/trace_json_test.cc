// ior::TraceJsonSink: the file is valid JSON (checked by Python's json module), text is escaped
// and repaired, slices carry the trace-event fields, and the cap is noted.
#include "ior/trace_json.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ior/event.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

Event MakeEvent(uint32_t nr, int64_t ret, const char* comm, uint32_t tid, uint64_t enter_ns) {
  Event e{};
  e.nr = nr;
  e.ret = ret;
  e.pid = 100;
  e.tid = tid;
  e.enter_ns = enter_ns;
  e.latency_ns = 1500;
  e.family = static_cast<uint8_t>(Family::kFS);
  std::strncpy(e.comm, comm, kCommLength - 1);
  return e;
}

// Runs Python's json module over `path` and prints facts about it, one per line.
std::string Inspect(const std::string& path) {
  const std::string cmd =
      "/usr/bin/python3 -c '\n"
      "import json, sys\n"
      "d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
      "ev = d[\"traceEvents\"]\n"
      "xs = [e for e in ev if e[\"ph\"] == \"X\"]\n"
      "print(len(xs), xs[0][\"ts\"], xs[0][\"dur\"], "
      "xs[0][\"args\"][\"file\"].encode(\"unicode_escape\").decode())\n"
      "print(xs[1][\"args\"].get(\"errno\"), xs[1][\"args\"][\"ret\"], xs[1][\"name\"], "
      "xs[1][\"cat\"])\n"
      "print(sorted(e[\"args\"][\"name\"] for e in ev if e[\"ph\"] == \"M\"))\n"
      "print(d[\"otherData\"][\"calls_not_shown\"], \"capped\" in d[\"otherData\"].get(\"note\", "
      "\"\"))\n"
      "' " +
      path;
  std::string out;
  std::FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "popen failed";
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), p)) > 0;) out.append(buf, n);
  const int rc = pclose(p);
  return rc == 0 ? out : "python failed: " + out;
}

TEST(TraceJsonSinkTest, ValidJsonWithEscapedTextAndACapNote) {
  char dir[] = "/tmp/ior_trace_json_test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/t.json";
  TraceJsonOptions options;
  options.max_events = 2;
  auto sink = TraceJsonSink::Create(path, options);
  ASSERT_TRUE(sink.ok()) << sink.status();
  EventBatch batch;
  Event a = MakeEvent(SYS_openat, 3, "quo\"te\\", 100, 1'234'567);
  a.file_ref = batch.AddString("/tmp/new\nline\x1b[31m\xff");
  a.file_status = static_cast<uint8_t>(FileStatus::kPath);
  batch.mutable_events().push_back(a);
  batch.mutable_events().push_back(MakeEvent(SYS_close, -9, "worker", 101, 2'000'000));
  batch.mutable_events().push_back(MakeEvent(SYS_close, 0, "worker", 101, 3'000'000));
  (*sink)->Write(batch);
  EXPECT_FALSE(access(path.c_str(), F_OK) == 0);  // published only by Close()
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_EQ((*sink)->events_written(), 2u);
  EXPECT_EQ((*sink)->events_dropped(), 1u);
  EXPECT_EQ(Inspect(path),
            "2 1234.567 1.5 /tmp/new\\nline\\x1b[31m\\\\xff\n"
            "EBADF -9 close FS\n"
            "['quo\"te\\\\', 'quo\"te\\\\', 'worker']\n"
            "1 True\n");
  std::remove(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace ior
