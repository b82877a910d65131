#include "raw_btf.h"

#include <linux/btf.h>

#include <algorithm>
#include <bitset>
#include <cstddef>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ior::internal {
namespace {

uint32_t Kind(uint32_t info) { return BTF_INFO_KIND(info); }
uint32_t Vlen(uint32_t info) { return BTF_INFO_VLEN(info); }

uint32_t Load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

void Store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, sizeof(v)); }

// Bytes that follow struct btf_type for a type of this kind; -1 for a kind unknown here.
int64_t TrailingBytes(uint32_t kind, uint32_t vlen) {
  switch (kind) {
    case BTF_KIND_INT:
    case BTF_KIND_VAR:
    case BTF_KIND_DECL_TAG:
      return 4;
    case BTF_KIND_ARRAY:
      return sizeof(btf_array);
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION:
      return int64_t{vlen} * sizeof(btf_member);
    case BTF_KIND_ENUM:
      return int64_t{vlen} * sizeof(btf_enum);
    case BTF_KIND_ENUM64:
      return int64_t{vlen} * sizeof(btf_enum64);
    case BTF_KIND_FUNC_PROTO:
      return int64_t{vlen} * sizeof(btf_param);
    case BTF_KIND_DATASEC:
      return int64_t{vlen} * sizeof(btf_var_secinfo);
    case BTF_KIND_PTR:
    case BTF_KIND_FWD:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_FUNC:
    case BTF_KIND_FLOAT:
    case BTF_KIND_TYPE_TAG:
      return 0;
    default:
      return -1;
  }
}

enum class Field { kName, kType };

// Calls fn(Field, byte position in the type) for every name offset and type id a type holds.
template <typename Fn>
void ForEachField(uint32_t kind, uint32_t vlen, Fn fn) {
  fn(Field::kName, offsetof(btf_type, name_off));
  switch (kind) {
    case BTF_KIND_PTR:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_FUNC:
    case BTF_KIND_FUNC_PROTO:  // the return type
    case BTF_KIND_VAR:
    case BTF_KIND_DECL_TAG:
    case BTF_KIND_TYPE_TAG:
      fn(Field::kType, offsetof(btf_type, type));
      break;
    default:
      break;
  }
  constexpr size_t kBase = sizeof(btf_type);
  if (kind == BTF_KIND_ARRAY) {
    fn(Field::kType, kBase + offsetof(btf_array, type));
    fn(Field::kType, kBase + offsetof(btf_array, index_type));
    return;
  }
  for (size_t i = 0; i < vlen; ++i) {
    switch (kind) {
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
        fn(Field::kName, kBase + i * sizeof(btf_member) + offsetof(btf_member, name_off));
        fn(Field::kType, kBase + i * sizeof(btf_member) + offsetof(btf_member, type));
        break;
      case BTF_KIND_ENUM:
        fn(Field::kName, kBase + i * sizeof(btf_enum) + offsetof(btf_enum, name_off));
        break;
      case BTF_KIND_ENUM64:
        fn(Field::kName, kBase + i * sizeof(btf_enum64) + offsetof(btf_enum64, name_off));
        break;
      case BTF_KIND_FUNC_PROTO:
        fn(Field::kName, kBase + i * sizeof(btf_param) + offsetof(btf_param, name_off));
        fn(Field::kType, kBase + i * sizeof(btf_param) + offsetof(btf_param, type));
        break;
      case BTF_KIND_DATASEC:
        fn(Field::kType, kBase + i * sizeof(btf_var_secinfo) + offsetof(btf_var_secinfo, type));
        break;
      default:
        return;
    }
  }
}

bool IsAggregateKind(uint32_t kind) {
  return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
         kind == BTF_KIND_ENUM64 || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FWD;
}

size_t TypeBytes(const uint8_t* t) {
  const uint32_t info = Load32(t + offsetof(btf_type, info));
  return sizeof(btf_type) + static_cast<size_t>(TrailingBytes(Kind(info), Vlen(info)));
}

}  // namespace

absl::StatusOr<RawBtf> RawBtf::Parse(std::string_view data,
                                     const absl::flat_hash_set<std::string>& wanted) {
  btf_header h;
  if (data.size() < sizeof(h)) return absl::InvalidArgumentError("BTF: shorter than its header");
  std::memcpy(&h, data.data(), sizeof(h));
  if (h.magic != BTF_MAGIC) {
    return absl::InvalidArgumentError(
        h.magic == __builtin_bswap16(BTF_MAGIC) ? "BTF: in the other byte order" : "BTF: no magic");
  }
  const uint64_t size = data.size();
  if (h.hdr_len < sizeof(h) || h.hdr_len > size ||
      uint64_t{h.hdr_len} + h.type_off + h.type_len > size ||
      uint64_t{h.hdr_len} + h.str_off + h.str_len > size || h.type_off % 4 != 0) {
    return absl::InvalidArgumentError("BTF: sections outside the data");
  }
  RawBtf btf(data);
  btf.types_begin_ = h.hdr_len + h.type_off;
  btf.strings_begin_ = h.hdr_len + h.str_off;
  btf.strings_size_ = h.str_len;
  btf.offsets_.reserve(h.type_len / 16 + 1);
  btf.offsets_.push_back(0);  // void
  // The first two bytes of each wanted name: a test that turns away nearly all of a kernel's
  // ~60,000 aggregate names before their length and hash are computed.
  std::bitset<1 << 16> prefixes;
  const auto prefix = [](const char* s) {
    const auto first = static_cast<uint8_t>(s[0]);
    return first == 0 ? 0u : (uint32_t{first} << 8) | static_cast<uint8_t>(s[1]);
  };
  for (const std::string& name : wanted) prefixes.set(prefix(name.c_str()));
  const auto* base = reinterpret_cast<const uint8_t*>(btf.data_.data());
  uint64_t at = btf.types_begin_;
  const uint64_t end = at + h.type_len;
  while (at < end) {
    if (end - at < sizeof(btf_type)) return absl::InvalidArgumentError("BTF: a type is cut short");
    const uint32_t info = Load32(base + at + offsetof(btf_type, info));
    const int64_t trailing = TrailingBytes(Kind(info), Vlen(info));
    if (trailing < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("BTF: type ", btf.offsets_.size(), " has unknown kind ", Kind(info)));
    }
    if (end - at < sizeof(btf_type) + static_cast<uint64_t>(trailing)) {
      return absl::InvalidArgumentError("BTF: a type is cut short");
    }
    const uint32_t name_off = Load32(base + at + offsetof(btf_type, name_off));
    if ((IsAggregateKind(Kind(info)) || Kind(info) == BTF_KIND_FUNC) && name_off != 0 &&
        uint64_t{name_off} + 1 < btf.strings_size_ &&
        prefixes.test(prefix(btf.data_.data() + btf.strings_begin_ + name_off))) {
      const std::string_view name = btf.name_at(name_off);
      if (wanted.contains(absl::string_view(name.data(), name.size()))) {
        btf.wanted_ids_.push_back(static_cast<uint32_t>(btf.offsets_.size()));
      }
    }
    btf.offsets_.push_back(static_cast<uint32_t>(at));
    at += sizeof(btf_type) + trailing;
  }
  return btf;
}

const uint8_t* RawBtf::type_at(uint32_t id) const {
  return reinterpret_cast<const uint8_t*>(data_.data()) + offsets_[id];
}

std::string_view RawBtf::name_at(uint32_t offset) const {
  if (offset >= strings_size_) return {};
  const char* s = data_.data() + strings_begin_ + offset;
  return {s, strnlen(s, strings_size_ - offset)};
}

uint32_t RawBtf::Find(std::string_view name, uint32_t kind) const {
  for (uint32_t id : wanted_ids_) {
    const uint8_t* t = type_at(id);
    if (Kind(Load32(t + offsetof(btf_type, info))) == kind &&
        name_at(Load32(t + offsetof(btf_type, name_off))) == name) {
      return id;
    }
  }
  return 0;
}

absl::flat_hash_set<std::string> RawBtf::AggregateNames() const {
  absl::flat_hash_set<std::string> names;
  for (uint32_t id = 1; id < offsets_.size(); ++id) {
    const uint8_t* t = type_at(id);
    if (!IsAggregateKind(Kind(Load32(t + offsetof(btf_type, info))))) continue;
    std::string_view name = name_at(Load32(t + offsetof(btf_type, name_off)));
    name = name.substr(0, name.find("___"));  // libbpf's flavours: task_struct___v6
    if (!name.empty()) names.emplace(name);
  }
  return names;
}

std::string RawBtf::Subset() const {
  const uint32_t count = static_cast<uint32_t>(offsets_.size());
  // Old id -> new id, of the few hundred types kept (a map: an array as long as the kernel's
  // types would cost more in fresh pages than the whole walk).
  absl::flat_hash_map<uint32_t, uint32_t> new_id;
  std::vector<uint32_t> pending;
  for (uint32_t id : wanted_ids_) {
    if (!IsAggregateKind(Kind(Load32(type_at(id) + offsetof(btf_type, info))))) continue;
    new_id.emplace(id, 0);
    pending.push_back(id);
  }
  // What the kept types hold by value; pointers end the walk.
  while (!pending.empty()) {
    const uint8_t* t = type_at(pending.back());
    pending.pop_back();
    const uint32_t info = Load32(t + offsetof(btf_type, info));
    if (Kind(info) == BTF_KIND_PTR) continue;
    ForEachField(Kind(info), Vlen(info), [&](Field field, size_t pos) {
      const uint32_t ref = Load32(t + pos);
      if (field != Field::kType || ref == 0 || ref >= count) return;
      if (new_id.emplace(ref, 0).second) pending.push_back(ref);
    });
  }
  std::vector<uint32_t> kept;
  kept.reserve(new_id.size());
  for (const auto& [id, unused] : new_id) kept.push_back(id);
  std::sort(kept.begin(), kept.end());
  for (size_t i = 0; i < kept.size(); ++i) new_id[kept[i]] = static_cast<uint32_t>(i + 1);

  std::string types;
  std::string strings(1, '\0');
  absl::flat_hash_map<std::string_view, uint32_t> interned;
  for (uint32_t id : kept) {
    const uint8_t* t = type_at(id);
    const size_t bytes = TypeBytes(t);
    const size_t at = types.size();
    types.append(reinterpret_cast<const char*>(t), bytes);
    auto* out = reinterpret_cast<uint8_t*>(types.data()) + at;
    const uint32_t info = Load32(t + offsetof(btf_type, info));
    ForEachField(Kind(info), Vlen(info), [&](Field field, size_t pos) {
      const uint32_t old = Load32(out + pos);
      if (field == Field::kType) {
        const bool to_void = Kind(info) == BTF_KIND_PTR || old >= count;
        Store32(out + pos, to_void ? 0 : new_id.at(old));
        return;
      }
      const std::string_view name = name_at(old);
      if (name.empty()) {
        Store32(out + pos, 0);
        return;
      }
      auto [it, added] = interned.try_emplace(name, static_cast<uint32_t>(strings.size()));
      if (added) strings.append(name).push_back('\0');
      Store32(out + pos, it->second);
    });
  }

  btf_header h{};
  h.magic = BTF_MAGIC;
  h.version = BTF_VERSION;
  h.hdr_len = sizeof(h);
  h.type_off = 0;
  h.type_len = static_cast<uint32_t>(types.size());
  h.str_off = h.type_len;
  h.str_len = static_cast<uint32_t>(strings.size());
  std::string blob(reinterpret_cast<const char*>(&h), sizeof(h));
  blob.append(types).append(strings);
  return blob;
}

}  // namespace ior::internal
