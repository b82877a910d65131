#include "fd_tables.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "fd_semantics.h"

namespace ior::internal {

FdTables::FdTables(FdTableLimits limits) : limits_(limits) {}

FdTables::~FdTables() = default;

uint64_t FdTables::NewTable() {
  uint64_t id = next_table_++;
  auto t = std::make_unique<SharedTable>();
  t->refs = 1;
  tables_.emplace(id, std::move(t));
  return id;
}

void FdTables::ReleaseTable(uint64_t id) {
  auto it = tables_.find(id);
  if (it == tables_.end()) return;
  SharedTable& t = *it->second;
  if (--t.refs > 0) return;
  entries_ -= t.fds.size();
  tables_.erase(it);
}

FdTables::Process& FdTables::Get(uint32_t pid, bool* created) {
  auto it = procs_.find(pid);
  if (created != nullptr) *created = it == procs_.end();
  if (it != procs_.end()) return *it->second;
  auto p = std::make_unique<Process>();
  p->table = NewTable();
  p->use = clock_;
  Process& ref = *p;
  procs_.emplace(pid, std::move(p));
  return ref;
}

FdTables::Process* FdTables::Find(uint32_t pid) {
  auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second.get();
}

const FdTables::Process* FdTables::Find(uint32_t pid) const {
  auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second.get();
}

FdTables::Table& FdTables::TableOf(const Process& p) { return tables_.at(p.table)->fds; }

const FdTables::Table& FdTables::TableOf(const Process& p) const {
  return tables_.at(p.table)->fds;
}

FdEntry& FdTables::Put(Table& t, int32_t fd, FdEntry entry) {
  auto [it, inserted] = t.try_emplace(fd);
  if (inserted) ++entries_;
  entry.use = clock_;
  it->second = std::move(entry);
  return it->second;
}

void FdTables::Erase(Table& t, int32_t fd) {
  if (t.erase(fd) > 0) --entries_;
}

void FdTables::Unshare(Process& p) {
  SharedTable& old = *tables_.at(p.table);
  if (old.refs <= 1) return;
  uint64_t id = NewTable();
  Table& fresh = tables_.at(id)->fds;
  for (const auto& [fd, entry] : old.fds) Put(fresh, fd, entry);
  --old.refs;
  p.table = id;
}

void FdTables::DropProcess(uint32_t pid) {
  auto it = procs_.find(pid);
  if (it == procs_.end()) return;
  ReleaseTable(it->second->table);
  procs_.erase(it);
}

void FdTables::Fork(uint32_t parent_pid, uint32_t child_pid, uint64_t clone_flags) {
  if (clone_flags & kCloneThread) return;
  if (child_pid == parent_pid) return;
  Tick();
  DropProcess(child_pid);  // a previous process of that pid whose exit we missed
  Process& parent = Get(parent_pid);
  parent.use = clock_;
  auto child = std::make_unique<Process>();
  child->cwd = parent.cwd;
  child->seeded = true;  // it starts with its parent's descriptors, which we have
  child->use = clock_;
  if (clone_flags & kCloneFiles) {
    child->table = parent.table;
    ++tables_.at(parent.table)->refs;
  } else {
    child->table = NewTable();
    Table& to = tables_.at(child->table)->fds;
    for (const auto& [fd, entry] : TableOf(parent)) Put(to, fd, entry);
  }
  procs_.emplace(child_pid, std::move(child));
  Trim();
}

void FdTables::Exec(uint32_t pid, std::vector<std::pair<int32_t, FdEntry>>* dropped) {
  Tick();
  Process& p = Get(pid);
  p.use = clock_;
  Unshare(p);
  Table& t = TableOf(p);
  p.exec_dropped.clear();
  std::vector<int32_t> drop;
  for (const auto& [fd, entry] : t) {
    if (entry.flags & kOCloexec) drop.push_back(fd);
  }
  for (int32_t fd : drop) {
    if (dropped != nullptr) dropped->emplace_back(fd, std::move(t.at(fd)));
    Erase(t, fd);
  }
}

void FdTables::Exit(uint32_t pid, bool group_dead) {
  if (group_dead) DropProcess(pid);
}

void FdTables::TrimEntries(size_t limit) {
  struct Victim {
    uint64_t use;
    Table* table;
    int32_t fd;
  };
  std::vector<Victim> all;
  all.reserve(entries_);
  for (auto& [id, table] : tables_) {
    for (const auto& [fd, entry] : table->fds) all.push_back({entry.use, &table->fds, fd});
  }
  if (all.size() <= limit) return;
  const size_t drop = all.size() - limit;
  std::nth_element(all.begin(), all.begin() + drop, all.end(),
                   [](const Victim& a, const Victim& b) { return a.use < b.use; });
  for (size_t i = 0; i < drop; ++i) Erase(*all[i].table, all[i].fd);
}

void FdTables::Trim() {
  if (procs_.size() > limits_.max_processes) {
    std::vector<std::pair<uint64_t, uint32_t>> by_use;
    by_use.reserve(procs_.size());
    for (const auto& [pid, proc] : procs_) by_use.emplace_back(proc->use, pid);
    const size_t drop = procs_.size() - limits_.max_processes * 3 / 4;
    std::nth_element(by_use.begin(), by_use.begin() + drop, by_use.end());
    for (size_t i = 0; i < drop; ++i) DropProcess(by_use[i].second);
  }
  if (entries_ > limits_.max_entries) TrimEntries(limits_.max_entries * 3 / 4);
}

}  // namespace ior::internal
