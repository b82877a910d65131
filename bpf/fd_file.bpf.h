/* The file behind a descriptor of the current task, and its identity (inode, device).
 *
 * Included by syscalls.bpf.c after libbpf's headers.
 */
#ifndef IOR_BPF_FD_FILE_BPF_H_
#define IOR_BPF_FD_FILE_BPF_H_

#include "kernel_types.bpf.h"
#include "load_contract.h"

/* bpf_rdonly_cast(obj, btf_id) (kernel 6.2+): turns a kernel address into a read-only BTF
 * pointer, so the fields behind it are read with plain loads instead of one probe-read helper
 * call each. Called with a kfunc call instruction of our own rather than an extern __ksym: for
 * an extern, libbpf reads the kernel's whole BTF to find the kfunc's id; the library finds it
 * in its own read and writes it over the marker at load (bpf/load_contract.h). The arguments
 * and the result are in the registers of the BPF calling convention, r1-r5 clobbered. */
static __always_inline void *ior_rdonly_cast(const void *obj, __u32 btf_id) {
  void *out;
  asm volatile(
      "r1 = %[obj]\n\t"
      "r2 = %[id]\n\t"
      ".8byte %[call]\n\t" /* call kfunc: code JMP|CALL, src_reg BPF_PSEUDO_KFUNC_CALL */
      "%[out] = r0"
      : [out] "=r"(out)
      : [obj] "r"(obj), [id] "r"(btf_id),
        [call] "i"(((__u64)IOR_LOAD_KFUNC_RDONLY_CAST << 32) | (BPF_PSEUDO_KFUNC_CALL << 12) |
                   (BPF_JMP | BPF_CALL))
      : "r0", "r1", "r2", "r3", "r4", "r5", "memory");
  return out;
}

/* The kernel's BTF ids of struct file and struct task_struct, written by the library before
 * load (bpf_rdonly_cast needs the kernel's ids; libbpf relocates against a subset of the
 * kernel's BTF, lib/core_btf.h, whose ids are not the kernel's). Read-only globals: the
 * verifier reads them as the constants the cast requires. */
const volatile __u32 ior_file_btf_id = 0;
const volatile __u32 ior_task_btf_id = 0;

/* The file behind descriptor `fd` of the current task, as a read-only BTF pointer; NULL if
 * none. The table walk uses the BTF of the running kernel (CO-RE); only the array slot needs a
 * probe read: this runs on every descriptor call. */
static __always_inline struct file *fd_file(long fd) {
  /* The current task as a read-only pointer, not bpf_get_current_task_btf()'s trusted one:
   * each load of a pointer through a trusted pointer costs the verifier searches of the
   * kernel's BTF by name (~0.7 ms each; this walk is checked in two programs). The cast is a
   * plain move once verified. */
  struct task_struct *task = ior_rdonly_cast((void *)bpf_get_current_task(), ior_task_btf_id);
  struct fdtable *fdt;
  struct file **slots;
  struct file *slot = 0;

  if (fd < 0) return 0;
  fdt = task->files->fdt;
  if (!fdt || fd >= fdt->max_fds) return 0;
  slots = fdt->fd;
  if (bpf_probe_read_kernel(&slot, sizeof(slot), slots + fd) != 0 || !slot) return 0;
  return ior_rdonly_cast(slot, ior_file_btf_id);
}

/* The inode number of the file behind descriptor `fd` of the current task, its device in
 * *dev; zeros if none.
 *
 * A global function (neither static nor inlined) on purpose: the verifier checks it once, on
 * its own, instead of at every call site on every path through the caller. Each load through a
 * BTF pointer costs the verifier a search of the kernel's BTF (about 0.7 ms here), so this walk
 * checked inline at each of its call sites made most of a session's start-up time. */
__noinline __u64 fd_identity(long fd, __u32 *dev) {
  struct file *file = fd_file(fd);
  struct inode *inode;

  if (!dev) return 0; /* never: the verifier cannot know that a global's pointer is set */
  *dev = 0;
  if (!file) return 0;
  inode = file->f_inode;
  if (!inode) return 0;
  *dev = inode->i_sb->s_dev;
  return inode->i_ino;
}

#endif /* IOR_BPF_FD_FILE_BPF_H_ */
