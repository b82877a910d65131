/* The endpoints of a socket, in the kernel's words: IOR_WIRE_SOCK records.
 *
 * strace -yy names a socket by its endpoints ("TCP:[127.0.0.1:41234->127.0.0.1:5000]"), asking
 * the kernel over netlink when it prints. A traced process may be gone by the time its rows are
 * decoded, so the kernel side reads the endpoints itself, from the socket, right after the calls
 * that set them (connect, bind, listen, accept). These are rare calls: the cost stays off the
 * hot path.
 *
 * Included by syscalls.bpf.c after its maps and helpers (reserve_control, submit).
 */
#ifndef IOR_BPF_SOCKET_BPF_H_
#define IOR_BPF_SOCKET_BPF_H_

#include "fd_file.bpf.h"
#include "ior_wire.h"
#include "kernel_types.bpf.h"

/* uapi values, stable ABI (linux/stat.h, linux/socket.h, asm-generic/errno.h), spelled out
 * because those headers do not mix with the BPF target. */
#define IOR_S_IFMT 0170000
#define IOR_S_IFSOCK 0140000
#define IOR_AF_UNIX 1
#define IOR_AF_INET 2
#define IOR_AF_INET6 10
#define IOR_EINPROGRESS 115

/* Offset of sun_path in struct sockaddr_un (uapi). */
#define IOR_SUN_PATH_OFFSET 2

/* The socket's fields are read with CO-RE probe reads, not through BTF pointers: these are
 * rare calls, and each load through a BTF pointer costs the verifier a search of the kernel's
 * BTF at every load of the programs (see fd_identity()). */

/* Copies the bound name of unix socket `sk` into `dst` (IOR_WIRE_UNIX_PATH bytes); returns its
 * length, 0 when the socket has no name (an unbound client, a socketpair). */
static __always_inline __u16 unix_name(struct sock *sk, char *dst) {
  struct unix_address *addr;
  __u32 n;
  int len;

  if (!sk) return 0;
  addr = BPF_CORE_READ((struct unix_sock *)sk, addr);
  if (!addr) return 0;
  len = BPF_CORE_READ(addr, len) - IOR_SUN_PATH_OFFSET;
  if (len <= 0) return 0;
  n = (__u32)len & 127;
  if (n > IOR_WIRE_UNIX_PATH) n = IOR_WIRE_UNIX_PATH;
  if (bpf_probe_read_kernel(dst, n, (const char *)addr->name + IOR_SUN_PATH_OFFSET) != 0) return 0;
  return (__u16)n;
}

/* Sends the endpoints of the socket behind descriptor `fd` of the current task; nothing for
 * another kind of file or another family. Global, like fd_identity(), so that the verifier
 * checks it once. */
__noinline int emit_sock(const struct ior_wire_config *cfg, long fd) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  struct file *file = fd_file(fd);
  struct ior_wire_sock *rec;
  struct inode *inode;
  struct socket *sock;
  struct sock *sk;
  __u16 family;

  if (!cfg || !file) return 0;
  inode = BPF_CORE_READ(file, f_inode);
  if (!inode || (BPF_CORE_READ(inode, i_mode) & IOR_S_IFMT) != IOR_S_IFSOCK) return 0;
  sock = BPF_CORE_READ(file, private_data);
  if (!sock) return 0;
  sk = BPF_CORE_READ(sock, sk);
  if (!sk) return 0;
  family = BPF_CORE_READ(sk, __sk_common.skc_family);
  if (family != IOR_AF_INET && family != IOR_AF_INET6 && family != IOR_AF_UNIX) return 0;

  rec = reserve_control(sizeof(*rec));
  if (!rec) return 0;
  /* The ring's memory is reused: every byte the consumer may read is written. */
  __builtin_memset(&rec->local_port, 0,
                   sizeof(*rec) - __builtin_offsetof(struct ior_wire_sock, local_port));
  rec->hdr.type = IOR_WIRE_SOCK;
  rec->hdr.size = sizeof(*rec);
  rec->hdr.flags = 0;
  rec->ts_ns = bpf_ktime_get_boot_ns();
  rec->pid = pid_tgid >> 32;
  rec->tid = (__u32)pid_tgid;
  rec->ino = BPF_CORE_READ(inode, i_ino);
  rec->dev = BPF_CORE_READ(inode, i_sb, s_dev);
  rec->family = family;
  rec->type = (__u16)BPF_CORE_READ(sock, type);
  if (family == IOR_AF_INET || family == IOR_AF_INET6) {
    rec->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
    rec->peer_port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
  }
  if (family == IOR_AF_INET) {
    __u32 local = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
    __u32 peer = BPF_CORE_READ(sk, __sk_common.skc_daddr);

    __builtin_memcpy(rec->local_addr, &local, sizeof(local));
    __builtin_memcpy(rec->peer_addr, &peer, sizeof(peer));
  } else if (family == IOR_AF_INET6) {
    if (bpf_core_field_exists(sk->__sk_common.skc_v6_daddr)) {
      BPF_CORE_READ_INTO(&rec->local_addr, sk, __sk_common.skc_v6_rcv_saddr);
      BPF_CORE_READ_INTO(&rec->peer_addr, sk, __sk_common.skc_v6_daddr);
    }
  } else if (bpf_core_type_exists(struct unix_sock)) {
    rec->local_len = unix_name(sk, rec->local_path);
    rec->peer_len = unix_name(BPF_CORE_READ((struct unix_sock *)sk, peer), rec->peer_path);
  }
  submit(rec, cfg, sizeof(*rec));
  return 0;
}

#endif /* IOR_BPF_SOCKET_BPF_H_ */
