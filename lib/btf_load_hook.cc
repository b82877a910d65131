#include "btf_load_hook.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "core_btf.h"
#include "ior/error.h"
#include "load_contract.h"
#include "log.h"

namespace ior::internal {
namespace {

constexpr std::string_view kSection = IOR_LOAD_SECTION;
constexpr char kTracePrefix[] = "btf_trace_";  // the kernel's typedef for a BTF tracepoint

// The ids of the load under way on this thread (BtfLoadScope): libbpf calls the hook on the
// thread that called bpf_object__load, with no pointer of ours but the handler's cookie, which
// is fixed at registration.
thread_local const KernelBtfIds* t_load_ids = nullptr;

// Writes the kernel's id of bpf_rdonly_cast over the marker of each kfunc call of `prog`.
int PatchKfuncCalls(bpf_program* prog, uint32_t rdonly_cast) {
  const bpf_insn* insns = bpf_program__insns(prog);
  const size_t count = bpf_program__insn_cnt(prog);
  std::vector<bpf_insn> patched(insns, insns + count);
  bool changed = false;
  for (bpf_insn& insn : patched) {
    if (insn.code != (BPF_JMP | BPF_CALL) || insn.src_reg != BPF_PSEUDO_KFUNC_CALL) continue;
    if (insn.imm != IOR_LOAD_KFUNC_RDONLY_CAST || insn.off != 0) {
      Log(LogLevel::kWarning,
          absl::StrCat("program ", bpf_program__name(prog),
                       " calls a kfunc the library does not know (id ", insn.imm, ")"));
      return -EINVAL;
    }
    if (rdonly_cast == 0) {
      Log(LogLevel::kWarning,
          "this kernel has no bpf_rdonly_cast kfunc in its BTF (libior needs Linux 6.2 or newer)");
      return -ENOENT;
    }
    insn.imm = static_cast<int32_t>(rdonly_cast);
    changed = true;
  }
  if (!changed) return 0;
  return bpf_program__set_insns(prog, patched.data(), patched.size());
}

// libbpf's prog_prepare_load_fn for ior_tp_btf programs: what its tp_btf handler does, with
// the ids found by the library.
int PrepareLoad(bpf_program* prog, bpf_prog_load_opts* opts, long /*cookie*/) {
  const KernelBtfIds* ids = t_load_ids;
  const std::string_view section = bpf_program__section_name(prog);
  if (ids == nullptr || section.substr(0, kSection.size()) != kSection) {
    Log(LogLevel::kWarning, absl::StrCat("program ", bpf_program__name(prog),
                                         " was loaded without the kernel's BTF ids"));
    return -EINVAL;
  }
  const std::string tracepoint(section.substr(kSection.size()));
  const auto target = ids->attach.find(tracepoint);
  if (target == ids->attach.end() || target->second == 0) {
    Log(LogLevel::kWarning, absl::StrCat("this kernel has no BTF tracepoint ", tracepoint, " (no ",
                                         kTracePrefix, tracepoint, " in its BTF)"));
    return -ESRCH;
  }
  if (int err = PatchKfuncCalls(prog, ids->rdonly_cast); err != 0) return err;
  // Set while libbpf loads the object (never after: it then refuses); it reads both after this
  // callback, for the load and for the attach.
  if (int err = bpf_program__set_type(prog, BPF_PROG_TYPE_TRACING); err != 0) return err;
  if (int err = bpf_program__set_expected_attach_type(prog, BPF_TRACE_RAW_TP); err != 0) {
    return err;
  }
  opts->expected_attach_type = BPF_TRACE_RAW_TP;
  opts->attach_btf_obj_fd = 0;  // the id is in the kernel's own BTF, not a module's
  opts->attach_btf_id = target->second;
  return 0;
}

}  // namespace

std::vector<std::string> AttachTracepoints(const void* elf, size_t size) {
  std::vector<std::string> tracepoints;
  for (std::string_view name : ElfSectionNames(elf, size)) {
    if (name.substr(0, kSection.size()) == kSection && name.size() > kSection.size()) {
      tracepoints.emplace_back(name.substr(kSection.size()));
    }
  }
  return tracepoints;
}

KernelBtfIds FindKernelBtfIds(
    const std::vector<std::string>& tracepoints,
    absl::FunctionRef<uint32_t(const std::string& name, uint32_t kind)> find) {
  KernelBtfIds ids;
  ids.file = find("file", BTF_KIND_STRUCT);
  ids.task = find("task_struct", BTF_KIND_STRUCT);
  ids.rdonly_cast = find("bpf_rdonly_cast", BTF_KIND_FUNC);
  for (const std::string& tracepoint : tracepoints) {
    ids.attach[tracepoint] = find(absl::StrCat(kTracePrefix, tracepoint), BTF_KIND_TYPEDEF);
  }
  return ids;
}

std::vector<std::string> KernelBtfIdNames(const std::vector<std::string>& tracepoints) {
  std::vector<std::string> names;
  FindKernelBtfIds(tracepoints, [&](const std::string& name, uint32_t) {
    names.push_back(name);
    return 0u;
  });
  return names;
}

absl::StatusOr<KernelBtfIds> KernelBtfIdsFromLibbpf(const std::vector<std::string>& tracepoints) {
  btf* kernel = btf__load_vmlinux_btf();
  if (kernel == nullptr) {
    return WithErrorNumber(absl::FailedPreconditionError(absl::StrCat(
                               "cannot read the kernel's BTF type information (", strerror(errno),
                               "); libior needs a kernel built with CONFIG_DEBUG_INFO_BTF=y")),
                           kErrorNoBtf);
  }
  KernelBtfIds ids = FindKernelBtfIds(tracepoints, [&](const std::string& name, uint32_t kind) {
    const int id = btf__find_by_name_kind(kernel, name.c_str(), kind);
    return id > 0 ? static_cast<uint32_t>(id) : 0u;
  });
  btf__free(kernel);
  return ids;
}

absl::Status RegisterIorSections() {
  static const int handler = [] {
    libbpf_prog_handler_opts opts{};
    opts.sz = sizeof(opts);
    opts.prog_prepare_load_fn = PrepareLoad;  // no attach: AttachLoaded()
    // A raw tracepoint program until its load: libbpf reads the kernel's BTF at load for any
    // object with a tracing program in it.
    const std::string section(kSection);
    return libbpf_register_prog_handler(section.c_str(), BPF_PROG_TYPE_RAW_TRACEPOINT,
                                        BPF_TRACE_RAW_TP, &opts);
  }();
  if (handler > 0) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("cannot register the library's program type with libbpf: ", strerror(-handler)));
}

int AttachLoaded(bpf_object* obj, std::vector<bpf_link*>* links) {
  const size_t before = links->size();
  bpf_program* prog;
  bpf_object__for_each_program(prog, obj) {
    if (bpf_program__fd(prog) < 0) continue;  // not loaded (autoload off)
    bpf_link* link = bpf_program__attach_trace(prog);
    if (link == nullptr) {
      const int err = -errno;
      while (links->size() > before) {
        bpf_link__destroy(links->back());
        links->pop_back();
      }
      return err;
    }
    links->push_back(link);
  }
  return 0;
}

BtfLoadScope::BtfLoadScope(const KernelBtfIds& ids) : previous_(t_load_ids) { t_load_ids = &ids; }

BtfLoadScope::~BtfLoadScope() { t_load_ids = previous_; }

}  // namespace ior::internal
