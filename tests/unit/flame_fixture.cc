// ior-flame-fixture OUT KEYS: writes a deterministic synthetic recording with about KEYS keys
// (several processes, syscalls of several families, a directory tree), for the browser test of
// the SVG flamegraph and for trying `ior collapsed` / `ior svg` without tracing.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "ior/flame.h"
#include "ior/flame_recording.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ior-flame-fixture OUT.ior.zst KEYS\n");
    return 2;
  }
  const long keys = std::strtol(argv[2], nullptr, 10);
  static const char* const kComms[] = {"postgres", "nginx", "make", "cc1", "rsync", "java"};
  static const char* const kSyscalls[] = {"read",    "write", "openat",    "close",
                                          "pread64", "fsync", "sendto",    "recvfrom",
                                          "mmap",    "futex", "nanosleep", "getdents64"};
  ior::FlameAggregator flame(ior::FlameAggregator::Options{.max_keys = 0});
  uint64_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed >> 33;
  };
  for (long i = 0; i < keys; ++i) {
    const uint64_t c = next() % 6;
    const uint64_t s = (next() % 12) * (next() % 2);  // reads and writes dominate
    const std::string path = s >= 8 ? ""
                                    : "/srv/" + std::string(kComms[c]) + "/d" +
                                          std::to_string(next() % 20) + "/f" +
                                          std::to_string(next() % 200);
    const uint32_t pid = 1000 + static_cast<uint32_t>(c * 10 + next() % 10);
    const uint64_t count = 1 + next() % 50 + (c == 0 ? 200 : 0);
    flame.AddRecord(path, kSyscalls[s], kComms[c], pid,
                    pid + static_cast<uint32_t>(i),  // distinct keys
                    static_cast<uint32_t>(next() % 3),
                    ior::FlameCounters{count, count * (1000 + next() % 100000), count * 500,
                                       s < 2 ? count * 4096 : 0});
  }
  ior::RecordingInfo info;
  info.tool_version = "fixture";
  info.host = "fixture";
  info.name = "fixture";
  info.selection = "synthetic";
  absl::StatusOr<std::string> bytes = ior::SerializeRecording(info, flame);
  if (!bytes.ok()) return 1;
  std::ofstream(argv[1], std::ios::binary) << *bytes;
  std::fprintf(stderr, "%zu keys, %llu events, %zu bytes\n", flame.size(),
               static_cast<unsigned long long>(flame.totals().count), bytes->size());
  return 0;
}
