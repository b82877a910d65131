/* The per-syscall aggregates: count, errors, latency sum/min/max and the log-linear latency
 * histogram of every completed call that passed the filters, whether or not it was emitted;
 * and the per-CPU loss counters.
 *
 * Included after libbpf's headers, by syscalls.bpf.c and by the benchmark that measures this
 * piece (bench/kernel_pieces.bpf.c).
 */
#ifndef IOR_BPF_AGGREGATE_BPF_H_
#define IOR_BPF_AGGREGATE_BPF_H_

#include "ior_wire.h"
#include "kernel_types.bpf.h"

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, IOR_WIRE_MAX_SYSCALLS);
  __type(key, __u32);
  __type(value, struct ior_wire_aggregate);
} aggregates SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ior_wire_counters);
} counters SEC(".maps");

static __always_inline struct ior_wire_counters *cpu_counters(void) {
  __u32 zero = 0;
  return bpf_map_lookup_elem(&counters, &zero);
}

/* Index of the latency bucket of v (see IOR_WIRE_HIST_BUCKETS): v itself below 2^SUB_BITS,
 * else the power of two m = floor(log2(v)) picks a run of 2^SUB_BITS buckets and the SUB_BITS
 * bits below v's top bit pick one in it. Branch-free shifts, no loop; capped. */
static __always_inline __u32 latency_bucket(__u64 v) {
  const __u32 sub_bits = IOR_WIRE_HIST_SUB_BITS;
  __u64 x = v;
  __u32 m;
  __u32 shift;
  __u32 b;

  if (v < (1ULL << sub_bits)) return (__u32)v;
  shift = (x > 0xFFFFFFFFULL) << 5;
  x >>= shift;
  m = shift;
  shift = (x > 0xFFFF) << 4;
  x >>= shift;
  m |= shift;
  shift = (x > 0xFF) << 3;
  x >>= shift;
  m |= shift;
  shift = (x > 0xF) << 2;
  x >>= shift;
  m |= shift;
  shift = (x > 0x3) << 1;
  x >>= shift;
  m |= shift;
  m |= (x >> 1); /* m = floor(log2(v)) >= sub_bits */
  b = ((m - sub_bits + 1) << sub_bits) | ((__u32)(v >> (m - sub_bits)) & ((1u << sub_bits) - 1));
  return b < IOR_WIRE_HIST_BUCKETS ? b : IOR_WIRE_HIST_BUCKETS - 1;
}

static __always_inline bool is_error(long ret) {
  /* Restart codes (ERESTARTSYS .. ERESTART_RESTARTBLOCK) are resumed, not failures. */
  return ret < 0 && ret >= -4095 && !(ret <= -512 && ret >= -516);
}

/* Counts a call that the degraded rate left out (`level` >= 1, see IOR_WIRE_DEGRADE): in the
 * syscall's aggregate and, by level, in the CPU's counters (read per time window). */
static __always_inline void count_degraded(struct ior_wire_aggregate *agg, __u8 level) {
  struct ior_wire_counters *c = cpu_counters();

  agg->degraded++;
  if (level > agg->degrade_level_max) agg->degrade_level_max = level;
  if (c) c->degraded[(level - 1) & (IOR_WIRE_DEGRADE_MAX_LEVEL - 1)]++;
}

/* `degraded`: 0, or the level at which the degraded rate left the call out (not emitted). */
static __always_inline void aggregate(__u32 slot, __u64 latency_ns, long ret, bool noreturn,
                                      bool emitted, __u8 degraded) {
  struct ior_wire_aggregate *agg = bpf_map_lookup_elem(&aggregates, &slot);
  __u32 bucket;

  if (!agg) return;
  agg->count++;
  if (!emitted) agg->sampled_out++;
  if (degraded) count_degraded(agg, degraded);
  if (noreturn) return; /* no latency to account */
  if (is_error(ret)) agg->errors++;
  agg->latency_sum_ns += latency_ns;
  if (agg->latency_min_ns == 0 || latency_ns < agg->latency_min_ns)
    agg->latency_min_ns = latency_ns ? latency_ns : 1;
  if (latency_ns > agg->latency_max_ns) agg->latency_max_ns = latency_ns;
  bucket = latency_bucket(latency_ns);
  /* The cap inside latency_bucket() is folded into its arithmetic by the compiler; an opaque
   * copy makes it check the index right where the verifier needs to see it. */
  asm volatile("" : "+r"(bucket));
  if (bucket < IOR_WIRE_HIST_BUCKETS) agg->hist[bucket]++;
}

#endif /* IOR_BPF_AGGREGATE_BPF_H_ */
