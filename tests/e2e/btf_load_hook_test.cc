// The library's own loader for its programs (lib/btf_load_hook.h): ior_tp_btf programs load as
// tracing programs on the attach targets the library found, their kfunc calls carry the
// kernel's id of bpf_rdonly_cast, and a load without the ids, or with an id missing, is refused
// rather than loaded wrong. Needs root (it loads the real object).
#include "btf_load_hook.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core_btf.h"
#include "load_contract.h"
#include "syscalls.skel.h"

namespace ior::internal {
namespace {

// The name of the kernel's BTF object `id` ("vmlinux" or a module's); empty if none.
std::string BtfObjectName(uint32_t id) {
  const int fd = bpf_btf_get_fd_by_id(id);
  if (fd < 0) return "";
  char name[64] = {};
  bpf_btf_info info{};
  info.name = reinterpret_cast<uintptr_t>(name);
  info.name_len = sizeof(name);
  uint32_t len = sizeof(info);
  const int err = bpf_obj_get_info_by_fd(fd, &info, &len);
  close(fd);
  return err == 0 && info.kernel_btf ? name : "";
}

KernelBtfIds TheKernelsIds() {
  size_t size = 0;
  const void* elf = ior_bpf__elf_bytes(&size);
  absl::StatusOr<CoreBtf> core = CoreBtf::Make("/sys/kernel/btf/vmlinux", elf, size);
  EXPECT_TRUE(core.ok()) << core.status();
  return core.ok() ? core->kernel_ids() : KernelBtfIds{};
}

// Opens the real object for the loader and loads it with `ids` (none: no scope); the load's
// error, 0 on success. *out keeps the loaded object.
int Load(const KernelBtfIds* ids, ior_bpf** out) {
  EXPECT_TRUE(RegisterIorSections().ok());
  ior_bpf* skel = ior_bpf__open();
  EXPECT_NE(skel, nullptr);
  if (skel == nullptr) return -1;
  const KernelBtfIds kernel = TheKernelsIds();
  skel->rodata->ior_file_btf_id = kernel.file;
  skel->rodata->ior_task_btf_id = kernel.task;
  bpf_map__set_max_entries(skel->maps.events, 4096);
  int err;
  if (ids != nullptr) {
    const BtfLoadScope scope(*ids);
    err = ior_bpf__load(skel);
  } else {
    err = ior_bpf__load(skel);
  }
  *out = skel;
  return err;
}

TEST(BtfLoadHookTest, LoadsTracingProgramsOnTheTargetsFound) {
  const KernelBtfIds ids = TheKernelsIds();
  ASSERT_NE(ids.rdonly_cast, 0u);
  ior_bpf* skel = nullptr;
  ASSERT_EQ(Load(&ids, &skel), 0);
  int checked = 0;
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel->obj) {
    const std::string section = bpf_program__section_name(prog);
    ASSERT_EQ(section.rfind(IOR_LOAD_SECTION, 0), 0u) << section;
    const std::string tracepoint = section.substr(std::string(IOR_LOAD_SECTION).size());
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    ASSERT_EQ(bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len), 0) << section;
    EXPECT_EQ(info.type, BPF_PROG_TYPE_TRACING) << section;
    EXPECT_EQ(info.attach_btf_id, ids.attach.at(tracepoint)) << section;
    EXPECT_EQ(BtfObjectName(info.attach_btf_obj_id), "vmlinux") << section;  // not a module's
    EXPECT_EQ(bpf_program__expected_attach_type(prog), BPF_TRACE_RAW_TP) << section;
    ++checked;
  }
  EXPECT_EQ(checked, 6);
  // The kfunc calls libbpf loaded carry the kernel's id, no marker.
  int kfunc_calls = 0;
  bpf_object__for_each_program(prog, skel->obj) {
    const bpf_insn* insns = bpf_program__insns(prog);
    for (size_t i = 0; i < bpf_program__insn_cnt(prog); ++i) {
      if (insns[i].code != (BPF_JMP | BPF_CALL) || insns[i].src_reg != BPF_PSEUDO_KFUNC_CALL) {
        continue;
      }
      EXPECT_EQ(static_cast<uint32_t>(insns[i].imm), ids.rdonly_cast);
      ++kfunc_calls;
    }
  }
  EXPECT_GT(kfunc_calls, 0);
  // And they attach, each to the tracepoint its section names.
  std::vector<bpf_link*> links;
  EXPECT_EQ(AttachLoaded(skel->obj, &links), 0);
  std::vector<std::string> attached;
  for (bpf_link* link : links) {
    char name[64] = {};
    bpf_link_info info{};
    info.raw_tracepoint.tp_name = reinterpret_cast<uintptr_t>(name);
    info.raw_tracepoint.tp_name_len = sizeof(name);
    uint32_t len = sizeof(info);
    ASSERT_EQ(bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len), 0);
    EXPECT_EQ(info.type, BPF_LINK_TYPE_RAW_TRACEPOINT);  // what a tp_btf program's link is
    attached.emplace_back(name);
    bpf_link__destroy(link);
  }
  std::sort(attached.begin(), attached.end());
  EXPECT_EQ(attached,
            (std::vector<std::string>{"sched_process_exec", "sched_process_exit", "sys_enter",
                                      "sys_exit", "task_newtask", "task_rename"}));
  ior_bpf__destroy(skel);
}

TEST(BtfLoadHookTest, RefusesALoadWithoutTheIds) {
  ior_bpf* skel = nullptr;
  EXPECT_EQ(Load(nullptr, &skel), -EINVAL);
  ior_bpf__destroy(skel);
}

TEST(BtfLoadHookTest, RefusesAProgramWhoseTargetWasNotFound) {
  KernelBtfIds ids = TheKernelsIds();
  ids.attach["sys_exit"] = 0;
  ior_bpf* skel = nullptr;
  EXPECT_EQ(Load(&ids, &skel), -ESRCH);
  ior_bpf__destroy(skel);
}

TEST(BtfLoadHookTest, RefusesAKfuncCallWithoutTheKernelsId) {
  KernelBtfIds ids = TheKernelsIds();
  ids.rdonly_cast = 0;
  ior_bpf* skel = nullptr;
  EXPECT_EQ(Load(&ids, &skel), -ENOENT);
  ior_bpf__destroy(skel);
}

// libbpf's own read of the kernel's BTF (the way when the library cannot read it) gives the
// ids the library's read gives, and a load with them works the same.
TEST(BtfLoadHookTest, TheIdsFromLibbpfLoadTheSame) {
  size_t size = 0;
  const void* elf = ior_bpf__elf_bytes(&size);
  absl::StatusOr<KernelBtfIds> ids = KernelBtfIdsFromLibbpf(AttachTracepoints(elf, size));
  ASSERT_TRUE(ids.ok()) << ids.status();
  ior_bpf* skel = nullptr;
  EXPECT_EQ(Load(&*ids, &skel), 0);
  ior_bpf__destroy(skel);
}

}  // namespace
}  // namespace ior::internal
