// The `.ior.zst` recording reader (lib/flame_recording.cc). Each input is tried twice: as a
// file's bytes as they are (the zstd layer, the checksums), and as a decompressed payload that
// the harness wraps the way the writer does (payload checksum, zstd frame, checksum frame), so
// that the parser itself sees mutated headers, counts, tables and records instead of stopping
// at the checksums. What it accepts must serialize again.
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ior/flame_recording.h"

namespace {

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

void PutLe(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// The file the writer would make of `payload` (magic and version included in the input).
std::string Wrap(std::string_view payload) {
  std::string body(payload);
  PutLe(&body, Fnv1a64(payload), 8);
  std::string file(ZSTD_compressBound(body.size()), '\0');
  const size_t n = ZSTD_compress(file.data(), file.size(), body.data(), body.size(), 1);
  if (ZSTD_isError(n)) __builtin_trap();
  file.resize(n);
  const uint64_t sum = Fnv1a64(file);
  PutLe(&file, 0x184D2A5F, 4);
  PutLe(&file, 12, 4);
  file.append("IORS");
  PutLe(&file, sum, 8);
  return file;
}

void Parse(std::string_view bytes) {
  absl::StatusOr<ior::Recording> rec = ior::ParseRecording(bytes, "fuzz.ior.zst");
  if (!rec.ok()) {
    if (rec.status().message().empty()) __builtin_trap();
    return;
  }
  for (const ior::RecordingSyscall& s : rec->info.syscalls) {
    for (double q : {0.0, 0.5, 0.99, 1.0}) (void)s.stats.Percentile(q);
  }
  // What was read is a recording: it must write back and read back.
  absl::StatusOr<std::string> again = ior::SerializeRecording(rec->info, rec->flame);
  if (!again.ok()) return;  // e.g. an over-long string the writer refuses
  if (!ior::ParseRecording(*again, "again").ok()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Parse(input);
  Parse(Wrap(input));
  return 0;
}
