// What libbpf relocates ior's programs against (CO-RE): the running kernel's own definitions of
// just the types the programs name, cut from its BTF (why: raw_btf.h), in an anonymous file.
// Types that exist only in a module's BTF are not in it (libbpf, given a target, does not look
// in modules): the programs test for such optional types (bpf_core_type_exists) and do without.
#ifndef IOR_LIB_CORE_BTF_H_
#define IOR_LIB_CORE_BTF_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "btf_load_hook.h"

namespace ior::internal {

class CoreBtf {
 public:
  // Reads the kernel's BTF at `kernel_btf_path` and the BTF of the BPF object `elf` (an ELF
  // image in memory), and writes the subset to a memory file. Errors say what could not be
  // read; the caller then lets libbpf use the kernel's BTF itself.
  static absl::StatusOr<CoreBtf> Make(std::string_view kernel_btf_path, const void* elf,
                                      size_t elf_size);

  CoreBtf(CoreBtf&& other) noexcept;
  CoreBtf& operator=(CoreBtf&&) = delete;
  ~CoreBtf();

  // A path libbpf can open (btf_custom_path) while this object lives.
  const std::string& path() const { return path_; }
  // The kernel's own BTF ids the load needs (btf_load_hook.h), found in the same read; the
  // attach targets of the object's ior_tp_btf programs included.
  const KernelBtfIds& kernel_ids() const { return kernel_ids_; }
  uint32_t kernel_types() const { return kernel_types_; }
  uint32_t subset_types() const { return subset_types_; }

 private:
  CoreBtf() = default;

  int fd_ = -1;
  std::string path_;
  KernelBtfIds kernel_ids_;
  uint32_t kernel_types_ = 0;
  uint32_t subset_types_ = 0;
};

// The contents of the section `name` of the 64-bit ELF image `elf`; empty if it has none or
// the image is not one.
std::string_view ElfSection(const void* elf, size_t size, std::string_view name);

// The names of the sections of the 64-bit ELF image `elf`, in order; none if it is not one.
std::vector<std::string_view> ElfSectionNames(const void* elf, size_t size);

}  // namespace ior::internal

#endif  // IOR_LIB_CORE_BTF_H_
