#include "file_names.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "path_algebra.h"

namespace ior::internal {
namespace {

uint32_t KernelDev(dev_t d) {
  return (static_cast<uint32_t>(major(d)) << 20) | (static_cast<uint32_t>(minor(d)) & 0xfffff);
}

}  // namespace

FileNames::FileNames(uint32_t pipefs_dev, uint32_t sockfs_dev, size_t max_names)
    : pipefs_dev_(pipefs_dev), sockfs_dev_(sockfs_dev), max_names_(max_names) {}

void FileNames::Assign(const Key& key, FileName& entry, std::string_view name, FileStatus status) {
  if (entry.status == FileStatus::kPath) paths_.erase(PathView{entry.name, key});
  entry.name.assign(name);
  entry.status = status;
  if (status == FileStatus::kPath) paths_.insert(PathEntry{entry.name, key});
}

void FileNames::Put(const FileIdentity& id, std::string_view name, FileStatus status) {
  if (!id.known() || name.empty()) return;
  const Key key{id.ino, id.dev};
  FileName& entry = names_[key];
  if (entry.status != status || entry.name != name) Assign(key, entry, name, status);
  entry.use = ++clock_;
  if (names_.size() > max_names_) Trim();
}

const FileName* FileNames::Find(const FileIdentity& id) {
  if (!id.known()) return nullptr;
  const Key key{id.ino, id.dev};
  auto it = names_.find(key);
  if (it == names_.end()) {
    const char* kind = nullptr;
    if (id.dev != 0 && id.dev == pipefs_dev_) kind = "pipe:[";
    if (id.dev != 0 && id.dev == sockfs_dev_) kind = "socket:[";
    if (kind == nullptr) return nullptr;
    it = names_.try_emplace(key).first;
    it->second.name = absl::StrCat(kind, id.ino, "]");
    it->second.status = FileStatus::kKernelName;
  }
  it->second.use = ++clock_;
  return &it->second;
}

void FileNames::CollectPrefixed(std::string_view prefix, bool exact, std::vector<Key>* out) const {
  for (auto it = paths_.lower_bound(PathView{prefix, Key{0, 0}});
       it != paths_.end() && (exact ? it->name == prefix : it->name.starts_with(prefix)); ++it) {
    out->push_back(it->key);
  }
}

void FileNames::Rename(std::string_view from, std::string_view to) {
  // "/" cannot be renamed (the kernel refuses): no name would move.
  if (!IsAbsolute(from) || !IsAbsolute(to) || from == to || from == "/") return;
  // `from` itself, and the names below it: those starting with "from/", one range of the
  // order. The keys first: renamed names may land in the range again.
  std::vector<Key> moved;
  CollectPrefixed(from, true, &moved);
  CollectPrefixed(std::string(from) + "/", false, &moved);
  std::string name;
  for (const Key& key : moved) {
    FileName& entry = names_.find(key)->second;
    name.assign(to);
    name.append(entry.name, from.size());
    Assign(key, entry, name, FileStatus::kPath);
  }
}

void FileNames::Trim() {
  std::vector<std::pair<uint64_t, Key>> by_use;
  by_use.reserve(names_.size());
  for (const auto& [key, entry] : names_) by_use.emplace_back(entry.use, key);
  const size_t drop = names_.size() - max_names_ * 3 / 4;
  std::nth_element(by_use.begin(), by_use.begin() + drop, by_use.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < drop; ++i) {
    auto it = names_.find(by_use[i].second);
    if (it->second.status == FileStatus::kPath) paths_.erase(PathView{it->second.name, it->first});
    names_.erase(it);
  }
}

void ProbeKernelDevices(uint32_t* pipefs_dev, uint32_t* sockfs_dev) {
  *pipefs_dev = *sockfs_dev = 0;
  struct stat st;
  int p[2];
  if (pipe(p) == 0) {
    if (fstat(p[0], &st) == 0) *pipefs_dev = KernelDev(st.st_dev);
    close(p[0]);
    close(p[1]);
  }
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s >= 0) {
    if (fstat(s, &st) == 0) *sockfs_dev = KernelDev(st.st_dev);
    close(s);
  }
}

}  // namespace ior::internal
