/* The wire contract between the kernel programs in bpf/ and the decoder in lib/.
 *
 * Plain C with fixed-width fields only, so that clang -target bpf and the host C++ compiler lay
 * the structs out identically. Every ring-buffer record starts with struct ior_wire_hdr; the
 * decoder dispatches on hdr.type and checks hdr.size. Bump IOR_WIRE_VERSION whenever a layout
 * changes: the session refuses to start when the object and the library disagree.
 *
 * Never installed: the public event type is ior::Event (include/ior/event.h), decoded from this.
 */
#ifndef IOR_BPF_IOR_WIRE_H_
#define IOR_BPF_IOR_WIRE_H_

#ifdef __bpf__
/* The BPF side gets the __u* types from kernel_types.bpf.h. */
#else
#include <linux/types.h>
#endif

#define IOR_WIRE_VERSION 7

/* Syscall numbers below this bound have a slot in the per-syscall config and aggregate arrays.
 * x86_64 numbers end near 470; numbers at or above the bound are traced header-only and
 * aggregated in the last slot. */
#define IOR_WIRE_MAX_SYSCALLS 512
#define IOR_WIRE_OVERFLOW_SLOT (IOR_WIRE_MAX_SYSCALLS - 1)
#define IOR_WIRE_ARGS 6
#define IOR_WIRE_COMM_LEN 16
/* User strings (paths, old/new names) are read up to this many bytes, NUL included: PATH_MAX,
 * the most a path argument can be (the kernel refuses longer ones with ENAMETOOLONG). A record
 * carries only the bytes a string has; the bound sizes the per-task and per-CPU buffers. */
#define IOR_WIRE_STR_MAX 4096
#define IOR_WIRE_STRS 2
/* User memory copied by plan (a timespec, pipe's two fds, an epoll_event's mask). */
#define IOR_WIRE_MEM_MAX 16
/* Log-linear latency buckets (include/ior/latency_histogram.h has the same mapping): each power
 * of two of ns is split into 2^IOR_WIRE_HIST_SUB_BITS equal sub-buckets, latencies below
 * 2^IOR_WIRE_HIST_SUB_BITS ns have a bucket each, and latencies from
 * 2^(IOR_WIRE_HIST_TOP_LOG2 + 1) ns on share the last bucket. */
#define IOR_WIRE_HIST_SUB_BITS 3
#define IOR_WIRE_HIST_TOP_LOG2 38
#define IOR_WIRE_HIST_BUCKETS \
  ((IOR_WIRE_HIST_TOP_LOG2 - IOR_WIRE_HIST_SUB_BITS + 2) << IOR_WIRE_HIST_SUB_BITS)

enum ior_wire_type {
  IOR_WIRE_SYSCALL = 1, /* struct ior_wire_syscall: one completed (or never-returning) call */
  IOR_WIRE_EXEC = 2,    /* struct ior_wire_task: a task executed a new image */
  IOR_WIRE_TASK = 3,    /* struct ior_wire_task: a task's first traced call follows */
  IOR_WIRE_RENAME = 4,  /* struct ior_wire_task: a task changed its comm */
  IOR_WIRE_FORK = 5,    /* struct ior_wire_fork: a traced task created a task */
  IOR_WIRE_EXIT = 6, /* struct ior_wire_task: a traced task exited (flags: IOR_WIRE_F_GROUP_DEAD) */
  IOR_WIRE_CWD = 7,  /* struct ior_wire_cwd: a task's working directory, in the kernel's words */
  IOR_WIRE_SOCK = 8, /* struct ior_wire_sock: the endpoints of a socket */
};

struct ior_wire_hdr {
  __u16 type;  /* enum ior_wire_type */
  __u16 size;  /* sizeof the whole record */
  __u32 flags; /* IOR_WIRE_F_* */
};

/* hdr.flags of IOR_WIRE_SYSCALL records. */
#define IOR_WIRE_F_NORETURN 0x1u      /* emitted at enter: exit, exit_group, rt_sigreturn */
#define IOR_WIRE_F_FIRST_ON_TID 0x2u  /* first emitted call of this thread: gap_ns is 0 */
#define IOR_WIRE_F_MEM 0x4u           /* mem[] holds the planned user memory */
#define IOR_WIRE_F_STR0_FAULT 0x8u    /* string 0 could not be read, even at exit */
#define IOR_WIRE_F_STR1_FAULT 0x10u   /* string 1 could not be read, even at exit */
#define IOR_WIRE_F_STR0_RETRIED 0x20u /* string 0 faulted at enter and was read at exit */
#define IOR_WIRE_F_STR1_RETRIED 0x40u
/* A control record: a call the file tracker needs (an open, rename, chdir, ...) that is not a
 * row, because its syscall is not selected or sampling left it out. Never counted as delivered;
 * lost ones count in ior_wire_counters.control_dropped. */
#define IOR_WIRE_F_CONTROL 0x80u

/* One completed call. Strings follow the fixed part: str_len[0] bytes of string 0, then
 * str_len[1] bytes of string 1, each NUL-terminated (a length of 0 means absent). hdr.size is
 * the fixed part plus both, rounded up to 8. */
struct ior_wire_syscall {
  struct ior_wire_hdr hdr;
  __u64 enter_ns;   /* CLOCK_BOOTTIME at sys_enter */
  __u64 latency_ns; /* sys_exit - sys_enter; 0 for IOR_WIRE_F_NORETURN */
  __u64 gap_ns;     /* sys_enter - sys_exit of this thread's previous emitted call */
  __u32 pid;        /* thread group id */
  __u32 tid;
  __u32 nr; /* syscall number */
  __u16 str_len[IOR_WIRE_STRS];
  __s64 ret; /* return value; 0 for IOR_WIRE_F_NORETURN */
  __u64 args[IOR_WIRE_ARGS];
  __u8 mem[IOR_WIRE_MEM_MAX];
  /* Identity of the files behind descriptors (0 = none or unreadable):
   * [0] the fd argument's file (or the directory descriptor's, see dirfd_arg), read at enter
   *     (for pipe/socketpair: the first new fd, at exit);
   * [1] the returned descriptor's file, read at exit (pipe/socketpair: the second new fd). */
  __u64 ino[2];
  __u32 dev[2];
};

struct ior_wire_task {
  struct ior_wire_hdr hdr;
  __u64 ts_ns;
  __u32 pid;
  __u32 tid;
  char comm[IOR_WIRE_COMM_LEN];
  /* The task's cgroup (v2 id) when it was first seen or executed; 0 in RENAME and EXIT
   * records (unchanged). */
  __u64 cgroup_id;
};

/* hdr.flags of IOR_WIRE_EXIT records. */
#define IOR_WIRE_F_GROUP_DEAD 0x1u /* the last thread of the process exited */

/* The working directory of a task: sent when a task is first seen and after a successful chdir
 * or fchdir (after that call's record), while file tracking is on. The kernel walks the
 * directory's dentries up to the root, crossing mounts: `len` bytes follow, the path's
 * components from the directory up (leaf first), each NUL-terminated; none for "/". hdr.size
 * is the fixed part plus len, rounded up to 8. */
struct ior_wire_cwd {
  struct ior_wire_hdr hdr;
  __u64 ts_ns;
  __u32 pid;
  __u32 tid;
  __u64 ino; /* identity of the directory */
  __u32 dev;
  __u16 len;
  __u16 reserved;
};

/* hdr.flags of IOR_WIRE_CWD records. */
#define IOR_WIRE_F_CWD_PARTIAL 0x1u /* deeper or longer than the walk's bounds: path unknown */

/* Bounds of the kernel's directory walk: components, and bytes of the joined components. */
#define IOR_WIRE_CWD_DEPTH 128
#define IOR_WIRE_CWD_MAX 4096

/* Bytes of a unix socket's path (sockaddr_un.sun_path). */
#define IOR_WIRE_UNIX_PATH 108

/* The endpoints of an inet, inet6 or unix socket, read from the kernel's socket after a
 * successful connect, bind, listen or accept (connect also when it returns EINPROGRESS: the
 * addresses are set by then), while file tracking is on. Sent before that call's record, so the
 * call's own row already names the endpoints. Addresses and ports are as the kernel keeps them
 * for the socket: local first, then the peer; an unset side is all zeros. */
struct ior_wire_sock {
  struct ior_wire_hdr hdr;
  __u64 ts_ns;
  __u32 pid;
  __u32 tid;
  __u64 ino; /* identity of the socket (sockfs inode and device) */
  __u32 dev;
  __u16 family;     /* AF_INET, AF_INET6 or AF_UNIX */
  __u16 type;       /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, ... */
  __u16 local_port; /* inet: host byte order */
  __u16 peer_port;
  /* unix: bytes of local_path / peer_path (an abstract name starts with a NUL byte) */
  __u16 local_len;
  __u16 peer_len;
  __u8 local_addr[16]; /* inet: 4 bytes, inet6: 16, network byte order */
  __u8 peer_addr[16];
  char local_path[IOR_WIRE_UNIX_PATH];
  char peer_path[IOR_WIRE_UNIX_PATH];
};

struct ior_wire_fork {
  struct ior_wire_hdr hdr;
  __u64 ts_ns;
  __u32 pid; /* the creating task */
  __u32 tid;
  __u32 child_pid;
  __u32 child_tid;
  __u64 clone_flags;
};

/* Per-syscall configuration, array map indexed by syscall number. Userspace may rewrite entries
 * while the programs run: a change takes effect with the next sys_enter. */
#define IOR_WIRE_SC_ENABLED 0x1u     /* trace (aggregate, and emit as sampled) this syscall */
#define IOR_WIRE_SC_NORETURN 0x2u    /* never returns to user space: emit at enter */
#define IOR_WIRE_SC_MEM_AT_EXIT 0x4u /* copy the planned user memory after the call */
/* The file tracker needs the call even when it is not ENABLED (or sampled out): capture it and,
 * if it succeeds, send it as a control record (IOR_WIRE_F_CONTROL). */
#define IOR_WIRE_SC_TRACK 0x8u
/* A successful call changes the working directory: send an IOR_WIRE_CWD record. */
#define IOR_WIRE_SC_CWD 0x10u
/* A successful call sets a socket's endpoints: send an IOR_WIRE_SOCK record for the socket of
 * the returned descriptor (IOR_WIRE_FD_RET) or of the fd argument. */
#define IOR_WIRE_SC_SOCK 0x20u

struct ior_wire_syscall_config {
  __u32 flags;
  /* 0: counted in the aggregates only, no record; 1: every call; N: one call in N, at random. */
  __u32 sample_rate;
  __u8 str_args[IOR_WIRE_STRS]; /* 1-based arguments holding user strings, 0 = none */
  __u8 mem_arg;                 /* 1-based argument pointing at user memory to copy, 0 = none */
  __u8 mem_len;                 /* bytes to copy, at most IOR_WIRE_MEM_MAX */
  __u8 fd_arg;                  /* 1-based argument holding a descriptor, 0 = none */
  __u8 fd_flags;                /* IOR_WIRE_FD_* */
  /* 1-based directory-descriptor argument of an *at() call without fd_arg: its identity goes
   * where the fd argument's would (ino[0]), so relative paths join even when the directory
   * descriptor came from calls the tracker never saw. 0 = none. */
  __u8 dirfd_arg;
  __u8 reserved;
};

#define IOR_WIRE_FD_RET 0x1u  /* a non-negative return is a new descriptor */
#define IOR_WIRE_FD_PAIR 0x2u /* the copied memory holds two new descriptors (pipe, socketpair) */

/* Session-wide settings, the single entry of an array map.
 *
 * Target sets of up to IOR_WIRE_INLINE_TARGETS ids are compared inline: the check runs for
 * every syscall of every process on the host, and a few compares cost less than a hash
 * lookup. Larger sets live in the target_tgids / target_tids hash maps. */
#define IOR_WIRE_INLINE_TARGETS 4
#define IOR_WIRE_FILTER_TGID 0x1u     /* only tasks whose tgid is a target */
#define IOR_WIRE_FILTER_TID 0x2u      /* only tasks whose tid is a target */
#define IOR_WIRE_FILTER_TGID_MAP 0x4u /* tgid targets are in target_tgids, not inline */
#define IOR_WIRE_FILTER_TID_MAP 0x8u  /* tid targets are in target_tids, not inline */
#define IOR_WIRE_FOLLOW 0x10u         /* children of target processes become targets */
#define IOR_WIRE_FILTER_CGROUP 0x20u  /* only tasks in cgroup (v2) `cgroup_id` */
#define IOR_WIRE_TRACK_FILES 0x40u    /* file tracking: IOR_WIRE_CWD at a task's first sight */
/* Degrade instead of drop: while the ring fills faster than the consumer drains it, each
 * (CPU, syscall) emits only 1 call in 2^level. The level goes up one step when a call finds the
 * ring at least degrade_high_bytes full (at most once per IOR_WIRE_DEGRADE_RAISE_NS), and down
 * one step when a call finds it at most degrade_low_bytes full (at most once per
 * IOR_WIRE_DEGRADE_LOWER_NS): it does not jump to the cap at once, and the gap between the two
 * fills keeps it from flapping. Coming down nearly as fast as it went up matters: a consumer
 * that stalls in bursts keeps the ring half full for a while, and a slow way down (100 ms a
 * step was tried) left the rate far thinner than the consumer could take (bench/README.md).
 * A degraded call is counted in the aggregates, and in both sampled_out and degraded. */
#define IOR_WIRE_DEGRADE 0x80u

/* The thinnest rate: 1 row in 2^IOR_WIRE_DEGRADE_MAX_LEVEL. */
#define IOR_WIRE_DEGRADE_MAX_LEVEL 16
#define IOR_WIRE_DEGRADE_RAISE_NS 1000000ULL /* 1 ms */
#define IOR_WIRE_DEGRADE_LOWER_NS 2000000ULL /* 2 ms */

struct ior_wire_config {
  __u32 self_tgid;    /* the tracing process: never traced */
  __u32 filter_flags; /* IOR_WIRE_FILTER_* */
  __u64 wakeup_bytes; /* wake the consumer when this much data waits in the ring */
  __u32 tgids[IOR_WIRE_INLINE_TARGETS]; /* inline targets; unused slots 0 (never a caller) */
  __u32 tids[IOR_WIRE_INLINE_TARGETS];
  __u64 cgroup_id;
  __u64 degrade_high_bytes; /* IOR_WIRE_DEGRADE: raise the level from this fill on */
  __u64 degrade_low_bytes;  /* and lower it up to this fill */
};

/* Per-syscall aggregate (per-CPU array indexed like the config): updated for every completed
 * call that passed the filters, whether or not its record reached the ring. 2440 bytes, so the
 * map takes IOR_WIRE_MAX_SYSCALLS x 2440 = 1.2 MiB per possible CPU (the histogram is 95% of
 * it; an increment touches one cache line whatever its size). */
struct ior_wire_aggregate {
  __u64 count;
  __u64 errors;
  __u64 latency_sum_ns;
  __u64 latency_min_ns; /* 0 while count is 0 */
  __u64 latency_max_ns;
  __u64 sampled_out; /* calls counted but, by sampling, not emitted */
  /* IOR_WIRE_DEGRADE: calls not emitted because of the degraded rate (also in sampled_out),
   * counted on the CPU of their exit; and the state of this CPU's rate for the syscall. */
  __u64 degraded;
  __u64 degrade_changed_ns; /* bpf_ktime_get_ns() of the last level change */
  __u32 degrade_tick;       /* calls that reached the decision: 1 in 2^level is emitted */
  __u8 degrade_level;       /* 0: every call, else 1 in 2^level */
  __u8 degrade_level_max;   /* the highest level of a degraded call counted here */
  __u16 degrade_reserved;
  __u64 hist[IOR_WIRE_HIST_BUCKETS];
};

/* Per-CPU loss and health counters, the single entry of a per-CPU array. */
struct ior_wire_counters {
  __u64 ring_full;          /* record not reserved: the ring was full */
  __u64 exit_without_enter; /* sys_exit of a call whose enter was not seen (began before attach) */
  __u64 state_unavailable;  /* per-task state could not be allocated */
  __u64 control_dropped;    /* exec/task/rename record lost to a full ring */
  /* Degraded calls by level: [l - 1] counts calls left out while the rate was 1 in 2^l. The
   * sum equals the sum of ior_wire_aggregate.degraded; read often (each time window) because
   * it is small, and its per-level deltas give a window's thinnest rate exactly. */
  __u64 degraded[IOR_WIRE_DEGRADE_MAX_LEVEL];
};

#endif /* IOR_BPF_IOR_WIRE_H_ */
