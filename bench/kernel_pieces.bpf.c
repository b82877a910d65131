/* The pieces of a syscall tracer's kernel path, added one at a time (bench/kernel_costs.sh).
 *
 * `stage` (set before load) picks how much of the path runs for the target process; the
 * verifier drops the code of the later stages, so each stage costs exactly its pieces. The
 * stages follow the order of libior's own path (bpf/syscalls.bpf.c), each adding one piece:
 *   0 empty programs                        4 + aggregates and latency histogram (per CPU)
 *   1 + filter (config, target compare)     5 + a 48-byte record per call (reserve, submit)
 *   2 + per-task state (task storage)       6 + a 144-byte record, libior's size, args copied
 *   3 + two clock reads (enter, exit)       7 + the file identity of the fd argument
 * What a piece costs is the difference between its stage and the one before. Stage 8 stands
 * beside the ladder: the minimal hand-rolled tracer issue 14 holds ior against (the enter time
 * in a hash by thread id, a 48-byte record at exit, no wakeup; no aggregates, no arguments, no
 * file identity). */
// clang-format off
#include "../bpf/kernel_types.bpf.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
// clang-format on

#include "../bpf/fd_file.bpf.h"
#include "../bpf/ior_wire.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 stage = 0;

struct settings {
  __u32 tgid;
  __u32 flags;
};

struct state {
  __u64 enter_ns;
  __u64 args[6];
  __u64 ino;
  __u32 dev;
  __u32 nr;
};

/* The size of libior's fixed record (struct ior_wire_syscall). */
struct big_record {
  __u64 hdr;
  __u64 enter_ns;
  __u64 latency_ns;
  __u64 gap_ns;
  __u32 pid;
  __u32 tid;
  __u32 nr;
  __u32 str_lens;
  __s64 ret;
  __u64 args[6];
  __u8 mem[16];
  __u64 ino[2];
  __u32 dev[2];
};
_Static_assert(sizeof(struct big_record) == 144, "libior's record is 144 bytes");

struct small_record {
  __u64 enter_ns;
  __u64 latency_ns;
  __u32 tid;
  __u32 nr;
  __s64 ret;
  __u64 ino;
  __u64 pad;
};
_Static_assert(sizeof(struct small_record) == 48, "the small record is 48 bytes");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct settings);
} settings SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct state);
} states SEC(".maps");

/* Stage 8's per-thread state: a hash by thread id, as a tracer without task storage keeps it. */
struct minimal_enter {
  __u64 enter_ns;
  __u32 nr;
  __u32 pad;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, struct minimal_enter);
} minimal_enters SEC(".maps");

/* libior's own aggregates: its maps and its update (bpf/aggregate.bpf.h). */
#include "../bpf/aggregate.bpf.h"

/* Nobody reads it: it holds the records of a whole run (bench/kernel_costs.sh's loops make a
 * few hundred thousand calls), so the stages measure the producer's side only. */
struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 1 << 27);
} events SEC(".maps");

static __always_inline bool is_target(void) {
  __u32 zero = 0;
  struct settings *s = bpf_map_lookup_elem(&settings, &zero);

  return s && (bpf_get_current_pid_tgid() >> 32) == s->tgid;
}

SEC(IOR_LOAD_SECTION "sys_enter")
int BPF_PROG(pieces_sys_enter, struct pt_regs *regs, long id) {
  struct state *st;

  if (stage < 1 || !is_target()) return 0;
  if (stage == 8) {
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct minimal_enter enter = {bpf_ktime_get_boot_ns(), (__u32)id, 0};

    bpf_map_update_elem(&minimal_enters, &tid, &enter, BPF_ANY);
    return 0;
  }
  if (stage < 2) return 0;
  st = bpf_task_storage_get(&states, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (!st) return 0;
  st->nr = (__u32)id;
  if (stage >= 6) {
    st->args[0] = regs->di;
    st->args[1] = regs->si;
    st->args[2] = regs->dx;
    st->args[3] = regs->r10;
    st->args[4] = regs->r8;
    st->args[5] = regs->r9;
  }
  if (stage >= 7) st->ino = fd_identity((int)regs->di, &st->dev);
  if (stage >= 3) st->enter_ns = bpf_ktime_get_boot_ns();
  return 0;
}

SEC(IOR_LOAD_SECTION "sys_exit")
int BPF_PROG(pieces_sys_exit, struct pt_regs *regs, long ret) {
  struct state *st;
  __u64 now = 0;
  __u64 latency;
  __u32 slot;

  if (stage < 1 || !is_target()) return 0;
  if (stage == 8) {
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)pid_tgid;
    struct minimal_enter *enter = bpf_map_lookup_elem(&minimal_enters, &tid);
    struct small_record *r;

    if (!enter) return 0;
    r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
    if (!r) return 0;
    r->enter_ns = enter->enter_ns;
    r->latency_ns = bpf_ktime_get_boot_ns() - enter->enter_ns;
    r->tid = tid;
    r->nr = enter->nr;
    r->ret = ret;
    r->ino = 0;
    r->pad = 0;
    bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
    return 0;
  }
  if (stage < 2) return 0;
  st = bpf_task_storage_get(&states, bpf_get_current_task_btf(), 0, 0);
  if (!st) return 0;
  if (stage >= 3) now = bpf_ktime_get_boot_ns();
  latency = now - st->enter_ns;
  slot = st->nr & (IOR_WIRE_MAX_SYSCALLS - 1);
  if (stage >= 4) aggregate(slot, latency, ret, false, stage >= 5, 0);
  if (stage == 5) {
    struct small_record *r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);

    if (!r) return 0;
    r->enter_ns = st->enter_ns;
    r->latency_ns = latency;
    r->tid = (__u32)bpf_get_current_pid_tgid();
    r->nr = st->nr;
    r->ret = ret;
    r->ino = st->ino;
    r->pad = 0;
    bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
  } else if (stage >= 6) {
    struct big_record *r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
    __u64 pid_tgid = bpf_get_current_pid_tgid();

    if (!r) return 0;
    __builtin_memset(r, 0, sizeof(*r));
    r->enter_ns = st->enter_ns;
    r->latency_ns = latency;
    r->pid = pid_tgid >> 32;
    r->tid = (__u32)pid_tgid;
    r->nr = st->nr;
    r->ret = ret;
    __builtin_memcpy(r->args, st->args, sizeof(r->args));
    r->ino[0] = st->ino;
    r->dev[0] = st->dev;
    bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
  }
  return 0;
}
