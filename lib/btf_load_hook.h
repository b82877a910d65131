// Loading ior's programs without libbpf's own read of the kernel's BTF.
//
// libbpf 1.1 reads and parses the kernel's whole BTF (~5.5 MB; ~13 ms in a fresh process, a
// quarter of a session's start) to find two kinds of ids by name: the attach targets of tp_btf
// programs (the typedef btf_trace_<tracepoint>) and kfuncs (bpf_rdonly_cast). The library reads
// that BTF once anyway to cut the CO-RE subset (core_btf.h) and finds the ids there. The
// programs are written for it (bpf/load_contract.h):
//  - they sit in SEC("ior_tp_btf/<tracepoint>") sections, a libbpf section type of our own:
//    raw tracepoint programs until their load, when the hook makes them what tp_btf makes them
//    (tracing programs, BPF_TRACE_RAW_TP, attached to btf_trace_<tracepoint>). libbpf never
//    sees a tracing program before that point, so it does not load the kernel's BTF for one;
//  - they call bpf_rdonly_cast with a kfunc call instruction whose id is a marker, which the
//    hook replaces with the kernel's id.
#ifndef IOR_LIB_BTF_LOAD_HOOK_H_
#define IOR_LIB_BTF_LOAD_HOOK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct bpf_link;
struct bpf_object;

namespace ior::internal {

// The running kernel's BTF ids that a load of the programs needs; 0: the kernel has none.
struct KernelBtfIds {
  uint32_t file = 0;         // struct file (for bpf_rdonly_cast)
  uint32_t task = 0;         // struct task_struct (for bpf_rdonly_cast)
  uint32_t rdonly_cast = 0;  // the kfunc bpf_rdonly_cast
  // Tracepoint name ("sys_enter") -> the id of its btf_trace_<name> typedef.
  absl::flat_hash_map<std::string, uint32_t> attach;
};

// The tracepoints the ior_tp_btf programs of the BPF object `elf` (an ELF image in memory)
// attach to, from its section names.
std::vector<std::string> AttachTracepoints(const void* elf, size_t size);

// The ids for `tracepoints`, each looked up with find(name, BTF_KIND_*), which returns 0 for
// none: the one list of what a load needs, whichever reader looks.
KernelBtfIds FindKernelBtfIds(
    const std::vector<std::string>& tracepoints,
    absl::FunctionRef<uint32_t(const std::string& name, uint32_t kind)> find);

// The BTF names FindKernelBtfIds() looks up: what RawBtf::Parse() must note.
std::vector<std::string> KernelBtfIdNames(const std::vector<std::string>& tracepoints);

// The ids found by libbpf's own read of the kernel's BTF: the slow way, for when the library's
// reader cannot read it (a BTF kind newer than this reader). FailedPrecondition (kErrorNoBtf)
// when the kernel exposes no BTF.
absl::StatusOr<KernelBtfIds> KernelBtfIdsFromLibbpf(const std::vector<std::string>& tracepoints);

// Registers the ior_tp_btf section type with libbpf, once per process; before the first open
// of an object with such programs (libbpf gives each program its section type at open). libbpf
// keeps the registry without a lock: an embedder's own libbpf open on another thread at the
// moment of the first registration would race it.
absl::Status RegisterIorSections();

// Attaches each loaded program of `obj` to the target it was loaded for, appending the links to
// *links; on failure detaches what it attached and returns the negative errno. Not libbpf's
// skeleton attach, which goes through a program's section type: newer libbpf forgets that type
// when the hook changes the program's type at load, and its skeleton then skips the program
// without a word.
int AttachLoaded(bpf_object* obj, std::vector<bpf_link*>* links);

// While it lives, the ior_tp_btf programs that libbpf loads on this thread are given `ids`,
// which must outlive it. A program whose tracepoint, kfunc or types are missing from `ids`
// fails its load, saying which in the log.
class BtfLoadScope {
 public:
  explicit BtfLoadScope(const KernelBtfIds& ids);
  BtfLoadScope(const BtfLoadScope&) = delete;
  BtfLoadScope& operator=(const BtfLoadScope&) = delete;
  ~BtfLoadScope();

 private:
  const KernelBtfIds* previous_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_BTF_LOAD_HOOK_H_
