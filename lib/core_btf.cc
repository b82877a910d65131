#include "core_btf.h"

#include <elf.h>
#include <fcntl.h>
#include <linux/btf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "btf_load_hook.h"
#include "ior/escape.h"
#include "raw_btf.h"

namespace ior::internal {
namespace {

// A file's contents: mapped where the kernel allows it (its BTF, since Linux 6.16: no copy),
// else read.
class FileContents {
 public:
  static absl::StatusOr<FileContents> Open(std::string_view path) {
    const std::string p(path);
    const int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot open ", EscapeText(p), ": ", strerror(errno)));
    }
    FileContents out;
    struct stat st {};
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      void* map = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (map != MAP_FAILED) {
        out.map_ = map;
        out.map_size_ = static_cast<size_t>(st.st_size);
        close(fd);
        return out;
      }
    }
    // The reads (a page or so each) go straight into the string.
    const size_t expected = st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
    out.read_.assign(expected + 4096, '\0');
    size_t filled = 0;
    for (;;) {
      if (filled == out.read_.size()) out.read_.resize(out.read_.size() * 2);
      const ssize_t n = read(fd, out.read_.data() + filled, out.read_.size() - filled);
      if (n > 0) {
        filled += static_cast<size_t>(n);
        continue;
      }
      if (n == 0) break;
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      return absl::UnavailableError(
          absl::StrCat("cannot read ", EscapeText(p), ": ", strerror(err)));
    }
    close(fd);
    out.read_.resize(filled);
    return out;
  }

  FileContents(FileContents&& other) noexcept
      : map_(std::exchange(other.map_, nullptr)),
        map_size_(other.map_size_),
        read_(std::move(other.read_)) {}
  FileContents& operator=(FileContents&&) = delete;
  ~FileContents() {
    if (map_ != nullptr) munmap(map_, map_size_);
  }

  std::string_view view() const {
    if (map_ != nullptr) return {static_cast<const char*>(map_), map_size_};
    return read_;
  }

 private:
  FileContents() = default;

  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string read_;
};

// Calls fn(name, contents) for each section of the 64-bit ELF image `elf` until fn returns
// true; nothing if the image is not one. Contents are empty for a section without bytes.
template <typename Fn>
void VisitElfSections(const void* elf, size_t size, Fn fn) {
  const auto* bytes = static_cast<const char*>(elf);
  Elf64_Ehdr eh;
  if (size < sizeof(eh)) return;
  std::memcpy(&eh, bytes, sizeof(eh));
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shstrndx >= eh.e_shnum || eh.e_shoff > size ||
      (size - eh.e_shoff) / sizeof(Elf64_Shdr) < eh.e_shnum) {
    return;
  }
  auto section = [&](size_t i) {
    Elf64_Shdr sh;
    std::memcpy(&sh, bytes + eh.e_shoff + i * sizeof(Elf64_Shdr), sizeof(sh));
    return sh;
  };
  auto contents = [&](const Elf64_Shdr& sh) -> std::string_view {
    if (sh.sh_type == SHT_NOBITS || sh.sh_offset > size || sh.sh_size > size - sh.sh_offset) {
      return {};
    }
    return {bytes + sh.sh_offset, sh.sh_size};
  };
  const std::string_view names = contents(section(eh.e_shstrndx));
  for (size_t i = 0; i < eh.e_shnum; ++i) {
    const Elf64_Shdr sh = section(i);
    if (sh.sh_name >= names.size()) continue;
    std::string_view name = names.substr(sh.sh_name);
    name = name.substr(0, name.find('\0'));
    if (fn(name, contents(sh))) return;
  }
}

}  // namespace

std::string_view ElfSection(const void* elf, size_t size, std::string_view name) {
  std::string_view found;
  VisitElfSections(elf, size, [&](std::string_view candidate, std::string_view contents) {
    if (candidate != name) return false;
    found = contents;
    return true;
  });
  return found;
}

std::vector<std::string_view> ElfSectionNames(const void* elf, size_t size) {
  std::vector<std::string_view> names;
  VisitElfSections(elf, size, [&](std::string_view name, std::string_view) {
    names.push_back(name);
    return false;
  });
  return names;
}

absl::StatusOr<CoreBtf> CoreBtf::Make(std::string_view kernel_btf_path, const void* elf,
                                      size_t elf_size) {
  const std::string_view local_section = ElfSection(elf, elf_size, ".BTF");
  if (local_section.empty()) return absl::InternalError("the BPF object has no .BTF section");
  absl::StatusOr<RawBtf> local = RawBtf::Parse(local_section);
  if (!local.ok()) return local.status();
  absl::StatusOr<FileContents> kernel_data = FileContents::Open(kernel_btf_path);
  if (!kernel_data.ok()) return kernel_data.status();
  absl::flat_hash_set<std::string> wanted = local->AggregateNames();
  const std::vector<std::string> tracepoints = AttachTracepoints(elf, elf_size);
  for (std::string& name : KernelBtfIdNames(tracepoints)) wanted.insert(std::move(name));
  absl::StatusOr<RawBtf> kernel = RawBtf::Parse(kernel_data->view(), wanted);
  if (!kernel.ok()) return kernel.status();

  const std::string subset = kernel->Subset();
  absl::StatusOr<RawBtf> check = RawBtf::Parse(subset);  // our own output, read back
  if (!check.ok()) return check.status();

  CoreBtf out;
  out.kernel_types_ = kernel->type_count();
  out.subset_types_ = check->type_count();
  out.kernel_ids_ = FindKernelBtfIds(tracepoints, [&](const std::string& name, uint32_t kind) {
    return kernel->Find(name, kind);
  });
  out.fd_ = memfd_create("ior-core-btf", MFD_CLOEXEC);
  if (out.fd_ < 0) return absl::UnavailableError(absl::StrCat("memfd_create: ", strerror(errno)));
  size_t written = 0;
  while (written < subset.size()) {
    const ssize_t n = write(out.fd_, subset.data() + written, subset.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::UnavailableError(absl::StrCat("memfd write: ", strerror(errno)));
    written += static_cast<size_t>(n);
  }
  out.path_ = absl::StrCat("/proc/self/fd/", out.fd_);
  return out;
}

CoreBtf::CoreBtf(CoreBtf&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      kernel_ids_(std::move(other.kernel_ids_)),
      kernel_types_(other.kernel_types_),
      subset_types_(other.subset_types_) {}

CoreBtf::~CoreBtf() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace ior::internal
