/* The file behind a descriptor of the current task, and its identity (inode, device).
 *
 * Included by syscalls.bpf.c after libbpf's headers.
 */
#ifndef IOR_BPF_FD_FILE_BPF_H_
#define IOR_BPF_FD_FILE_BPF_H_

#include "kernel_types.bpf.h"

/* Turns a kernel address into a read-only BTF pointer (kernel 6.2+), so the fields behind it
 * are read with plain loads instead of one probe-read helper call each. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* The file behind descriptor `fd` of the current task, as a read-only BTF pointer; NULL if
 * none. The table walk uses the BTF of the running kernel (CO-RE); only the array slot needs a
 * probe read: this runs on every descriptor call. */
static __always_inline struct file *fd_file(long fd) {
  struct task_struct *task = bpf_get_current_task_btf();
  struct fdtable *fdt;
  struct file **slots;
  struct file *slot = 0;

  if (fd < 0) return 0;
  fdt = task->files->fdt;
  if (!fdt || fd >= fdt->max_fds) return 0;
  slots = fdt->fd;
  if (bpf_probe_read_kernel(&slot, sizeof(slot), slots + fd) != 0 || !slot) return 0;
  return bpf_rdonly_cast(slot, bpf_core_type_id_kernel(struct file));
}

/* Device and inode of the file behind descriptor `fd` of the current task, or zeros. */
static __always_inline void fd_identity(long fd, __u64 *ino, __u32 *dev) {
  struct file *file = fd_file(fd);
  struct inode *inode;

  *ino = 0;
  *dev = 0;
  if (!file) return;
  inode = file->f_inode;
  if (!inode) return;
  *ino = inode->i_ino;
  *dev = inode->i_sb->s_dev;
}

#endif /* IOR_BPF_FD_FILE_BPF_H_ */
