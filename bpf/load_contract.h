/* What the library does to ior's programs while libbpf loads them (lib/btf_load_hook.h), and
 * what the programs write for it. Plain C: included by the programs and by the library.
 *
 * Why: libbpf 1.1 reads and parses the kernel's whole BTF (~5.5 MB; ~13 ms of a session's
 * start) only to find the ids of tp_btf programs' attach targets and of kfuncs by name. The
 * library reads that BTF once anyway (lib/core_btf.h) and supplies those ids itself. */
#ifndef IOR_BPF_LOAD_CONTRACT_H_
#define IOR_BPF_LOAD_CONTRACT_H_

/* SEC(IOR_LOAD_SECTION "sys_enter"): a program that the library loads as libbpf loads
 * SEC("tp_btf/sys_enter") (a tracing program on the raw tracepoint, its arguments typed by
 * the kernel's BTF), with the kernel's id of btf_trace_sys_enter as its attach target. */
#define IOR_LOAD_SECTION "ior_tp_btf/"

/* The immediate of a kfunc call instruction that the library replaces with the kernel's BTF id
 * of bpf_rdonly_cast (its call: bpf/fd_file.bpf.h). Any other kfunc call is refused at load. */
#define IOR_LOAD_KFUNC_RDONLY_CAST 0x7e10c457

#endif /* IOR_BPF_LOAD_CONTRACT_H_ */
