// The decoder and the decode → batch pipeline on synthetic wire records.
#include "decoder.h"

#include <gtest/gtest.h>

#include <cstring>

#include "batch_queue.h"
#include "event_pipeline.h"
#include "ior/syscalls.h"
#include "ior_wire.h"

namespace ior::internal {
namespace {

bool FakeComm(uint32_t pid, uint32_t tid, Comm* out) {
  if (pid == 999) return false;  // a process that is gone
  std::snprintf(out->data(), out->size(), "task%u", tid);
  return true;
}

ior_wire_syscall Record(uint32_t pid, uint32_t tid, uint32_t nr, int64_t ret) {
  ior_wire_syscall r{};
  r.hdr.type = IOR_WIRE_SYSCALL;
  r.hdr.size = sizeof(r);
  r.enter_ns = 1000;
  r.latency_ns = 250;
  r.gap_ns = 40;
  r.pid = pid;
  r.tid = tid;
  r.nr = nr;
  r.ret = ret;
  for (int i = 0; i < IOR_WIRE_ARGS; ++i) r.args[i] = 100 + i;
  return r;
}

ior_wire_task Exec(uint32_t pid, uint32_t tid, const char* comm) {
  ior_wire_task t{};
  t.hdr.type = IOR_WIRE_EXEC;
  t.hdr.size = sizeof(t);
  t.pid = pid;
  t.tid = tid;
  std::strncpy(t.comm, comm, sizeof(t.comm) - 1);
  return t;
}

TEST(Decoder, DecodesASyscallRecord) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  ior_wire_syscall r = Record(10, 11, 17, -9);
  r.hdr.flags = IOR_WIRE_F_FIRST_ON_TID;
  Event e;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.enter_ns, 1000u);
  EXPECT_EQ(e.latency_ns, 250u);
  EXPECT_EQ(e.gap_ns, 40u);
  EXPECT_EQ(e.ret, -9);
  EXPECT_EQ(e.pid, 10u);
  EXPECT_EQ(e.tid, 11u);
  EXPECT_EQ(e.nr, 17u);
  EXPECT_EQ(e.flags, kEventFirstOnThread);
  EXPECT_EQ(e.args[0], 100u);
  EXPECT_EQ(e.args[5], 105u);
  EXPECT_STREQ(e.comm, "task11");
}

TEST(Decoder, MapsTheNoReturnFlag) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  ior_wire_syscall r = Record(1, 1, 231, 0);
  r.hdr.flags = IOR_WIRE_F_NORETURN;
  Event e;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.flags, kEventNoReturn);
}

TEST(Decoder, ExecRecordRenamesTheTask) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  Event e;
  ior_wire_syscall r = Record(20, 20, 59, 0);
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_STREQ(e.comm, "task20");
  ior_wire_task t = Exec(20, 20, "ls");
  EXPECT_EQ(d.Decode(&t, sizeof(t), &e, &batch), DecodeResult::kControl);
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_STREQ(e.comm, "ls");
}

TEST(Decoder, GoneThreadBorrowsItsProcessName) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  Event e;
  ior_wire_task t = Exec(999, 999, "leader");
  ASSERT_EQ(d.Decode(&t, sizeof(t), &e, &batch), DecodeResult::kControl);
  ior_wire_syscall r = Record(999, 1001, 0, 1);
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_STREQ(e.comm, "leader");
}

TEST(Decoder, UnknownProcessIsQuestionMark) {
  CommCache comms([](uint32_t, uint32_t, Comm*) { return false; });
  Decoder d(&comms);
  EventBatch batch;
  ior_wire_syscall r = Record(5, 6, 0, 1);
  Event e;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_STREQ(e.comm, "?");
}

// A record with two strings after the fixed part, as the kernel writes rename calls.
struct StringRecord {
  ior_wire_syscall rec;
  char tail[32];
};

TEST(Decoder, DecodesStringsIntoTheBatch) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  StringRecord sr{};
  sr.rec = Record(3, 3, 316, 0);  // renameat2
  std::memcpy(sr.tail, "/tmp/a\0/tmp/bb\0", 15);
  sr.rec.str_len[0] = 7;
  sr.rec.str_len[1] = 8;
  sr.rec.hdr.size = sizeof(ior_wire_syscall) + 16;
  Event& e = batch.mutable_events().emplace_back();
  ASSERT_EQ(d.Decode(&sr, sizeof(ior_wire_syscall) + 16, &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(batch.Path(e, 0), "/tmp/a");
  EXPECT_EQ(batch.Path(e, 1), "/tmp/bb");
  // Lengths that run past the record are refused.
  sr.rec.str_len[1] = 200;
  Event other;
  EXPECT_EQ(d.Decode(&sr, sizeof(ior_wire_syscall) + 16, &other, &batch), DecodeResult::kMalformed);
}

TEST(Decoder, DecodesNamedFieldsByPlan) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  Event e;
  // pipe2(fds, O_CLOEXEC) = 0 with the two fds copied at exit.
  ior_wire_syscall r = Record(1, 1, 293, 0);
  r.hdr.flags = IOR_WIRE_F_MEM;
  int32_t fds[2] = {5, 6};
  std::memcpy(r.mem, fds, sizeof(fds));
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.fds[0], 5);
  EXPECT_EQ(e.fds[1], 6);
  EXPECT_EQ(e.family, static_cast<uint8_t>(Family::kIPC));
  // read(7, buf, 100) = 42: 42 bytes read.
  r = Record(1, 1, 0, 42);
  r.args[0] = 7;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.fd, 7);
  EXPECT_EQ(e.bytes, 42u);
  EXPECT_EQ(e.bytes_class, static_cast<uint8_t>(BytesClass::kRead));
  // A failed read moves nothing.
  r.ret = -11;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.bytes, 0u);
  // nanosleep({2, 5}) requested 2 s + 5 ns.
  r = Record(1, 1, 35, 0);
  r.hdr.flags = IOR_WIRE_F_MEM;
  int64_t ts[2] = {2, 5};
  std::memcpy(r.mem, ts, sizeof(ts));
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.timeout_ns, 2000000005);
  // select(..., &{0 s, 2^62 us}): an out-of-range timeval saturates (found by fuzz_decoder:
  // the microseconds overflowed when scaled).
  r = Record(1, 1, 23, 0);
  r.hdr.flags = IOR_WIRE_F_MEM;
  r.args[4] = 0x7000;
  int64_t tv[2] = {0, int64_t{1} << 62};
  std::memcpy(r.mem, tv, sizeof(tv));
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.timeout_ns, INT64_MAX);
  tv[0] = 3;
  tv[1] = 7;
  std::memcpy(r.mem, tv, sizeof(tv));
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.timeout_ns, 3000007000);
  // ...and unknown when the copy failed.
  r = Record(1, 1, 35, 0);
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.timeout_ns, kTimeoutNone);
  // recvfrom(fd, buf, 10, MSG_TRUNC) = 300: at most the buffer was filled.
  r = Record(1, 1, 45, 300);
  r.args[2] = 10;
  r.args[3] = 0x20;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.bytes, 10u);
  // getxattr(path, name, NULL, 0) = 17 is a size probe.
  r = Record(1, 1, 191, 17);
  r.args[3] = 0;
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.bytes, 0u);
  // A number the table does not know still decodes, as Misc.
  r = Record(1, 1, 999, 0);
  ASSERT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kEvent);
  EXPECT_EQ(e.family, static_cast<uint8_t>(Family::kMisc));
  EXPECT_EQ(e.fd, kNoFd);
}

TEST(Decoder, RejectsMalformedRecords) {
  CommCache comms(FakeComm);
  Decoder d(&comms);
  EventBatch batch;
  Event e;
  ior_wire_syscall r = Record(1, 1, 0, 0);
  EXPECT_EQ(d.Decode(&r, 4, &e, &batch), DecodeResult::kMalformed);              // no header
  EXPECT_EQ(d.Decode(&r, sizeof(r) - 8, &e, &batch), DecodeResult::kMalformed);  // truncated
  r.hdr.size = 12;
  EXPECT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kMalformed);  // size mismatch
  r.hdr.size = sizeof(r);
  r.hdr.type = 77;
  EXPECT_EQ(d.Decode(&r, sizeof(r), &e, &batch), DecodeResult::kMalformed);  // unknown type
  EXPECT_EQ(d.malformed(), 4u);
}

TEST(EventPipeline, DeliversFullBatchesAndFlushesTheRest) {
  auto queue = BatchQueue::Create(16);
  ASSERT_TRUE(queue.ok());
  EventPipeline p(3, absl::Seconds(10), queue->get(), FakeComm);
  for (uint32_t i = 0; i < 7; ++i) {
    ior_wire_syscall r = Record(1, 1, i, 0);
    p.Add(&r, sizeof(r));
  }
  ior_wire_task t = Exec(1, 1, "x");  // control records are not events
  p.Add(&t, sizeof(t));
  EXPECT_EQ(p.decoded(), 7u);
  EXPECT_EQ((*queue)->queued_events(), 6u);  // two full batches of 3
  p.Flush();
  (*queue)->Close();
  std::vector<size_t> sizes;
  std::vector<uint32_t> nrs;
  EventBatch b;
  while ((*queue)->Pop(absl::ZeroDuration(), &b) == BatchQueue::PopResult::kBatch) {
    sizes.push_back(b.size());
    for (const Event& e : b.events()) nrs.push_back(e.nr);
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 1}));
  EXPECT_EQ(nrs, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ((*queue)->delivered_events(), 7u);
}

TEST(EventPipeline, FlushesABatchOnceItsDelayHasPassed) {
  auto queue = BatchQueue::Create(16);
  ASSERT_TRUE(queue.ok());
  EventPipeline p(100, absl::Milliseconds(50), queue->get(), FakeComm);
  ior_wire_syscall r = Record(1, 1, 0, 0);
  absl::Time before = absl::Now();
  p.Add(&r, sizeof(r));
  EXPECT_GT(p.FlushIfDue(before), absl::ZeroDuration());  // not due yet
  EXPECT_EQ((*queue)->queued_events(), 0u);
  p.FlushIfDue(absl::Now() + absl::Milliseconds(60));
  EXPECT_EQ((*queue)->queued_events(), 1u);
}

TEST(BatchQueue, FdIsReadableExactlyWhileSomethingWaits) {
  auto queue = BatchQueue::Create(4);
  ASSERT_TRUE(queue.ok());
  BatchQueue& q = **queue;
  auto readable = [&] {
    uint64_t v;
    // The fd is non-blocking; peek by reading and restoring.
    ssize_t n = read(q.fd(), &v, sizeof(v));
    if (n == sizeof(v)) (void)!write(q.fd(), &v, sizeof(v));
    return n == sizeof(v);
  };
  EXPECT_FALSE(readable());
  q.Push(EventBatch(std::vector<Event>(2)));
  EXPECT_TRUE(readable());
  EventBatch b;
  EXPECT_EQ(q.Pop(absl::ZeroDuration(), &b), BatchQueue::PopResult::kBatch);
  EXPECT_FALSE(readable());
  EXPECT_EQ(q.Pop(absl::ZeroDuration(), &b), BatchQueue::PopResult::kTimeout);
  q.Close();
  EXPECT_TRUE(readable());  // the end of the stream is news too
  EXPECT_EQ(q.Pop(absl::ZeroDuration(), &b), BatchQueue::PopResult::kEnd);
}

}  // namespace
}  // namespace ior::internal
