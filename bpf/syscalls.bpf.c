/* The syscall dispatcher: one program on sys_enter and one on sys_exit for every syscall.
 *
 * sys_enter filters (self, target processes, target threads, enabled syscall), then saves the
 * enter timestamp and the six raw arguments in task-local storage. sys_exit pairs with that
 * state, updates the per-syscall aggregates and emits ONE record per completed call. Calls that
 * never return are emitted at enter. All configuration lives in maps, so userspace can change
 * the selection and the filters of a running session with map updates.
 */
// The kernel's types come first: libbpf's headers use them. clang-format would sort them after.
// clang-format off
#include "kernel_types.bpf.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
// clang-format on

#include "ior_wire.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Read by the session before attaching: a stale object is refused. */
const volatile __u32 ior_wire_version = IOR_WIRE_VERSION;

struct task_state {
  __u64 enter_ns;     /* enter timestamp of the call in flight */
  __u64 last_exit_ns; /* exit timestamp of this thread's previous emitted call, 0 if none */
  __u64 args[IOR_WIRE_ARGS];
  __u32 nr;
  __u8 active;   /* an enter was recorded and its exit not yet seen */
  __u8 emit;     /* sampling selected this call for a record */
  __u8 named;    /* the consumer was told this task's name */
  __u8 counted;  /* the syscall is selected: the call goes into the aggregates */
  __u8 track;    /* no record, but the file tracker needs the call: a control record */
  __u8 degraded; /* 0, or the level at which the degraded rate left the call out */
  __u8 pad[2];
  __u32 wire_flags; /* IOR_WIRE_F_MEM once mem[] is filled */
  __u32 dev[2];     /* file identities, see ior_wire_syscall */
  __u64 ino[2];
  __s32 str_len[IOR_WIRE_STRS]; /* bytes read with the NUL, 0 = none, < 0 = fault */
  __u8 mem[IOR_WIRE_MEM_MAX];
  char str[IOR_WIRE_STRS][IOR_WIRE_STR_MAX];
};

/* A record with strings is assembled here, then copied to the ring at its exact size. The
 * tail has room for two lengths masked with STR_MASK, which is what the verifier can prove;
 * real lengths never exceed IOR_WIRE_STR_MAX. */
#define STR_MASK (2 * IOR_WIRE_STR_MAX - 1)
struct string_record {
  struct ior_wire_syscall rec;
  char tail[2 * (STR_MASK + 1)];
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct string_record);
} string_records SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct task_state);
} task_states SEC(".maps");

/* Resized by the session before load. */
struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 1 << 24);
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ior_wire_config);
} config SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, IOR_WIRE_MAX_SYSCALLS);
  __type(key, __u32);
  __type(value, struct ior_wire_syscall_config);
} syscall_configs SEC(".maps");

/* Target sets larger than the config's inline slots. Not preallocated: most sessions never
 * use them, and preallocating 65536 entries each made a good part of the maps' creation time. */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, __u8);
} target_tgids SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, __u8);
} target_tids SEC(".maps");

/* The processes followed from targets (IOR_WIRE_FOLLOW), a bit per tgid. A tgid is below
 * PID_MAX_LIMIT (2^22), so the set is exact. Every other process of the host pays a bit test
 * on each of its syscalls for following, where a task-storage lookup cost it a helper call. */
#define FOLLOWED_TGID_BITS (1 << 22)
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, FOLLOWED_TGID_BITS / 64);
  __type(key, __u32);
  __type(value, __u64);
} followed_tgids SEC(".maps");

#include "aggregate.bpf.h"

static __always_inline __u32 syscall_slot(long id) {
  return id < IOR_WIRE_MAX_SYSCALLS ? (__u32)id : IOR_WIRE_OVERFLOW_SLOT;
}

_Static_assert(IOR_WIRE_INLINE_TARGETS == 4, "in_inline_set compares four slots");

static __always_inline bool in_inline_set(__u32 id, const __u32 *set) {
  return id == set[0] || id == set[1] || id == set[2] || id == set[3];
}

/* The word of followed_tgids that holds `tgid`'s bit, NULL for an impossible tgid. */
static __always_inline __u64 *followed_word(__u32 tgid) {
  __u32 word = tgid / 64;

  return bpf_map_lookup_elem(&followed_tgids, &word);
}

static __always_inline bool is_followed(__u32 tgid) {
  __u64 *word = followed_word(tgid);

  return word && (*word >> (tgid % 64)) & 1;
}

/* Whether the task whose ids are `pid_tgid` is one this session traces. Processes followed
 * from targets are marked in followed_tgids instead of entering a target set, so the filter
 * stays a few compares and a bit test for every other task of the host. */
static __always_inline bool is_target(const struct ior_wire_config *cfg, __u64 pid_tgid) {
  __u32 tgid = pid_tgid >> 32;
  __u32 tid = (__u32)pid_tgid;
  __u32 flags = cfg->filter_flags;

  if (tgid == cfg->self_tgid) return false;
  if ((flags & IOR_WIRE_FILTER_CGROUP) && bpf_get_current_cgroup_id() != cfg->cgroup_id)
    return false;
  if (flags & IOR_WIRE_FILTER_TGID) {
    bool hit = (flags & IOR_WIRE_FILTER_TGID_MAP) ? bpf_map_lookup_elem(&target_tgids, &tgid) != 0
                                                  : in_inline_set(tgid, cfg->tgids);
    if (!hit && (flags & IOR_WIRE_FOLLOW)) hit = is_followed(tgid);
    if (!hit) return false;
  }
  if (flags & IOR_WIRE_FILTER_TID) {
    if (flags & IOR_WIRE_FILTER_TID_MAP) {
      if (!bpf_map_lookup_elem(&target_tids, &tid)) return false;
    } else if (!in_inline_set(tid, cfg->tids)) {
      return false;
    }
  }
  return true;
}

/* Records are written without waking the consumer, except for the one record that makes the
 * waiting data cross cfg->wakeup_bytes: a wakeup per record would cap the ring near a million
 * records per second, and a wakeup for every record past the mark (while the consumer is
 * still busy) costs each of them an irq_work. The consumer also drains on a timer, so a
 * record never waits longer than the session's maximum delay. `size` is the record's size. */
static __always_inline __u64 wakeup_flag(const struct ior_wire_config *cfg, __u64 size) {
  __u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

  return avail >= cfg->wakeup_bytes && avail < cfg->wakeup_bytes + size + BPF_RINGBUF_HDR_SZ
             ? BPF_RB_FORCE_WAKEUP
             : BPF_RB_NO_WAKEUP;
}

static __always_inline void submit(void *rec, const struct ior_wire_config *cfg, __u64 size) {
  bpf_ringbuf_submit(rec, wakeup_flag(cfg, size));
}

/* A record the ring had no room for: a row (dropped) or a control record. */
static __always_inline void count_lost(bool control) {
  struct ior_wire_counters *c = cpu_counters();

  if (!c) return;
  if (control)
    c->control_dropped++;
  else
    c->ring_full++;
}

/* Reserves a control record of `size` bytes (a constant); a full ring counts it lost. */
static __always_inline void *reserve_control(__u64 size) {
  void *rec = bpf_ringbuf_reserve(&events, size, 0);

  if (!rec) count_lost(true);
  return rec;
}

/* The session's configuration if the current task is one of its targets, else NULL: the
 * preamble of every program that runs in a traced task's context. */
static __always_inline const struct ior_wire_config *config_if_target(__u64 pid_tgid) {
  __u32 zero = 0;
  const struct ior_wire_config *cfg = bpf_map_lookup_elem(&config, &zero);

  return cfg && is_target(cfg, pid_tgid) ? cfg : 0;
}

static __always_inline void fill_record(struct ior_wire_syscall *rec, struct task_state *st,
                                        __u64 last, __u64 pid_tgid, __u32 nr, __u64 enter_ns,
                                        __u64 exit_ns, long ret, __u32 flags) {
  if (!last) flags |= IOR_WIRE_F_FIRST_ON_TID;
  rec->hdr.type = IOR_WIRE_SYSCALL;
  rec->hdr.flags = flags | st->wire_flags;
  rec->enter_ns = enter_ns;
  rec->latency_ns = exit_ns - enter_ns;
  rec->gap_ns = last && enter_ns > last ? enter_ns - last : 0;
  rec->pid = pid_tgid >> 32;
  rec->tid = (__u32)pid_tgid;
  rec->nr = nr;
  rec->ret = ret;
  __builtin_memcpy(rec->args, st->args, sizeof(rec->args));
  __builtin_memcpy(rec->mem, st->mem, sizeof(rec->mem));
  rec->ino[0] = st->ino[0];
  rec->ino[1] = st->ino[1];
  rec->dev[0] = st->dev[0];
  rec->dev[1] = st->dev[1];
}

/* Writes the record of the call in `st` (its number and enter time) that returned `ret` at
 * `exit_ns`: reserved in place when it carries no string, else assembled in the per-CPU scratch
 * and copied at its exact size. Global, so that the verifier checks it once rather than on
 * every path of both callers. */
__noinline int emit(const struct ior_wire_config *cfg, struct task_state *st, __u64 exit_ns,
                    long ret, __u32 flags) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  bool control = flags & IOR_WIRE_F_CONTROL;
  __u64 last;
  __u64 enter_ns;
  __u32 nr;
  __s32 l0;
  __s32 l1;

  if (!cfg || !st) return 0; /* never: the verifier cannot know that a global's pointer is set */
  last = st->last_exit_ns;
  enter_ns = st->enter_ns;
  nr = st->nr;
  l0 = st->str_len[0];
  l1 = st->str_len[1];

  /* A control record is not a row: the next row's gap spans it. */
  if (!control) st->last_exit_ns = exit_ns;
  if (l0 <= 0 && l1 <= 0) {
    struct ior_wire_syscall *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

    if (!rec) {
      count_lost(control);
      return 0;
    }
    fill_record(rec, st, last, pid_tgid, nr, enter_ns, exit_ns, ret, flags);
    rec->hdr.size = sizeof(*rec);
    rec->str_len[0] = 0;
    rec->str_len[1] = 0;
    submit(rec, cfg, sizeof(*rec));
    return 0;
  }

  __u32 zero = 0;
  struct string_record *sr = bpf_map_lookup_elem(&string_records, &zero);
  __u32 n0 = l0 > 0 ? (__u32)l0 : 0;
  __u32 n1 = l1 > 0 ? (__u32)l1 : 0;
  __u32 size;

  if (!sr) return 0;
  fill_record(&sr->rec, st, last, pid_tgid, nr, enter_ns, exit_ns, ret, flags);
  n0 &= STR_MASK;
  n1 &= STR_MASK;
  sr->rec.str_len[0] = n0;
  sr->rec.str_len[1] = n1;
  if (n0) bpf_probe_read_kernel(sr->tail, n0, st->str[0]);
  if (n1) bpf_probe_read_kernel(sr->tail + n0, n1, st->str[1]);
  size = (sizeof(sr->rec) + n0 + n1 + 7) & ~7u;
  if (size > sizeof(*sr)) return 0;
  sr->rec.hdr.size = size;
  if (bpf_ringbuf_output(&events, sr, size, wakeup_flag(cfg, size)) != 0) count_lost(control);
  return 0;
}

#include "capture.bpf.h"

/* Sampling, decided at enter so that calls without a record skip the capture: 0 = aggregate
 * only, 1 = every call, N = one in N. */
static __always_inline bool sampled_in(const struct ior_wire_syscall_config *sc) {
  __u32 rate = sc->sample_rate;

  if (rate <= 1) return rate == 1;
  return bpf_get_prandom_u32() % rate == 0;
}

_Static_assert(IOR_WIRE_DEGRADE_MAX_LEVEL == 16, "count_degraded masks the level with 15");

/* Degrade instead of drop (IOR_WIRE_DEGRADE), for a call sampling admitted: moves this CPU's
 * level for the syscall with the ring's fill (rate-limited, see ior_wire.h), then lets one call
 * in 2^level through, evenly (a counter, not chance). Returns 0 when the call is emitted, else
 * the level that left it out. Decided at enter, so a left-out call skips the capture. */
static __always_inline __u8 degrade(const struct ior_wire_config *cfg, __u32 slot) {
  struct ior_wire_aggregate *agg = bpf_map_lookup_elem(&aggregates, &slot);
  __u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
  __u32 level;
  __u32 tick;

  if (!agg) return 0;
  /* The clock is read only when the level may move (coarse time is not for tracing
   * programs: its seqlock could be held by the interrupted code). */
  level = agg->degrade_level;
  if (avail >= cfg->degrade_high_bytes && level < IOR_WIRE_DEGRADE_MAX_LEVEL) {
    __u64 now = bpf_ktime_get_ns();

    if (now - agg->degrade_changed_ns >= IOR_WIRE_DEGRADE_RAISE_NS) {
      agg->degrade_level = ++level;
      agg->degrade_changed_ns = now;
    }
  } else if (avail <= cfg->degrade_low_bytes && level > 0) {
    __u64 now = bpf_ktime_get_ns();

    if (now - agg->degrade_changed_ns >= IOR_WIRE_DEGRADE_LOWER_NS) {
      agg->degrade_level = --level;
      agg->degrade_changed_ns = now;
    }
  }
  if (level == 0) return 0;
  level &= 31; /* never more than IOR_WIRE_DEGRADE_MAX_LEVEL: a bound the verifier sees */
  tick = agg->degrade_tick++;
  return (tick & ((1u << level) - 1)) == 0 ? 0 : (__u8)level;
}

/* Emits a control record naming a task: the current one (comm == NULL) or, for a rename,
 * `pid_tgid` with the new name at kernel address `comm`. */
static __always_inline void emit_task(const struct ior_wire_config *cfg, __u16 type, __u32 flags,
                                      __u64 pid_tgid, const char *comm) {
  struct ior_wire_task *rec = reserve_control(sizeof(*rec));

  if (!rec) return;
  rec->hdr.type = type;
  rec->hdr.size = sizeof(*rec);
  rec->hdr.flags = flags;
  rec->ts_ns = bpf_ktime_get_boot_ns();
  rec->pid = pid_tgid >> 32;
  rec->tid = (__u32)pid_tgid;
  /* A rename may come from another task (a write to /proc/<pid>/comm): its cgroup is not the
   * renamed task's. An exiting task's cgroup is not needed. */
  rec->cgroup_id = comm || type == IOR_WIRE_EXIT ? 0 : bpf_get_current_cgroup_id();
  if (comm)
    bpf_probe_read_kernel_str(rec->comm, sizeof(rec->comm), comm);
  else
    bpf_get_current_comm(rec->comm, sizeof(rec->comm));
  submit(rec, cfg, sizeof(*rec));
}

#include "cwd.bpf.h"
#include "socket.bpf.h"

SEC(IOR_LOAD_SECTION "sys_enter")
int BPF_PROG(ior_sys_enter, struct pt_regs *regs, long id) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  const struct ior_wire_config *cfg;
  const struct ior_wire_syscall_config *sc;
  struct task_struct *task;
  struct task_state *st;
  __u64 now;
  __u32 slot;

  if (id < 0) return 0;
  cfg = config_if_target(pid_tgid);
  if (!cfg) return 0;
  slot = syscall_slot(id);
  sc = bpf_map_lookup_elem(&syscall_configs, &slot);
  if (!sc || !(sc->flags & (IOR_WIRE_SC_ENABLED | IOR_WIRE_SC_TRACK))) return 0;

  task = bpf_get_current_task_btf();
  st = bpf_task_storage_get(&task_states, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (!st) {
    struct ior_wire_counters *c = cpu_counters();
    if (c) c->state_unavailable++;
    return 0;
  }
  if (!st->named) {
    /* The task's first traced call: tell the consumer its name while the task surely exists,
     * so that even a process gone before its events are decoded is named. */
    st->named = 1;
    emit_task(cfg, IOR_WIRE_TASK, 0, pid_tgid, 0);
    if (cfg->filter_flags & IOR_WIRE_TRACK_FILES) emit_cwd(cfg);
  }
  st->counted = (sc->flags & IOR_WIRE_SC_ENABLED) != 0;
  st->emit = st->counted && sampled_in(sc);
  st->degraded = 0;
  if (st->emit && (cfg->filter_flags & IOR_WIRE_DEGRADE)) {
    st->degraded = degrade(cfg, slot);
    st->emit = !st->degraded;
  }
  st->track = !st->emit && (sc->flags & IOR_WIRE_SC_TRACK);
  /* A call that is only counted needs no arguments: exit reads them only for a record. */
  if (st->emit || st->track) {
    st->args[0] = regs->di;
    st->args[1] = regs->si;
    st->args[2] = regs->dx;
    st->args[3] = regs->r10;
    st->args[4] = regs->r8;
    st->args[5] = regs->r9;
    capture_at_enter(st, sc);
  }
  now = bpf_ktime_get_boot_ns();
  if (sc->flags & IOR_WIRE_SC_NORETURN) {
    st->active = 0;
    if (!st->counted) return 0;
    aggregate(slot, 0, 0, true, st->emit, st->degraded);
    if (!st->emit) return 0;
    st->nr = (__u32)id;
    st->enter_ns = now;
    emit(cfg, st, now, 0, IOR_WIRE_F_NORETURN);
    return 0;
  }
  st->nr = (__u32)id;
  st->enter_ns = now;
  st->active = 1;
  return 0;
}

SEC(IOR_LOAD_SECTION "sys_exit")
int BPF_PROG(ior_sys_exit, struct pt_regs *regs, long ret) {
  /* Filter first: for the other processes of the host this is the whole cost. */
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  const struct ior_wire_config *cfg = config_if_target(pid_tgid);
  const struct ior_wire_syscall_config *sc;
  struct task_state *st;
  __u64 now;
  __u32 slot;

  if (!cfg) return 0;
  st = bpf_task_storage_get(&task_states, bpf_get_current_task_btf(), 0, 0);
  if (!st || !st->active) {
    /* The call's enter was not seen: it began before attach or before its syscall was
     * selected. A loss worth counting only if the syscall is selected now. */
    long id = regs->orig_ax;

    if (id < 0) return 0;
    slot = syscall_slot(id);
    sc = bpf_map_lookup_elem(&syscall_configs, &slot);
    if (sc && (sc->flags & IOR_WIRE_SC_ENABLED) && !(sc->flags & IOR_WIRE_SC_NORETURN)) {
      struct ior_wire_counters *c = cpu_counters();
      if (c) c->exit_without_enter++;
    }
    return 0;
  }
  now = bpf_ktime_get_boot_ns();
  st->active = 0;
  slot = syscall_slot(st->nr);
  if (st->counted) aggregate(slot, now - st->enter_ns, ret, false, st->emit, st->degraded);
  if (!st->emit && !st->track) return 0;
  sc = bpf_map_lookup_elem(&syscall_configs, &slot);
  if (!sc) return 0;
  /* A socket's endpoints go before the call's record, so that its row names them. */
  if ((sc->flags & IOR_WIRE_SC_SOCK) && (ret >= 0 || ret == -IOR_EINPROGRESS)) {
    if (sc->fd_flags & IOR_WIRE_FD_RET)
      emit_sock(cfg, ret);
    else if (sc->fd_arg && sc->fd_arg <= IOR_WIRE_ARGS)
      emit_sock(cfg, (int)st->args[(sc->fd_arg - 1) & 7]);
  }
  /* A failed call changes nothing the tracker keeps: no control record for it. */
  if (!st->emit && ret < 0) return 0;
  capture_at_exit(st, sc, ret);
  emit(cfg, st, now, ret, st->emit ? 0 : IOR_WIRE_F_CONTROL);
  /* The new directory follows the call's record: the call's own relative path is relative to
   * the old one, the task's later calls to the new one. */
  if ((sc->flags & IOR_WIRE_SC_CWD) && ret == 0) emit_cwd(cfg);
  return 0;
}

/* Control record: a traced task executed a new image; the decoder updates its comm before the
 * new image's first syscall is decoded. */
SEC(IOR_LOAD_SECTION "sched_process_exec")
int BPF_PROG(ior_process_exec, struct task_struct *p, int old_pid, void *bprm) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  const struct ior_wire_config *cfg = config_if_target(pid_tgid);

  if (cfg) emit_task(cfg, IOR_WIRE_EXEC, 0, pid_tgid, 0);
  return 0;
}

/* Control record: a traced task was renamed (prctl(PR_SET_NAME), a write to
 * /proc/<pid>/comm). Fires before the kernel copies the name, so it is taken from `comm`. */
SEC(IOR_LOAD_SECTION "task_rename")
int BPF_PROG(ior_task_rename, struct task_struct *task, const char *comm) {
  __u32 zero = 0;
  const struct ior_wire_config *cfg = bpf_map_lookup_elem(&config, &zero);
  __u64 pid_tgid = ((__u64)(__u32)task->tgid << 32) | (__u32)task->pid;

  if (!cfg || !is_target(cfg, pid_tgid)) return 0;
  emit_task(cfg, IOR_WIRE_RENAME, 0, pid_tgid, comm);
  return 0;
}

/* Control record: a traced task created a task (fork, clone, a thread). With
 * IOR_WIRE_FOLLOW a new process is marked a target before it can make its first call (a new
 * thread's process is one already). */
SEC(IOR_LOAD_SECTION "task_newtask")
int BPF_PROG(ior_task_newtask, struct task_struct *task, __u64 clone_flags) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  const struct ior_wire_config *cfg = config_if_target(pid_tgid);
  struct ior_wire_fork *rec;
  __u32 child_tgid;

  if (!cfg) return 0;
  child_tgid = task->tgid;
  if ((cfg->filter_flags & IOR_WIRE_FOLLOW) && child_tgid != pid_tgid >> 32) {
    __u64 *word = followed_word(child_tgid);
    if (word) __sync_fetch_and_or(word, 1ULL << (child_tgid % 64));
  }
  rec = reserve_control(sizeof(*rec));
  if (!rec) return 0;
  rec->hdr.type = IOR_WIRE_FORK;
  rec->hdr.size = sizeof(*rec);
  rec->hdr.flags = 0;
  rec->ts_ns = bpf_ktime_get_boot_ns();
  rec->pid = pid_tgid >> 32;
  rec->tid = (__u32)pid_tgid;
  rec->child_pid = child_tgid;
  rec->child_tid = task->pid;
  rec->clone_flags = clone_flags;
  submit(rec, cfg, sizeof(*rec));
  return 0;
}

/* Control record: a traced task exits. The last thread of a process frees its tables in the
 * consumer and its followed mark, so that a process that takes its tgid later is not traced. */
SEC(IOR_LOAD_SECTION "sched_process_exit")
int BPF_PROG(ior_process_exit, struct task_struct *p) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  const struct ior_wire_config *cfg = config_if_target(pid_tgid);
  __u32 tgid = pid_tgid >> 32;
  bool group_dead;

  if (!cfg) return 0;
  group_dead = BPF_CORE_READ(p, signal, live.counter) == 0;
  emit_task(cfg, IOR_WIRE_EXIT, group_dead ? IOR_WIRE_F_GROUP_DEAD : 0, pid_tgid, 0);
  if (group_dead && (cfg->filter_flags & IOR_WIRE_FOLLOW)) {
    __u64 *word = followed_word(tgid);
    if (word) __sync_fetch_and_and(word, ~(1ULL << (tgid % 64)));
  }
  return 0;
}
