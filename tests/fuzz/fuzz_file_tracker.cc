// The file tracker (lib/file_tracker.cc, fd_tables, file_names) fed arbitrary sequences of
// well-formed wire records through the decoder: syscalls that open, dup, close, rename, chdir,
// fork, exec and exit, in any order, with any arguments, identities and paths, for a handful
// of processes, under small memory bounds so that eviction runs too. Records are built from
// the input (so most are accepted by the decoder and reach the tracker) rather than taken raw.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "decoder.h"
#include "file_tracker.h"
#include "fuzz_fakes.h"
#include "ior/event.h"
#include "ior/syscalls.h"
#include "ior_wire.h"

namespace {

using ior::internal::DecodeResult;

// The syscalls the tracker acts on (file_op set), the ones a fuzzer should mostly pick.
const std::vector<uint32_t>& TrackedNumbers() {
  static const std::vector<uint32_t> numbers = [] {
    std::vector<uint32_t> v;
    for (const ior::SyscallInfo& s : ior::AllSyscalls()) {
      if (s.file_op != ior::FileOp::kNone) v.push_back(s.nr);
    }
    return v;
  }();
  return numbers;
}

std::string Fragment(FuzzedDataProvider& in) {
  static const char* const kFragments[] = {"",
                                           "/",
                                           ".",
                                           "..",
                                           "a",
                                           "b/",
                                           "/tmp/x",
                                           "../../..",
                                           "a/b/./c/../d",
                                           "//x//y/",
                                           "/proc/self/fd/3",
                                           "pipe:[1]",
                                           "dir/",
                                           "\xff\xfe",
                                           "x\ty"};
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0:
      return in.ConsumeRandomLengthString(IOR_WIRE_STR_MAX);
    case 1:
      return std::string(in.ConsumeIntegralInRange<size_t>(200, 300), 'p');
    default:
      return kFragments[in.ConsumeIntegralInRange<size_t>(0, std::size(kFragments) - 1)];
  }
}

std::string Path(FuzzedDataProvider& in) {
  std::string path;
  const int parts = in.ConsumeIntegralInRange(0, 3);
  for (int i = 0; i < parts; ++i) path += Fragment(in);
  return path.substr(0, path.find('\0'));
}

uint64_t Arg(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0:
      return static_cast<uint64_t>(-100);  // AT_FDCWD
    case 1:
      return static_cast<uint64_t>(in.ConsumeIntegralInRange<int64_t>(-2, 12));  // a descriptor
    case 2:  // open / clone / fcntl flags
      return in.ConsumeIntegral<uint32_t>();
    default:
      return in.ConsumeIntegral<uint64_t>();
  }
}

template <typename T>
void Put(std::vector<uint8_t>* out, const T& rec) {
  out->resize(sizeof(rec));
  std::memcpy(out->data(), &rec, sizeof(rec));
}

// One record built from the input.
void NextRecord(FuzzedDataProvider& in, std::vector<uint8_t>* out) {
  const uint32_t pid = in.ConsumeIntegralInRange<uint32_t>(1, 9);
  const uint32_t tid = in.ConsumeBool() ? pid : pid + in.ConsumeIntegralInRange<uint32_t>(1, 3);
  switch (in.ConsumeIntegralInRange(0, 9)) {
    default: {  // a syscall (0..5)
      ior_wire_syscall rec{};
      rec.hdr.type = IOR_WIRE_SYSCALL;
      rec.hdr.flags = in.ConsumeIntegral<uint8_t>();
      const std::vector<uint32_t>& tracked = TrackedNumbers();
      rec.nr = in.ConsumeIntegralInRange(0, 15) != 0
                   ? tracked[in.ConsumeIntegralInRange<size_t>(0, tracked.size() - 1)]
                   : in.ConsumeIntegralInRange<uint32_t>(0, 600);
      rec.pid = pid;
      rec.tid = tid;
      rec.ret = in.ConsumeBool() ? in.ConsumeIntegralInRange<int64_t>(-40, 12)
                                 : in.ConsumeIntegral<int64_t>();
      for (__u64& a : rec.args) a = Arg(in);
      for (uint8_t& m : rec.mem) {
        m = in.ConsumeBool() ? static_cast<uint8_t>(in.ConsumeIntegralInRange(0, 12))
                             : in.ConsumeIntegral<uint8_t>();
      }
      for (int i = 0; i < 2; ++i) {
        rec.ino[i] = in.ConsumeIntegralInRange<uint64_t>(0, 20);
        rec.dev[i] = in.ConsumeBool() ? 0x800001 : in.ConsumeIntegralInRange<uint32_t>(0, 3);
      }
      const std::string s0 = in.ConsumeBool() ? Path(in) : "";
      const std::string s1 = in.ConsumeIntegralInRange(0, 3) == 0 ? Path(in) : "";
      const std::string* strs[2] = {&s0, &s1};
      std::string tail;
      for (int i = 0; i < 2; ++i) {
        // Present strings carry their NUL; the kernel cuts at IOR_WIRE_STR_MAX.
        std::string s = strs[i]->substr(0, IOR_WIRE_STR_MAX - 1);
        if (!strs[i]->empty() || in.ConsumeIntegralInRange(0, 7) == 0) {
          rec.str_len[i] = static_cast<uint16_t>(s.size() + 1);
          tail.append(s).push_back('\0');
        }
      }
      const size_t total = (sizeof(rec) + tail.size() + 7) / 8 * 8;
      rec.hdr.size = static_cast<uint16_t>(total);
      out->assign(total, 0);
      std::memcpy(out->data(), &rec, sizeof(rec));
      std::memcpy(out->data() + sizeof(rec), tail.data(), tail.size());
      return;
    }
    case 6: {
      ior_wire_fork rec{};
      rec.hdr.type = IOR_WIRE_FORK;
      rec.hdr.size = sizeof(rec);
      rec.pid = pid;
      rec.tid = tid;
      rec.child_pid = in.ConsumeIntegralInRange<uint32_t>(1, 9);
      rec.child_tid = in.ConsumeBool() ? rec.child_pid : rec.child_pid + 1;
      static const uint64_t kClone[] = {17, 0x100 | 0x200 | 0x400 | 0x800 | 0x10000, 0x400 | 17,
                                        0x200 | 17};
      rec.clone_flags = in.ConsumeBool() ? kClone[in.ConsumeIntegralInRange(0, 3)]
                                         : in.ConsumeIntegral<uint64_t>();
      Put(out, rec);
      return;
    }
    case 7: {
      ior_wire_task rec{};
      static const uint16_t kTypes[] = {IOR_WIRE_EXEC, IOR_WIRE_TASK, IOR_WIRE_RENAME,
                                        IOR_WIRE_EXIT};
      rec.hdr.type = kTypes[in.ConsumeIntegralInRange(0, 3)];
      rec.hdr.size = sizeof(rec);
      rec.hdr.flags = in.ConsumeBool() ? IOR_WIRE_F_GROUP_DEAD : 0;
      rec.pid = pid;
      rec.tid = tid;
      const std::string comm = in.ConsumeRandomLengthString(IOR_WIRE_COMM_LEN);
      std::memcpy(rec.comm, comm.data(), comm.size());
      Put(out, rec);
      return;
    }
    case 8: {
      ior_wire_cwd rec{};
      rec.hdr.type = IOR_WIRE_CWD;
      rec.hdr.flags = in.ConsumeIntegralInRange(0, 7) == 0 ? IOR_WIRE_F_CWD_PARTIAL : 0;
      rec.pid = pid;
      rec.tid = tid;
      rec.ino = in.ConsumeIntegralInRange<uint64_t>(0, 20);
      rec.dev = 0x800001;
      std::string comps;
      const int depth = in.ConsumeIntegralInRange(0, IOR_WIRE_CWD_DEPTH + 2);
      for (int i = 0; i < depth && comps.size() < IOR_WIRE_CWD_MAX; ++i) {
        comps.append(Fragment(in).substr(0, 40)).push_back('\0');
      }
      rec.len = static_cast<uint16_t>(comps.size());
      const size_t total = (sizeof(rec) + comps.size() + 7) / 8 * 8;
      rec.hdr.size = static_cast<uint16_t>(total);
      out->assign(total, 0);
      std::memcpy(out->data(), &rec, sizeof(rec));
      std::memcpy(out->data() + sizeof(rec), comps.data(), comps.size());
      return;
    }
    case 9: {  // raw bytes, as a corrupt ring would give
      const std::string raw = in.ConsumeRandomLengthString(400);
      out->assign(raw.begin(), raw.end());
      return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  ior::fuzz::FakeProc proc;
  ior::internal::FileTrackerLimits limits;
  if (in.ConsumeBool()) limits = {.max_processes = 3, .max_entries = 8, .max_names = 6};
  ior::internal::FileTracker files(&proc, limits, {.pipefs = 0xc, .sockfs = 0x8});
  ior::internal::CommCache comms(ior::fuzz::FakeComm, 16);
  ior::internal::Decoder decoder(&comms, &files);
  if (in.ConsumeBool()) files.Seed(in.ConsumeIntegralInRange<uint32_t>(1, 9));
  ior::EventBatch batch;
  std::vector<uint8_t> record;
  for (int n = 0; n < 256 && in.remaining_bytes() > 0; ++n) {
    NextRecord(in, &record);
    ior::Event e{};
    if (decoder.Decode(record.data(), record.size(), &e, &batch) != DecodeResult::kEvent) continue;
    for (uint32_t ref : {e.path_ref[0], e.path_ref[1], e.file_ref, e.old_file_ref}) {
      if (ref > batch.strings().size()) __builtin_trap();
    }
    if (limits.max_processes == 3 &&
        (files.process_count() > 3 || files.entry_count() > 8 || files.name_count() > 6)) {
      // The bounds hold whatever the sequence.
      std::fprintf(stderr, "bounds exceeded: %zu processes, %zu entries, %zu names\n",
                   files.process_count(), files.entry_count(), files.name_count());
      __builtin_trap();
    }
  }
  return 0;
}
