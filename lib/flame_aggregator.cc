#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "ior/event.h"
#include "ior/file_label.h"
#include "ior/flame.h"
#include "ior/syscall_names.h"

namespace ior {
namespace {

// Interned strings: id → text, text → id. Texts live in chunks that never move, so the views
// handed out stay valid for the pool's lifetime. Id 0 is the empty string.
class StringPool {
 public:
  StringPool() {
    texts_.emplace_back();
    ids_.emplace(std::string_view(), 0);
  }

  uint32_t Intern(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    std::string_view stored = Store(s);
    const uint32_t id = static_cast<uint32_t>(texts_.size());
    texts_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
  }

  std::string_view Text(uint32_t id) const { return texts_[id]; }

 private:
  static constexpr size_t kChunkBytes = 64 << 10;

  std::string_view Store(std::string_view s) {
    if (s.size() > kChunkBytes / 4) {  // big strings get a chunk of their own
      big_.push_back(std::make_unique<char[]>(s.size()));
      std::memcpy(big_.back().get(), s.data(), s.size());
      return std::string_view(big_.back().get(), s.size());
    }
    if (chunk_left_ < s.size()) {
      big_.push_back(std::make_unique<char[]>(kChunkBytes));
      chunk_pos_ = big_.back().get();
      chunk_left_ = kChunkBytes;
    }
    std::memcpy(chunk_pos_, s.data(), s.size());
    std::string_view stored(chunk_pos_, s.size());
    chunk_pos_ += s.size();
    chunk_left_ -= s.size();
    return stored;
  }

  std::vector<std::string_view> texts_;
  absl::flat_hash_map<std::string_view, uint32_t> ids_;
  std::vector<std::unique_ptr<char[]>> big_;
  char* chunk_pos_ = nullptr;
  size_t chunk_left_ = 0;
};

// A key over interned ids: 24 bytes, hashed and compared as integers.
struct Key {
  uint32_t path;
  uint32_t syscall;
  uint32_t comm;
  uint32_t pid;
  uint32_t tid;
  uint32_t flags;

  friend bool operator==(const Key&, const Key&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const Key& k) {
    return H::combine(std::move(h), k.path, k.syscall, k.comm, k.pid, k.tid, k.flags);
  }
};

constexpr uint32_t kNoId = UINT32_MAX;

}  // namespace

struct FlameAggregator::Impl {
  explicit Impl(size_t max_keys) : max_keys(max_keys) {}

  size_t max_keys;
  StringPool strings;
  absl::flat_hash_map<Key, FlameCounters> records;
  FlameCounters totals;
  FlameFolds folds;
  // Caches in front of the pool for the common case of runs of events with the same strings.
  std::vector<uint32_t> syscall_ids;  // by syscall number, kNoId until seen
  char last_comm[kCommLength] = {};
  uint32_t last_comm_id = kNoId;
  uint32_t last_path_id = 0;
  std::string scratch;  // FileLabel's composed labels

  size_t HardLimit() const { return max_keys + std::max<size_t>(max_keys / 8, 1); }

  uint32_t SyscallId(uint32_t nr) {
    if (nr >= syscall_ids.size()) syscall_ids.resize(std::max<size_t>(nr + 1, 512), kNoId);
    uint32_t& id = syscall_ids[nr];
    if (id == kNoId) {
      std::string_view known = KnownSyscallName(nr);
      id = known.empty() ? strings.Intern(SyscallName(nr)) : strings.Intern(known);
    }
    return id;
  }

  uint32_t CommId(const char (&comm)[kCommLength]) {
    if (last_comm_id != kNoId && std::memcmp(comm, last_comm, kCommLength) == 0) {
      return last_comm_id;
    }
    std::memcpy(last_comm, comm, kCommLength);
    last_comm_id = strings.Intern(std::string_view(comm, strnlen(comm, kCommLength)));
    return last_comm_id;
  }

  uint32_t PathId(std::string_view path) {
    if (strings.Text(last_path_id) == path) return last_path_id;
    last_path_id = strings.Intern(path);
    return last_path_id;
  }

  void Add(const Key& key, const FlameCounters& c) {
    totals += c;
    if (max_keys == 0 || records.size() < max_keys) {
      records[key] += c;
      return;
    }
    auto it = records.find(key);
    if (it != records.end()) {
      it->second += c;
      return;
    }
    Fold(key, c);
  }

  // A new key while full: stage 1 (pid-less key of the same path and comm), else stage 2.
  void Fold(const Key& key, const FlameCounters& c) {
    Key target = key;
    target.pid = 0;
    target.tid = 0;
    auto it = records.find(target);
    if (it != records.end() || records.size() < HardLimit()) {
      if (!(target == key)) folds.pidless += c.count;
      records[target] += c;
      return;
    }
    const uint32_t other = strings.Intern(kFlameOtherLabel);
    target.path = other;
    target.comm = other;
    folds.other += c.count;
    records[target] += c;  // one per (syscall, flags): admitted past the hard limit
  }
};

FlameAggregator::FlameAggregator(const Options& options)
    : impl_(std::make_unique<Impl>(options.max_keys)) {}
FlameAggregator::~FlameAggregator() = default;
FlameAggregator::FlameAggregator(FlameAggregator&&) noexcept = default;
FlameAggregator& FlameAggregator::operator=(FlameAggregator&&) noexcept = default;

void FlameAggregator::Add(const EventBatch& batch) {
  for (const Event& e : batch.events()) Add(batch, e);
}

void FlameAggregator::Add(const EventBatch& batch, const Event& e) {
  Impl& m = *impl_;
  Key key;
  key.path = m.PathId(FileLabel(batch, e, &m.scratch));
  key.syscall = m.SyscallId(e.nr);
  key.comm = m.CommId(e.comm);
  key.pid = e.pid;
  key.tid = e.tid;
  key.flags = e.fd_flags;
  m.Add(key, FlameCounters{1, e.latency_ns, e.gap_ns, e.bytes});
}

void FlameAggregator::AddRecord(std::string_view path, std::string_view syscall,
                                std::string_view comm, uint32_t pid, uint32_t tid, uint32_t flags,
                                const FlameCounters& counters) {
  Impl& m = *impl_;
  Key key{
      m.strings.Intern(path), m.strings.Intern(syscall), m.strings.Intern(comm), pid, tid, flags};
  m.Add(key, counters);
}

void FlameAggregator::Merge(const FlameAggregator& other) {
  other.ForEach([this](const FlameRecord& r) {
    AddRecord(r.path, r.syscall, r.comm, r.pid, r.tid, r.flags, r.counters);
  });
}

void FlameAggregator::ForEach(const std::function<void(const FlameRecord&)>& fn) const {
  const Impl& m = *impl_;
  FlameRecord r;
  for (const auto& [key, counters] : m.records) {
    r.path = m.strings.Text(key.path);
    r.syscall = m.strings.Text(key.syscall);
    r.comm = m.strings.Text(key.comm);
    r.pid = key.pid;
    r.tid = key.tid;
    r.flags = key.flags;
    r.counters = counters;
    fn(r);
  }
}

std::vector<FlameRecord> FlameAggregator::Records() const {
  std::vector<FlameRecord> out;
  out.reserve(size());
  ForEach([&out](const FlameRecord& r) { out.push_back(r); });
  std::sort(out.begin(), out.end(), [](const FlameRecord& a, const FlameRecord& b) {
    return std::tie(a.comm, a.syscall, a.path, a.pid, a.tid, a.flags) <
           std::tie(b.comm, b.syscall, b.path, b.pid, b.tid, b.flags);
  });
  return out;
}

size_t FlameAggregator::size() const { return impl_->records.size(); }
const FlameCounters& FlameAggregator::totals() const { return impl_->totals; }
const FlameFolds& FlameAggregator::folds() const { return impl_->folds; }
size_t FlameAggregator::max_keys() const { return impl_->max_keys; }

}  // namespace ior
