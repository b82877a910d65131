/* What a call's plan captures: user strings and memory at enter or exit, and the identities of
 * the files behind its descriptors.
 *
 * Included by syscalls.bpf.c after struct task_state.
 */
#ifndef IOR_BPF_CAPTURE_BPF_H_
#define IOR_BPF_CAPTURE_BPF_H_

#include "fd_file.bpf.h"
#include "ior_wire.h"
#include "kernel_types.bpf.h"

/* Reads argument `arg` (1-based) as a user string into slot i of the task state. */
static __always_inline void read_string(struct task_state *st, __u32 i, __u8 arg) {
  const void *ptr;

  if (arg == 0 || arg > IOR_WIRE_ARGS || i >= IOR_WIRE_STRS) return;
  ptr = (const void *)st->args[(arg - 1) & 7];
  st->str_len[i] = ptr ? bpf_probe_read_user_str(st->str[i], IOR_WIRE_STR_MAX, ptr) : 0;
}

/* Copies the planned user memory of argument `arg` into the task state. */
static __always_inline void read_mem(struct task_state *st,
                                     const struct ior_wire_syscall_config *sc) {
  __u32 len = sc->mem_len;
  __u8 arg = sc->mem_arg;
  const void *ptr;

  if (arg == 0 || arg > IOR_WIRE_ARGS || len == 0) return;
  if (len > IOR_WIRE_MEM_MAX) len = IOR_WIRE_MEM_MAX;
  ptr = (const void *)st->args[(arg - 1) & 7];
  if (ptr && bpf_probe_read_user(st->mem, len, ptr) == 0) st->wire_flags |= IOR_WIRE_F_MEM;
}

/* Enter-time capture: strings and input memory, as the syscall's plan says. Global, like the
 * other captures, so that the verifier checks it once. */
__noinline int capture_at_enter(struct task_state *st, const struct ior_wire_syscall_config *sc) {
  if (!st || !sc) return 0; /* never: the verifier cannot know that a global's pointer is set */
  st->wire_flags = 0;
  st->str_len[0] = 0;
  st->str_len[1] = 0;
  read_string(st, 0, sc->str_args[0]);
  read_string(st, 1, sc->str_args[1]);
  if (!(sc->flags & IOR_WIRE_SC_MEM_AT_EXIT)) read_mem(st, sc);
  st->ino[0] = st->ino[1] = 0;
  st->dev[0] = st->dev[1] = 0;
  if (sc->fd_arg && sc->fd_arg <= IOR_WIRE_ARGS)
    st->ino[0] = fd_identity((int)st->args[(sc->fd_arg - 1) & 7], &st->dev[0]);
  else if (sc->dirfd_arg && sc->dirfd_arg <= IOR_WIRE_ARGS)
    st->ino[0] = fd_identity((int)st->args[(sc->dirfd_arg - 1) & 7], &st->dev[0]);
  return 0;
}

/* Exit-time capture: output memory, and strings whose page was not resident at enter (the
 * call itself has usually faulted it in by now). */
__noinline int capture_at_exit(struct task_state *st, const struct ior_wire_syscall_config *sc,
                               long ret) {
  if (!st || !sc) return 0;
  if (sc->flags & IOR_WIRE_SC_MEM_AT_EXIT) read_mem(st, sc);
  if ((sc->fd_flags & IOR_WIRE_FD_RET) && ret >= 0) st->ino[1] = fd_identity(ret, &st->dev[1]);
  if ((sc->fd_flags & IOR_WIRE_FD_PAIR) && ret == 0 && (st->wire_flags & IOR_WIRE_F_MEM)) {
    __s32 fds[2];

    __builtin_memcpy(fds, st->mem, sizeof(fds));
    st->ino[0] = fd_identity(fds[0], &st->dev[0]);
    st->ino[1] = fd_identity(fds[1], &st->dev[1]);
  }
  if (st->str_len[0] < 0) {
    read_string(st, 0, sc->str_args[0]);
    st->wire_flags |= st->str_len[0] < 0 ? IOR_WIRE_F_STR0_FAULT : IOR_WIRE_F_STR0_RETRIED;
  }
  if (st->str_len[1] < 0) {
    read_string(st, 1, sc->str_args[1]);
    st->wire_flags |= st->str_len[1] < 0 ? IOR_WIRE_F_STR1_FAULT : IOR_WIRE_F_STR1_RETRIED;
  }
  return 0;
}

#endif /* IOR_BPF_CAPTURE_BPF_H_ */
