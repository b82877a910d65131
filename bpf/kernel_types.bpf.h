/* The few kernel types the programs touch, declared by hand for CO-RE.
 *
 * The build must not depend on the build host's kernel (no vmlinux.h dumped from
 * /sys/kernel/btf/vmlinux), so instead of a full vmlinux.h we declare only the fields we read and
 * mark the structs preserve_access_index: libbpf relocates every field offset against the BTF of
 * the kernel the object is loaded on. Map types, helper flags and __u* types come from the uapi
 * headers of Debian's linux-libc-dev, which are stable ABI.
 */
#ifndef IOR_BPF_KERNEL_TYPES_BPF_H_
#define IOR_BPF_KERNEL_TYPES_BPF_H_

// linux/types.h first, as the UAPI headers after it expect.
// clang-format off
#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
// clang-format on

#if defined(__TARGET_ARCH_x86)
/* x86_64 user registers as saved at syscall entry. Arguments are di, si, dx, r10, r8, r9;
 * orig_ax holds the syscall number. */
struct pt_regs {
  unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
  unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} __attribute__((preserve_access_index));
#else
#error "libior's kernel side supports x86_64 only for now"
#endif

struct super_block {
  unsigned int s_dev;
} __attribute__((preserve_access_index));

struct inode {
  unsigned short i_mode;
  unsigned long i_ino;
  struct super_block *i_sb;
} __attribute__((preserve_access_index));

struct file {
  struct inode *f_inode;
  void *private_data; /* a socket's file: its struct socket */
} __attribute__((preserve_access_index));

/* Sockets (include/net/sock.h, include/linux/net.h). The kernel nests the address and port
 * fields in anonymous unions; CO-RE finds them by name through those. */
struct ior_in6_addr {
  __u8 s6_addr[16];
};

struct sock_common {
  __u32 skc_daddr;     /* network byte order */
  __u32 skc_rcv_saddr; /* network byte order */
  __u16 skc_dport;     /* network byte order */
  __u16 skc_num;       /* host byte order */
  unsigned short skc_family;
  struct ior_in6_addr skc_v6_daddr; /* only with CONFIG_IPV6 */
  struct ior_in6_addr skc_v6_rcv_saddr;
} __attribute__((preserve_access_index));

struct sock {
  struct sock_common __sk_common;
} __attribute__((preserve_access_index));

struct socket {
  short type;
  struct sock *sk;
} __attribute__((preserve_access_index));

struct ior_sockaddr_un {
  unsigned short sun_family;
  char sun_path[108];
};

struct unix_address {
  int len; /* of name: sun_family and the used bytes of sun_path */
  struct ior_sockaddr_un name[0];
} __attribute__((preserve_access_index));

struct unix_sock {
  struct sock sk;
  struct unix_address *addr; /* bound (or, for an accepted socket, its listener's) name */
  struct sock *peer;
} __attribute__((preserve_access_index));

struct qstr {
  const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
  struct dentry *d_parent;
  struct qstr d_name;
  struct inode *d_inode;
} __attribute__((preserve_access_index));

struct vfsmount {
  struct dentry *mnt_root;
} __attribute__((preserve_access_index));

/* The mount a vfsmount is embedded in (fs/mount.h), for crossing to the parent mount. */
struct mount {
  struct mount *mnt_parent;
  struct dentry *mnt_mountpoint;
  struct vfsmount mnt;
} __attribute__((preserve_access_index));

struct path {
  struct vfsmount *mnt;
  struct dentry *dentry;
} __attribute__((preserve_access_index));

struct fs_struct {
  struct path pwd;
} __attribute__((preserve_access_index));

struct fdtable {
  unsigned int max_fds;
  struct file **fd;
} __attribute__((preserve_access_index));

struct files_struct {
  struct fdtable *fdt;
} __attribute__((preserve_access_index));

typedef struct {
  int counter;
} atomic_t;

struct signal_struct {
  atomic_t live; /* threads of the group not yet exiting */
} __attribute__((preserve_access_index));

struct task_struct {
  int pid;  /* thread id */
  int tgid; /* process id */
  struct files_struct *files;
  struct fs_struct *fs;
  struct signal_struct *signal;
} __attribute__((preserve_access_index));

#endif /* IOR_BPF_KERNEL_TYPES_BPF_H_ */
