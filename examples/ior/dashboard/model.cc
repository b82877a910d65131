#include "model.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "filter.h"
#include "ior/file_label.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior::dashboard {
namespace {

constexpr std::string_view kOtherFiles = "[other files]";

std::string_view FamilyText(uint8_t family) {
  return family < kFamilyCount ? FamilyName(static_cast<Family>(family)) : std::string_view();
}

}  // namespace

size_t DecadeBucket(uint64_t ns) {
  size_t i = 0;
  for (uint64_t bound = 1000; i + 1 < kDecadeBuckets && ns >= bound; bound *= 10) ++i;
  return i;
}

FilterInput InputOf(const StreamRow& row) {
  FilterInput in;
  in.syscall = KnownSyscallName(row.nr);
  in.comm = std::string_view(row.comm, strnlen(row.comm, kCommLength));
  in.file = row.file;
  in.family = FamilyText(row.family);
  in.pid = row.pid;
  in.tid = row.tid;
  in.fd = row.fd;
  in.ret = row.ret;
  in.bytes = row.bytes;
  in.latency_ns = row.latency_ns;
  in.gap_ns = row.gap_ns;
  in.error = (row.flags & kEventNoReturn) == 0 && IsErrorReturn(row.ret);
  return in;
}

Model::Model() : syscalls_(SyscallNumberLimit()) {}

Second& Model::CurrentSecond(int64_t now_s) {
  if (history_.empty()) {
    history_.emplace_back();
    history_last_s_ = now_s;
  }
  while (history_last_s_ < now_s) {
    history_.emplace_back();
    ++history_last_s_;
    if (history_.size() > kHistorySeconds) history_.pop_front();
  }
  return history_.back();
}

void Model::Aggregate(const StreamRow& row, const FilterInput& in, Second* second) {
  const uint32_t nr = std::min<uint32_t>(row.nr, static_cast<uint32_t>(syscalls_.size() - 1));
  SyscallAgg& s = syscalls_[nr];
  if (s.count == 0) seen_syscalls_.push_back(nr);
  ++s.count;
  s.errors += in.error;
  s.bytes += row.bytes;
  s.latency_sum_ns += row.latency_ns;
  s.latency_min_ns = std::min(s.latency_min_ns, row.latency_ns);
  s.latency_max_ns = std::max(s.latency_max_ns, row.latency_ns);
  s.latency.Add(row.latency_ns);

  const BytesClass bc = static_cast<BytesClass>(row.bytes_class);
  if (!row.file.empty()) {
    auto it = files_.find(row.file);
    if (it == files_.end()) {
      it = files_.size() < kMaxFiles ? files_.emplace(row.file, FileAgg()).first
                                     : files_.try_emplace(std::string(kOtherFiles)).first;
    }
    FileAgg& f = it->second;
    ++f.accesses;
    if (bc == BytesClass::kRead) f.read_bytes += row.bytes;
    if (bc == BytesClass::kWrite) f.write_bytes += row.bytes;
    f.latency_sum_ns += row.latency_ns;
    f.latency_max_ns = std::max(f.latency_max_ns, row.latency_ns);
  }

  ProcessAgg& p = processes_[row.pid];
  if (p.comm != in.comm) p.comm = std::string(in.comm);
  ++p.count;
  p.bytes += row.bytes;
  p.errors += in.error;
  p.latency_sum_ns += row.latency_ns;

  ++totals_.count;
  totals_.errors += in.error;
  if (bc == BytesClass::kRead) {
    totals_.read_bytes += row.bytes;
  } else if (bc == BytesClass::kWrite) {
    totals_.write_bytes += row.bytes;
  } else {
    totals_.other_bytes += row.bytes;
  }
  totals_.latency_sum_ns += row.latency_ns;
  totals_.gap_sum_ns += row.gap_ns;
  ++latency_buckets_[DecadeBucket(row.latency_ns)];
  ++gap_buckets_[DecadeBucket(row.gap_ns)];
  if (second != nullptr) {
    ++second->count;
    second->bytes += row.bytes;
    second->errors += in.error;
    second->latency_sum_ns += row.latency_ns;
  }
}

void Model::Add(const EventBatch& batch, int64_t now_s, std::vector<uint8_t>* passed) {
  Second& second = CurrentSecond(now_s);
  if (passed != nullptr) passed->assign(batch.size(), 0);
  size_t index = 0;
  for (const Event& e : batch.events()) {
    StreamRow& row = rows_.Push();
    row.seq = next_seq_++;
    row.enter_ns = e.enter_ns;
    row.gap_ns = e.gap_ns;
    row.latency_ns = e.latency_ns;
    row.ret = e.ret;
    row.bytes = e.bytes;
    row.pid = e.pid;
    row.tid = e.tid;
    row.nr = e.nr;
    row.fd = e.fd;
    row.flags = e.flags;
    row.fd_flags = e.fd_flags;
    row.family = e.family;
    row.bytes_class = e.bytes_class;
    std::memcpy(row.comm, e.comm, kCommLength);
    row.comm[kCommLength - 1] = '\0';
    row.file.assign(FileLabel(batch, e, &scratch_));
    const FilterInput in = InputOf(row);
    if (filter_.Matches(in)) {
      Aggregate(row, in, &second);
      flame_.Add(batch, e);  // the aggregator's own path: no allocation for known strings
      if (passed != nullptr) (*passed)[index] = 1;
    }
    ++index;
  }
}

void Model::ClearAggregates(int64_t now_s) {
  for (uint32_t nr : seen_syscalls_) syscalls_[nr] = SyscallAgg();
  seen_syscalls_.clear();
  files_.clear();
  processes_.clear();
  totals_ = Totals();
  latency_buckets_ = {};
  gap_buckets_ = {};
  history_.clear();
  since_s_ = now_s;
  flame_ = FlameAggregator();
}

void Model::SetFilter(Filter filter, int64_t now_s) {
  filter_ = std::move(filter);
  ClearAggregates(now_s);
  for (size_t i = 0; i < rows_.size(); ++i) {
    const StreamRow& row = rows_[i];
    const FilterInput in = InputOf(row);
    if (!filter_.Matches(in)) continue;
    Aggregate(row, in, nullptr);
    FlameCounters c;
    c.count = 1;
    c.duration_ns = row.latency_ns;
    c.duration_to_prev_ns = row.gap_ns;
    c.bytes = row.bytes;
    flame_.AddRecord(row.file, in.syscall.empty() ? SyscallName(row.nr) : in.syscall, in.comm,
                     row.pid, row.tid, row.fd_flags, c);
  }
}

void Model::ResetFigures(int64_t now_s) { ClearAggregates(now_s); }

void Model::Reset(int64_t now_s) {
  ClearAggregates(now_s);
  rows_.clear();
}

}  // namespace ior::dashboard
