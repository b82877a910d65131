/* The working directory of the current task, in the kernel's words: IOR_WIRE_CWD records.
 *
 * User space joins relative paths with the directory that was current at the call. Asking
 * /proc/<pid>/cwd afterwards fails for a process that lived a millisecond, so the kernel side
 * reports the directory itself: when a task is first seen and after each successful chdir or
 * fchdir. The dentries are walked up to the root (crossing mount points to the parent mount),
 * each component read once; deeper or longer paths are marked partial and left to user space.
 *
 * Included by syscalls.bpf.c after its maps and helpers (events, count_lost, wakeup_flag).
 */
#ifndef IOR_BPF_CWD_BPF_H_
#define IOR_BPF_CWD_BPF_H_

#include "ior_wire.h"
#include "kernel_types.bpf.h"

/* Components are read at an offset masked to the first half of the buffer, which is what the
 * verifier can prove in bounds; a walk that needs more is partial. */
#define CWD_HALF IOR_WIRE_CWD_MAX
struct cwd_record {
  struct ior_wire_cwd rec;
  char path[2 * CWD_HALF];
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct cwd_record);
} cwd_records SEC(".maps");

/* The state of one walk, on the caller's stack: bpf_loop() hands it to each step. The walk
 * reads the kernel's structures with CO-RE probe reads, not through BTF pointers: it runs when
 * a task is first seen and after a chdir, and each load through a BTF pointer costs the
 * verifier a search of the kernel's BTF at every load of the programs (see fd_identity()). */
struct cwd_walk {
  __u64 dentry;
  __u64 mount;
  __u32 off;  /* bytes of components written so far */
  __u32 done; /* reached the root of the mount namespace */
};

/* One step up: a component, or a mount crossing. Returns 1 to stop. The verifier checks a
 * bpf_loop() callback once, where an open-coded loop of this depth is too large to verify. */
static long cwd_step(__u64 index, void *ctx) {
  struct cwd_walk *w = ctx;
  __u32 zero = 0;
  struct cwd_record *r = bpf_map_lookup_elem(&cwd_records, &zero);
  struct dentry *d = (struct dentry *)w->dentry;
  struct mount *m = (struct mount *)w->mount;
  struct dentry *parent;
  long n;

  if (!r || !d || !m) return 1;
  parent = BPF_CORE_READ(d, d_parent);
  if (d == BPF_CORE_READ(m, mnt.mnt_root) || d == parent) {
    struct mount *up = BPF_CORE_READ(m, mnt_parent);

    if (up == m || !up) {
      w->done = 1;
      return 1;
    }
    w->dentry = (__u64)BPF_CORE_READ(m, mnt_mountpoint);
    w->mount = (__u64)up;
    return 0;
  }
  if (w->off >= CWD_HALF) return 1;
  n = bpf_probe_read_kernel_str(r->path + (w->off & (CWD_HALF - 1)), CWD_HALF,
                                BPF_CORE_READ(d, d_name.name));
  if (n <= 0) return 1;
  w->off += n;
  w->dentry = (__u64)parent;
  return 0;
}

/* Sends the current task's working directory. Global, like fd_identity(), so that the verifier
 * checks it once. */
__noinline int emit_cwd(const struct ior_wire_config *cfg) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  struct task_struct *task = (struct task_struct *)bpf_get_current_task();
  __u32 zero = 0;
  struct cwd_record *r = bpf_map_lookup_elem(&cwd_records, &zero);
  struct cwd_walk w = {};
  struct fs_struct *fs;
  struct inode *inode;
  struct dentry *d;
  __u64 mnt_off = bpf_core_field_offset(struct mount, mnt);
  __u32 off;
  __u32 size;

  if (!cfg || !r) return 0;
  fs = BPF_CORE_READ(task, fs);
  if (!fs) return 0; /* an exiting task */
  d = BPF_CORE_READ(fs, pwd.dentry);
  if (!d) return 0;
  inode = BPF_CORE_READ(d, d_inode);
  r->rec.ino = inode ? BPF_CORE_READ(inode, i_ino) : 0;
  r->rec.dev = inode ? BPF_CORE_READ(inode, i_sb, s_dev) : 0;
  w.dentry = (__u64)d;
  w.mount = (__u64)BPF_CORE_READ(fs, pwd.mnt) - mnt_off;
  bpf_loop(IOR_WIRE_CWD_DEPTH, cwd_step, &w, 0);
  off = w.done ? w.off : 0;
  off &= (2 * CWD_HALF - 1);
  r->rec.hdr.type = IOR_WIRE_CWD;
  r->rec.hdr.flags = w.done ? 0 : IOR_WIRE_F_CWD_PARTIAL;
  r->rec.ts_ns = bpf_ktime_get_boot_ns();
  r->rec.pid = pid_tgid >> 32;
  r->rec.tid = (__u32)pid_tgid;
  r->rec.len = off;
  r->rec.reserved = 0;
  size = (sizeof(r->rec) + off + 7) & ~7u;
  if (size > sizeof(*r)) return 0;
  r->rec.hdr.size = size;
  if (bpf_ringbuf_output(&events, r, size, wakeup_flag(cfg, size)) != 0) count_lost(true);
  return 0;
}

#endif /* IOR_BPF_CWD_BPF_H_ */
