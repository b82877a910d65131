/* The floor of every tracer built on the syscall hooks libior uses: a program on sys_enter and
 * one on sys_exit that do nothing. What a traced call costs beyond this is the tracer's own
 * work (filtering, timestamps, state, records). */
// clang-format off
#include "../bpf/kernel_types.bpf.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
// clang-format on

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tp_btf/sys_enter")
int BPF_PROG(empty_sys_enter, struct pt_regs *regs, long id) { return 0; }

SEC("tp_btf/sys_exit")
int BPF_PROG(empty_sys_exit, struct pt_regs *regs, long ret) { return 0; }
