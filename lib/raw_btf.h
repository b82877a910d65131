// BTF in its raw form (the kernel's /sys/kernel/btf/vmlinux, or the .BTF section of a BPF
// object), read directly: a type index, lookups by name, and the subset of types that CO-RE
// relocation needs.
//
// Why our own reader: libbpf relocates each CO-RE type by scanning every type of the target
// BTF (about 150,000 in a distribution kernel) once per relocated type. For ior's ~15 types
// that scan was the largest part of a session's start (~30 ms here). A subset with just the
// kernel's definitions of those types, handed to libbpf as the relocation target
// (btf_custom_path), makes the scan nearly free; reading the kernel's BTF once to cut it costs
// a few milliseconds.
#ifndef IOR_LIB_RAW_BTF_H_
#define IOR_LIB_RAW_BTF_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"

namespace ior::internal {

class RawBtf {
 public:
  // Indexes `data`, which must outlive this object, and notes the ids of the structs, unions,
  // enums, typedefs, forward declarations and functions named in `wanted` (one pass: reading the
  // types of a kernel's BTF is bound by memory, ~2 ms a pass here). InvalidArgument when it is not
  // BTF in this machine's byte order or a type runs past its section or has a kind this
  // reader does not know.
  static absl::StatusOr<RawBtf> Parse(std::string_view data,
                                      const absl::flat_hash_set<std::string>& wanted = {});

  // Types, void (id 0) excluded: the largest id.
  uint32_t type_count() const { return static_cast<uint32_t>(offsets_.size()) - 1; }

  // The id of the first type of `kind` (BTF_KIND_*) named `name`, a name given to Parse() as
  // wanted; 0 if none.
  uint32_t Find(std::string_view name, uint32_t kind) const;

  // The names of the named structs, unions, enums, typedefs and forward declarations, with a
  // libbpf "flavour" suffix (`task_struct___old`) cut off: the types a BPF object may relocate.
  absl::flat_hash_set<std::string> AggregateNames() const;

  // A BTF blob of the structs, unions, enums, typedefs and forward declarations (not the
  // functions) whose names Parse() was given as wanted, with everything they hold by value
  // (members' structs, arrays, typedefs, ints...), so that libbpf can match field access paths and
  // check field kinds against them. Pointer types are kept as pointers to void: relocation matches
  // a pointer field by kind only, and following them would pull in most of the kernel. Ids are
  // renumbered; strings are only those used.
  std::string Subset() const;

 private:
  explicit RawBtf(std::string_view data) : data_(data) {}

  const uint8_t* type_at(uint32_t id) const;
  std::string_view name_at(uint32_t offset) const;

  std::string_view data_;
  uint32_t types_begin_ = 0;  // offset of the type section in data_
  uint32_t strings_begin_ = 0;
  uint32_t strings_size_ = 0;
  std::vector<uint32_t> offsets_;     // type id -> offset in data_; [0] (void) unused
  std::vector<uint32_t> wanted_ids_;  // in id order
};

}  // namespace ior::internal

#endif  // IOR_LIB_RAW_BTF_H_
