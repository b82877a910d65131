// The BTF subset that libbpf relocates ior's programs against: built from BTF made with
// libbpf's own writer, read back with libbpf's own reader; then from the running kernel's BTF
// for the real BPF object.
#include "raw_btf.h"

#include <bpf/btf.h>
#include <linux/btf.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "btf_load_hook.h"
#include "core_btf.h"
#include "gtest/gtest.h"
#include "syscalls.skel.h"

namespace ior::internal {
namespace {

std::string RawOf(const btf* b) {
  uint32_t size = 0;
  const void* data = btf__raw_data(b, &size);
  return {static_cast<const char*>(data), size};
}

// A small "kernel": task_struct holds an int, a typedef'd struct and an array by value, an
// enum, and a pointer to a struct that nothing else holds; `unrelated` is held by nobody.
struct FakeKernel {
  FakeKernel() : b(btf__new_empty()) {
    const int int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
    const int long_id = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
    unrelated_id = btf__add_struct(b, "unrelated", 4);
    btf__add_field(b, "q", int_id, 0, 0);
    const int other_id = btf__add_struct(b, "other", 4);
    btf__add_field(b, "z", int_id, 0, 0);
    const int inner_id = btf__add_struct(b, "inner", 16);
    btf__add_field(b, "a", int_id, 0, 0);
    btf__add_field(b, "b", long_id, 64, 0);
    const int inner_t = btf__add_typedef(b, "inner_t", inner_id);
    const int state_id = btf__add_enum(b, "state", 4);
    btf__add_enum_value(b, "STATE_A", 1);
    btf__add_enum_value(b, "STATE_B", 2);
    const int other_ptr = btf__add_ptr(b, other_id);
    const int arr = btf__add_array(b, int_id, int_id, 4);
    task_id = btf__add_struct(b, "task_struct", 56);
    btf__add_field(b, "pid", int_id, 0, 0);
    btf__add_field(b, "in", inner_t, 64, 0);
    btf__add_field(b, "o", other_ptr, 192, 0);
    btf__add_field(b, "arr", arr, 256, 0);
    btf__add_field(b, "st", state_id, 384, 0);
    raw = RawOf(b);
  }
  ~FakeKernel() { btf__free(b); }

  btf* b;
  int task_id = 0;
  int unrelated_id = 0;
  std::string raw;
};

TEST(RawBtfTest, SubsetKeepsTheWantedTypesAndWhatTheyHoldByValue) {
  FakeKernel kernel;
  absl::StatusOr<RawBtf> parsed = RawBtf::Parse(kernel.raw, {"task_struct", "absent"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type_count(), btf__type_cnt(kernel.b) - 1);
  EXPECT_EQ(parsed->Find("task_struct", BTF_KIND_STRUCT), static_cast<uint32_t>(kernel.task_id));
  EXPECT_EQ(parsed->Find("task_struct", BTF_KIND_UNION), 0u);
  EXPECT_EQ(parsed->Find("unrelated", BTF_KIND_STRUCT), 0u);  // not wanted

  const std::string subset = parsed->Subset();
  btf* out = btf__new(subset.data(), static_cast<uint32_t>(subset.size()));
  ASSERT_NE(out, nullptr) << "libbpf refuses the subset: " << strerror(errno);
  // task_struct, int, long, inner, inner_t, state, the pointer, the array: nothing else.
  EXPECT_EQ(btf__type_cnt(out) - 1, 8u);
  EXPECT_LT(btf__find_by_name_kind(out, "unrelated", BTF_KIND_STRUCT), 0);
  EXPECT_LT(btf__find_by_name_kind(out, "other", BTF_KIND_STRUCT), 0);

  const int task = btf__find_by_name_kind(out, "task_struct", BTF_KIND_STRUCT);
  ASSERT_GT(task, 0);
  const btf_type* t = btf__type_by_id(out, task);
  EXPECT_EQ(t->size, 56u);
  ASSERT_EQ(btf_vlen(t), 5);
  const char* names[] = {"pid", "in", "o", "arr", "st"};
  const uint32_t offsets[] = {0, 64, 192, 256, 384};
  const int kinds[] = {BTF_KIND_INT, BTF_KIND_TYPEDEF, BTF_KIND_PTR, BTF_KIND_ARRAY, BTF_KIND_ENUM};
  for (int i = 0; i < 5; ++i) {
    const btf_member& m = btf_members(t)[i];
    EXPECT_STREQ(btf__name_by_offset(out, m.name_off), names[i]);
    EXPECT_EQ(m.offset, offsets[i]);
    EXPECT_EQ(btf_kind(btf__type_by_id(out, m.type)), kinds[i]) << names[i];
  }
  // The pointer is kept as a pointer, to void.
  EXPECT_EQ(btf__type_by_id(out, btf_members(t)[2].type)->type, 0u);
  // The typedef'd struct came along, whole.
  const btf_type* typedef_t = btf__type_by_id(out, btf_members(t)[1].type);
  const btf_type* inner = btf__type_by_id(out, typedef_t->type);
  ASSERT_EQ(btf_kind(inner), BTF_KIND_STRUCT);
  EXPECT_STREQ(btf__name_by_offset(out, inner->name_off), "inner");
  ASSERT_EQ(btf_vlen(inner), 2);
  EXPECT_STREQ(btf__name_by_offset(out, btf_members(inner)[1].name_off), "b");
  EXPECT_EQ(btf_members(inner)[1].offset, 64u);
  // The array's element and index types, and the enum's values.
  const struct btf_array* arr = btf_array(btf__type_by_id(out, btf_members(t)[3].type));
  EXPECT_EQ(arr->nelems, 4u);
  EXPECT_STREQ(btf__name_by_offset(out, btf__type_by_id(out, arr->type)->name_off), "int");
  const btf_type* state = btf__type_by_id(out, btf_members(t)[4].type);
  ASSERT_EQ(btf_vlen(state), 2);
  EXPECT_STREQ(btf__name_by_offset(out, btf_enum(state)[1].name_off), "STATE_B");
  EXPECT_EQ(btf_enum(state)[1].val, 2);
  btf__free(out);
}

TEST(RawBtfTest, AggregateNamesCutLibbpfFlavours) {
  btf* local = btf__new_empty();
  const int int_id = btf__add_int(local, "int", 4, BTF_INT_SIGNED);
  btf__add_struct(local, "task_struct___v2", 4);
  btf__add_field(local, "pid", int_id, 0, 0);
  btf__add_typedef(local, "__u32", int_id);
  btf__add_fwd(local, "file", BTF_FWD_STRUCT);
  btf__add_ptr(local, int_id);
  const std::string raw = RawOf(local);
  btf__free(local);
  absl::StatusOr<RawBtf> parsed = RawBtf::Parse(raw);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  absl::flat_hash_set<std::string> names = parsed->AggregateNames();
  EXPECT_EQ(names, (absl::flat_hash_set<std::string>{"task_struct", "__u32", "file"}));
}

TEST(RawBtfTest, RefusesWhatIsNotBtf) {
  FakeKernel kernel;
  EXPECT_FALSE(RawBtf::Parse("").ok());
  EXPECT_FALSE(RawBtf::Parse(std::string(64, 'x')).ok());
  // Sections running past the data.
  EXPECT_FALSE(RawBtf::Parse(std::string_view(kernel.raw).substr(0, kernel.raw.size() - 8)).ok());
  // The header of the other byte order.
  std::string swapped = kernel.raw;
  std::swap(swapped[0], swapped[1]);
  absl::StatusOr<RawBtf> other = RawBtf::Parse(swapped);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("byte order"), std::string_view::npos);
  // A type of a kind that does not exist: the first type's info word, kind 31.
  std::string unknown = kernel.raw;
  btf_header h;
  std::memcpy(&h, unknown.data(), sizeof(h));
  const uint32_t info = uint32_t{31} << 24;  // kind 31, no members
  std::memcpy(unknown.data() + h.hdr_len + h.type_off + offsetof(btf_type, info), &info, 4);
  EXPECT_FALSE(RawBtf::Parse(unknown).ok());
}

TEST(RawBtfTest, NameOffsetsOutsideTheStringsAreNoNames) {
  btf* b = btf__new_empty();
  btf__add_struct(b, "victim", 0);  // type 1: its header opens the type section
  const std::string good = RawOf(b);
  btf__free(b);
  btf_header h;
  std::memcpy(&h, good.data(), sizeof(h));
  const size_t at = h.hdr_len + h.type_off + offsetof(btf_type, name_off);
  for (uint32_t off : {h.str_len - 1, h.str_len, h.str_len + 1, uint32_t{0xffffffff}}) {
    std::string raw = good;
    std::memcpy(raw.data() + at, &off, sizeof(off));
    absl::StatusOr<RawBtf> parsed = RawBtf::Parse(raw, {"victim"});
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->Find("victim", BTF_KIND_STRUCT), 0u) << off;
    const std::string subset_data = parsed->Subset();
    absl::StatusOr<RawBtf> subset = RawBtf::Parse(subset_data);
    ASSERT_TRUE(subset.ok()) << subset.status();
    EXPECT_EQ(subset->type_count(), 0u);
  }
}

TEST(ElfSectionTest, FindsTheBtfOfTheBpfObjectAndNothingInNonsense) {
  size_t size = 0;
  const void* elf = ior_bpf__elf_bytes(&size);
  const std::string_view section = ElfSection(elf, size, ".BTF");
  ASSERT_FALSE(section.empty());
  absl::StatusOr<RawBtf> local = RawBtf::Parse(section);
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_TRUE(local->AggregateNames().contains("task_struct"));
  EXPECT_TRUE(ElfSection(elf, size, ".no_such").empty());
  EXPECT_TRUE(ElfSection(elf, 32, ".BTF").empty());  // cut inside the header
  const std::string junk(4096, '\x7f');
  EXPECT_TRUE(ElfSection(junk.data(), junk.size(), ".BTF").empty());
}

// The running kernel and the real object: every type the programs relocate is in the subset,
// libbpf reads it, and the ids handed to bpf_rdonly_cast are the kernel's own.
TEST(CoreBtfTest, TheRunningKernelsSubsetForTheRealObject) {
  size_t size = 0;
  const void* elf = ior_bpf__elf_bytes(&size);
  absl::StatusOr<CoreBtf> core = CoreBtf::Make("/sys/kernel/btf/vmlinux", elf, size);
  ASSERT_TRUE(core.ok()) << core.status();
  btf* vmlinux = btf__load_vmlinux_btf();
  ASSERT_NE(vmlinux, nullptr);
  EXPECT_EQ(core->kernel_types(), btf__type_cnt(vmlinux) - 1);
  const KernelBtfIds& ids = core->kernel_ids();
  EXPECT_EQ(ids.file,
            static_cast<uint32_t>(btf__find_by_name_kind(vmlinux, "file", BTF_KIND_STRUCT)));
  EXPECT_EQ(ids.task,
            static_cast<uint32_t>(btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT)));
  EXPECT_EQ(ids.rdonly_cast, static_cast<uint32_t>(btf__find_by_name_kind(
                                 vmlinux, "bpf_rdonly_cast", BTF_KIND_FUNC)));
  ASSERT_EQ(ids.attach.size(), 6u);
  for (const auto& [tracepoint, id] : ids.attach) {
    const std::string typedef_name = "btf_trace_" + tracepoint;
    EXPECT_EQ(id, static_cast<uint32_t>(
                      btf__find_by_name_kind(vmlinux, typedef_name.c_str(), BTF_KIND_TYPEDEF)))
        << tracepoint;
  }
  // libbpf's read (the way without the library's reader) finds the same.
  absl::StatusOr<KernelBtfIds> from_libbpf = KernelBtfIdsFromLibbpf(AttachTracepoints(elf, size));
  ASSERT_TRUE(from_libbpf.ok()) << from_libbpf.status();
  EXPECT_EQ(from_libbpf->file, ids.file);
  EXPECT_EQ(from_libbpf->task, ids.task);
  EXPECT_EQ(from_libbpf->rdonly_cast, ids.rdonly_cast);
  EXPECT_EQ(from_libbpf->attach, ids.attach);
  EXPECT_LT(core->subset_types() * 20, core->kernel_types());

  btf* subset = btf__parse(core->path().c_str(), nullptr);
  ASSERT_NE(subset, nullptr) << core->path();
  EXPECT_EQ(btf__type_cnt(subset) - 1, core->subset_types());
  for (const char* name :
       {"task_struct", "file", "inode", "super_block", "files_struct", "fdtable", "pt_regs",
        "signal_struct", "fs_struct", "dentry", "mount", "socket", "sock"}) {
    const int in_kernel = btf__find_by_name_kind(vmlinux, name, BTF_KIND_STRUCT);
    const int in_subset = btf__find_by_name_kind(subset, name, BTF_KIND_STRUCT);
    ASSERT_GT(in_kernel, 0) << name;
    ASSERT_GT(in_subset, 0) << name;
    const btf_type* k = btf__type_by_id(vmlinux, in_kernel);
    const btf_type* s = btf__type_by_id(subset, in_subset);
    EXPECT_EQ(k->size, s->size) << name;
    ASSERT_EQ(btf_vlen(k), btf_vlen(s)) << name;
    for (int i = 0; i < btf_vlen(k); ++i) {
      EXPECT_STREQ(btf__name_by_offset(vmlinux, btf_members(k)[i].name_off),
                   btf__name_by_offset(subset, btf_members(s)[i].name_off));
      EXPECT_EQ(btf_members(k)[i].offset, btf_members(s)[i].offset);
    }
  }
  // Functions are looked up, never copied: the subset holds types to relocate against.
  EXPECT_LT(btf__find_by_name_kind(subset, "bpf_rdonly_cast", BTF_KIND_FUNC), 0);
  btf__free(subset);
  btf__free(vmlinux);
}

TEST(AttachTracepointsTest, AreTheSectionsOfTheLibrarysProgramType) {
  size_t size = 0;
  const void* elf = ior_bpf__elf_bytes(&size);
  std::vector<std::string> tracepoints = AttachTracepoints(elf, size);
  std::sort(tracepoints.begin(), tracepoints.end());
  EXPECT_EQ(tracepoints,
            (std::vector<std::string>{"sched_process_exec", "sched_process_exit", "sys_enter",
                                      "sys_exit", "task_newtask", "task_rename"}));
  const std::vector<std::string_view> sections = ElfSectionNames(elf, size);
  EXPECT_NE(std::find(sections.begin(), sections.end(), ".BTF"), sections.end());
  EXPECT_NE(std::find(sections.begin(), sections.end(), "ior_tp_btf/sys_exit"), sections.end());
  const std::string junk(4096, '\x7f');
  EXPECT_TRUE(ElfSectionNames(junk.data(), junk.size()).empty());
  EXPECT_TRUE(AttachTracepoints(junk.data(), junk.size()).empty());
}

}  // namespace
}  // namespace ior::internal
