// The `.ior.zst` writer and reader; the format is described in include/ior/flame_recording.h.
#include "ior/flame_recording.h"

#include <zstd.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/latency_histogram.h"
#include "ior/syscall_names.h"

namespace ior {
namespace {

constexpr std::string_view kMagic = "IORFLAME";
constexpr size_t kMaxString = size_t{1} << 20;
// Decompressed size beyond which a file is refused (a zstd bomb, or not ours).
constexpr size_t kMaxPayload = size_t{8} << 30;
constexpr int kCompressionLevel = 6;

// The last frame of a recording: a zstd skippable frame holding "IORS" and the FNV-1a 64 of
// every byte of the file before it.
constexpr uint32_t kTrailerMagic = 0x184D2A5F;
constexpr std::string_view kTrailerTag = "IORS";
constexpr size_t kTrailerBytes = 20;

void PutLe32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
uint64_t GetLe(std::string_view p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string S(std::string_view v) { return std::string(v); }

class Writer {
 public:
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void String(std::string_view s) {
    Varint(s.size());
    out_.append(s);
  }
  void Raw(std::string_view s) { out_.append(s); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Bounds-checked reads; the first failure sticks and every later read returns 0 / "".
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos_ >= data_.size()) return Fail("ends in the middle of a number");
      const unsigned char c = static_cast<unsigned char>(data_[pos_++]);
      if (shift == 63 && c > 1) return Fail("has a number out of range");
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if ((c & 0x80) == 0) return v;
    }
    return Fail("has a number out of range");
  }
  uint32_t Varint32() {
    const uint64_t v = Varint();
    if (v > UINT32_MAX) return static_cast<uint32_t>(Fail("has a 32-bit field out of range"));
    return static_cast<uint32_t>(v);
  }
  std::string_view String() {
    const uint64_t n = Varint();
    if (n > kMaxString) return Fail("has an over-long string"), std::string_view();
    if (n > data_.size() - pos_) return Fail("ends in the middle of a string"), std::string_view();
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // A count of items that each take at least `min_bytes`: refuses counts the data cannot hold,
  // so a corrupt count never makes the reader allocate or loop for long.
  uint64_t Count(size_t min_bytes) {
    const uint64_t n = Varint();
    if (n > (data_.size() - pos_) / min_bytes) return Fail("has a count larger than the file");
    return n;
  }
  uint64_t Fail(const char* why) {
    if (error_ == nullptr) error_ = why;
    pos_ = data_.size();
    return 0;
  }
  const char* error() const { return error_; }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  const char* error_ = nullptr;
};

// The loss figures, then (version 3) the degrade figures and windows.
void WriteLoss(const SessionStats& s, Writer& w) {
  for (uint64_t v : {s.kernel_count, s.sampled_out, s.decoded, s.delivered, s.filtered, s.queued,
                     s.dropped, s.exits_without_enter, s.state_unavailable, s.control_dropped,
                     s.degraded, s.degrade_windows_dropped}) {
    w.Varint(v);
  }
  w.Varint(s.degrade_windows.size());
  for (const DegradeWindow& d : s.degrade_windows) {
    for (uint64_t v : {d.start_ns, d.end_ns, d.calls, uint64_t{d.min_one_in}}) w.Varint(v);
  }
}

void ReadLoss(Reader& r, uint64_t version, SessionStats& s) {
  for (uint64_t* v :
       {&s.kernel_count, &s.sampled_out, &s.decoded, &s.delivered, &s.filtered, &s.queued,
        &s.dropped, &s.exits_without_enter, &s.state_unavailable, &s.control_dropped}) {
    *v = r.Varint();
  }
  if (version < 3) return;  // nothing was degraded before version 3 knew how to say so
  s.degraded = r.Varint();
  s.degrade_windows_dropped = r.Varint();
  const uint64_t n = r.Count(4);
  for (uint64_t i = 0; i < n && r.error() == nullptr; ++i) {
    DegradeWindow d;
    d.start_ns = r.Varint();
    d.end_ns = r.Varint();
    d.calls = r.Varint();
    d.min_one_in = r.Varint32();
    s.degrade_windows.push_back(d);
  }
}

// Decompresses every frame of `bytes`. Errors are the tail of a sentence about the file.
absl::StatusOr<std::string> Decompress(std::string_view bytes, std::string_view what) {
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!dctx) return absl::ResourceExhaustedError("cannot allocate a zstd decompression context");
  std::string out;
  std::vector<char> buf(ZSTD_DStreamOutSize());
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  size_t last = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    last = ZSTD_decompressStream(dctx.get(), &o, &in);
    if (ZSTD_isError(last)) {
      return absl::DataLossError(
          absl::StrCat(S(what), " is corrupt: zstd says '", ZSTD_getErrorName(last), "'"));
    }
    out.append(buf.data(), o.pos);
    if (out.size() > kMaxPayload) {
      return absl::InvalidArgumentError(
          absl::StrCat(S(what), " decompresses to more than 8 GiB: not an ior recording"));
    }
  }
  // Flush what the decoder still holds; last != 0 means a frame is incomplete.
  while (last != 0) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    last = ZSTD_decompressStream(dctx.get(), &o, &in);
    if (ZSTD_isError(last)) {
      return absl::DataLossError(
          absl::StrCat(S(what), " is corrupt: zstd says '", ZSTD_getErrorName(last), "'"));
    }
    if (o.pos == 0) {
      return absl::DataLossError(
          absl::StrCat(S(what), " is truncated (its zstd stream ends early)"));
    }
    out.append(buf.data(), o.pos);
  }
  return out;
}

}  // namespace

void SetRecordingStats(const SessionStats& stats, const ResolvedSelection* selection,
                       RecordingInfo* info) {
  info->loss = stats;
  info->loss.syscalls.clear();
  info->syscalls.clear();
  for (const SyscallStats& s : stats.syscalls) {
    RecordingSyscall rs;
    rs.name = SyscallName(s.nr);
    rs.stats = s;
    if (selection != nullptr && s.nr < selection->sample_rate.size()) {
      rs.sample_rate = selection->sample_rate[s.nr];
    }
    info->syscalls.push_back(std::move(rs));
  }
}

SessionStats RecordedSessionStats(const RecordingInfo& info) {
  SessionStats stats = info.loss;
  stats.syscalls.clear();
  for (const RecordingSyscall& s : info.syscalls) {
    SyscallStats sc = s.stats;
    if (std::optional<uint32_t> nr = SyscallNumber(s.name); nr.has_value()) sc.nr = *nr;
    stats.syscalls.push_back(sc);
  }
  return stats;
}

absl::StatusOr<std::string> SerializeRecording(const RecordingInfo& info,
                                               const FlameAggregator& flame) {
  Writer w;
  w.Raw(kMagic);
  w.Varint(kRecordingFormatVersion);
  w.String(info.tool_version);
  w.String(info.host);
  w.String(info.name);
  w.String(info.selection);
  w.Varint(static_cast<uint64_t>(info.start_unix_ns));
  w.Varint(static_cast<uint64_t>(info.end_unix_ns));
  // A bounded aggregator knows its folds; an unbounded one (a recording read back) carries
  // those of the run that made it in `info`.
  const bool live = flame.max_keys() != 0;
  w.Varint(live ? flame.max_keys() : info.max_keys);
  w.Varint(live ? flame.folds().pidless : info.folds.pidless);
  w.Varint(live ? flame.folds().other : info.folds.other);
  WriteLoss(info.loss, w);

  // Syscall names used by the stats and the records; strings of the records.
  std::vector<std::string_view> names;
  absl::flat_hash_map<std::string_view, uint32_t> name_index;
  std::vector<uint32_t> name_nr;
  auto name_of = [&](std::string_view name, uint32_t nr) {
    auto [it, added] = name_index.emplace(name, static_cast<uint32_t>(names.size()));
    if (added) {
      names.push_back(name);
      name_nr.push_back(nr);
    }
    return it->second;
  };
  for (const RecordingSyscall& s : info.syscalls) name_of(s.name, s.stats.nr);
  std::vector<std::string_view> strings;
  absl::flat_hash_map<std::string_view, uint32_t> string_index;
  auto string_of = [&](std::string_view s) {
    auto [it, added] = string_index.emplace(s, static_cast<uint32_t>(strings.size()));
    if (added) strings.push_back(s);
    return it->second;
  };
  const std::vector<FlameRecord> records = flame.Records();
  for (const FlameRecord& r : records) {
    if (r.path.size() > kMaxString || r.comm.size() > kMaxString) {
      return absl::InvalidArgumentError("a path longer than 1 MiB cannot be recorded");
    }
    name_of(r.syscall, SyscallNumber(r.syscall).value_or(UINT32_MAX));
    string_of(r.path);
    string_of(r.comm);
  }

  w.Varint(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    w.Varint(name_nr[i]);
    w.String(names[i]);
  }
  w.Varint(info.syscalls.size());
  for (const RecordingSyscall& s : info.syscalls) {
    w.Varint(name_index[s.name]);
    w.Varint(s.sample_rate);
    const SyscallStats& st = s.stats;
    for (uint64_t v : {st.count, st.errors, st.sampled_out, st.delivered, st.latency_sum_ns,
                       st.latency_min_ns, st.latency_max_ns}) {
      w.Varint(v);
    }
    for (uint64_t v : st.histogram) w.Varint(v);
    w.Varint(st.degraded);
    w.Varint(st.degraded_one_in);
  }
  w.Varint(strings.size());
  for (std::string_view s : strings) w.String(s);
  w.Varint(records.size());
  for (const FlameRecord& r : records) {
    w.Varint(string_index[r.path]);
    w.Varint(name_index[r.syscall]);
    w.Varint(string_index[r.comm]);
    for (uint64_t v : {uint64_t{r.pid}, uint64_t{r.tid}, uint64_t{r.flags}, r.counters.count,
                       r.counters.duration_ns, r.counters.duration_to_prev_ns, r.counters.bytes}) {
      w.Varint(v);
    }
  }
  const uint64_t sum = Fnv1a64(w.bytes());
  for (int i = 0; i < 8; ++i) w.bytes().push_back(static_cast<char>(sum >> (8 * i)));

  const std::string& payload = w.bytes();
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  if (!cctx) return absl::ResourceExhaustedError("cannot allocate a zstd compression context");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kCompressionLevel);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(payload.size()), '\0');
  const size_t n =
      ZSTD_compress2(cctx.get(), out.data(), out.size(), payload.data(), payload.size());
  if (ZSTD_isError(n)) {
    return absl::InternalError(absl::StrCat("zstd compression failed: ", ZSTD_getErrorName(n)));
  }
  out.resize(n);
  // The file's own checksum in a zstd skippable frame (zstd tools ignore it): the compressed
  // bytes can change without changing what they decompress to, which no check on the payload
  // would notice.
  const uint64_t file_sum = Fnv1a64(out);
  char trailer[kTrailerBytes];
  PutLe32(trailer, kTrailerMagic);
  PutLe32(trailer + 4, kTrailerBytes - 8);
  std::memcpy(trailer + 8, kTrailerTag.data(), 4);
  for (int i = 0; i < 8; ++i) trailer[12 + i] = static_cast<char>(file_sum >> (8 * i));
  out.append(trailer, kTrailerBytes);
  return out;
}

absl::StatusOr<Recording> ParseRecording(std::string_view bytes, std::string_view what) {
  const std::string name = S(what);
  if (bytes.empty()) return absl::InvalidArgumentError(name + " is empty, not an ior recording");
  if (bytes.size() < 4 || GetLe(bytes, 4) != ZSTD_MAGICNUMBER) {
    return absl::InvalidArgumentError(name +
                                      " is not an ior recording (it is not zstd-compressed)");
  }
  // The trailer first: a flipped byte anywhere in the file is caught here.
  bool has_trailer = false;
  if (bytes.size() >= 4 + kTrailerBytes) {
    std::string_view t = bytes.substr(bytes.size() - kTrailerBytes);
    has_trailer = GetLe(t, 4) == kTrailerMagic && GetLe(t.substr(4), 4) == kTrailerBytes - 8 &&
                  t.substr(8, 4) == kTrailerTag;
    if (has_trailer &&
        Fnv1a64(bytes.substr(0, bytes.size() - kTrailerBytes)) != GetLe(t.substr(12), 8)) {
      return absl::DataLossError(name + " is corrupt (checksum mismatch)");
    }
  }
  absl::StatusOr<std::string> payload = Decompress(bytes, what);
  if (!payload.ok()) return payload.status();
  std::string_view data = *payload;
  if (data.size() < kMagic.size() || data.substr(0, kMagic.size()) != kMagic) {
    return absl::InvalidArgumentError(
        name + " is a zstd file but not an ior recording (no IORFLAME magic)");
  }
  if (data.size() < kMagic.size() + 8) return absl::DataLossError(name + " is truncated");
  std::string_view body = data.substr(0, data.size() - 8);
  uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) {
    stored |= static_cast<uint64_t>(static_cast<unsigned char>(data[body.size() + i])) << (8 * i);
  }
  Reader r(body.substr(kMagic.size()));
  const uint64_t version = r.Varint();
  if (r.error() == nullptr && (version < 1 || version > kRecordingFormatVersion)) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " has recording format version ", version, " but this ior reads versions 1 to ",
        kRecordingFormatVersion, " (written by a newer ior, or corrupt)"));
  }
  if (Fnv1a64(body) != stored) {
    return absl::DataLossError(name + " is corrupt (checksum mismatch)");
  }
  if (!has_trailer) {
    return absl::DataLossError(name + " is truncated (its checksum frame is missing)");
  }

  Recording rec;
  RecordingInfo& info = rec.info;
  info.tool_version = S(r.String());
  info.host = S(r.String());
  info.name = S(r.String());
  info.selection = S(r.String());
  info.start_unix_ns = static_cast<int64_t>(r.Varint());
  info.end_unix_ns = static_cast<int64_t>(r.Varint());
  info.max_keys = r.Varint();
  info.folds.pidless = r.Varint();
  info.folds.other = r.Varint();
  ReadLoss(r, version, info.loss);

  std::vector<std::string_view> names(r.Count(2));
  for (std::string_view& n : names) {
    r.Varint32();  // the writer's number: informative only, names are what count
    n = r.String();
  }
  auto name_at = [&](uint64_t i) {
    if (i >= names.size())
      return r.Fail("refers to a syscall name that is not in its table"), std::string_view();
    return names[i];
  };
  // Version 1 stored log2 buckets: each count goes to the bucket of its range's lower bound.
  const size_t stored_buckets = version == 1 ? kLog2HistogramBuckets : kHistogramBuckets;
  const uint64_t nstats = r.Count(9 + stored_buckets + (version >= 3 ? 2 : 0));
  for (uint64_t i = 0; i < nstats && r.error() == nullptr; ++i) {
    RecordingSyscall s;
    s.name = S(name_at(r.Varint()));
    s.sample_rate = r.Varint32();
    SyscallStats& st = s.stats;
    st.nr = SyscallNumber(s.name).value_or(UINT32_MAX);
    for (uint64_t* v : {&st.count, &st.errors, &st.sampled_out, &st.delivered, &st.latency_sum_ns,
                        &st.latency_min_ns, &st.latency_max_ns}) {
      *v = r.Varint();
    }
    if (version == 1) {
      for (size_t b = 0; b < kLog2HistogramBuckets; ++b) {
        st.histogram[LatencyBucketOfLog2(b)] += r.Varint();
      }
    } else {
      for (uint64_t& v : st.histogram) v = r.Varint();
    }
    if (version >= 3) {
      st.degraded = r.Varint();
      st.degraded_one_in = r.Varint32();
    }
    info.syscalls.push_back(std::move(s));
  }
  std::vector<std::string_view> strings(r.Count(1));
  for (std::string_view& s : strings) s = r.String();
  auto string_at = [&](uint64_t i) {
    if (i >= strings.size())
      return r.Fail("refers to a string that is not in its table"), std::string_view();
    return strings[i];
  };
  const uint64_t nrecords = r.Count(10);
  for (uint64_t i = 0; i < nrecords && r.error() == nullptr; ++i) {
    std::string_view path = string_at(r.Varint());
    std::string_view syscall = name_at(r.Varint());
    std::string_view comm = string_at(r.Varint());
    const uint32_t pid = r.Varint32();
    const uint32_t tid = r.Varint32();
    const uint32_t flags = r.Varint32();
    FlameCounters c;
    c.count = r.Varint();
    c.duration_ns = r.Varint();
    c.duration_to_prev_ns = r.Varint();
    c.bytes = r.Varint();
    if (r.error() == nullptr) rec.flame.AddRecord(path, syscall, comm, pid, tid, flags, c);
  }
  if (r.error() == nullptr && !r.done()) r.Fail("has bytes after its last record");
  if (r.error() != nullptr) {
    return absl::DataLossError(absl::StrCat(name, " is corrupt: it ", r.error()));
  }
  return rec;
}

}  // namespace ior
