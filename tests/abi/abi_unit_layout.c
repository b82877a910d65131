/*
 * The released layout of the public structs and the pinned constant values, frozen: checked
 * at compile time (a change fails the build of abi_unit).
 */
#include <ior/ior.h>
#include <stddef.h>
#include <stdint.h>

/* C99 has no _Static_assert: a negative array size fails the build. */
#define ABI_ASSERT(cond, name) typedef char abi_assert_##name[(cond) ? 1 : -1]

/* ior_event: released layout, frozen. */
ABI_ASSERT(sizeof(ior_event) == 184, event_size);
ABI_ASSERT(offsetof(ior_event, size) == 0, event_size_field);
ABI_ASSERT(offsetof(ior_event, type) == 4, event_type);
ABI_ASSERT(offsetof(ior_event, enter_ns) == 8, event_enter_ns);
ABI_ASSERT(offsetof(ior_event, latency_ns) == 16, event_latency_ns);
ABI_ASSERT(offsetof(ior_event, gap_ns) == 24, event_gap_ns);
ABI_ASSERT(offsetof(ior_event, ret) == 32, event_ret);
ABI_ASSERT(offsetof(ior_event, args) == 40, event_args);
ABI_ASSERT(sizeof(((ior_event *)0)->args) == 48, event_args_size);
ABI_ASSERT(offsetof(ior_event, pid) == 88, event_pid);
ABI_ASSERT(offsetof(ior_event, tid) == 92, event_tid);
ABI_ASSERT(offsetof(ior_event, nr) == 96, event_nr);
ABI_ASSERT(offsetof(ior_event, flags) == 100, event_flags);
ABI_ASSERT(offsetof(ior_event, comm) == 104, event_comm);
ABI_ASSERT(sizeof(((ior_event *)0)->comm) == 16, event_comm_size);
ABI_ASSERT(IOR_EVENT_NO_RETURN == 1 && IOR_EVENT_FIRST_ON_THREAD == 2, event_flag_values);
/* Appended in 0.3. */
ABI_ASSERT(offsetof(ior_event, bytes) == 120, event_bytes);
ABI_ASSERT(offsetof(ior_event, file) == 128, event_file);
ABI_ASSERT(offsetof(ior_event, old_file) == 136, event_old_file);
ABI_ASSERT(offsetof(ior_event, file_ino) == 144, event_file_ino);
ABI_ASSERT(offsetof(ior_event, file_dev) == 152, event_file_dev);
ABI_ASSERT(offsetof(ior_event, fd) == 160, event_fd);
ABI_ASSERT(offsetof(ior_event, open_flags) == 164, event_open_flags);
ABI_ASSERT(offsetof(ior_event, family) == 168, event_family);
ABI_ASSERT(offsetof(ior_event, file_status) == 169, event_file_status);
ABI_ASSERT(offsetof(ior_event, bytes_class) == 170, event_bytes_class);
ABI_ASSERT(offsetof(ior_event, cgroup_id) == 176, event_cgroup_id);
ABI_ASSERT(IOR_FILE_NONE == 0 && IOR_FILE_PATH == 1 && IOR_FILE_IDENTITY == 4, file_values);

/* ior_syscall_stats. */
ABI_ASSERT(offsetof(ior_syscall_stats, size) == 0, sc_size);
ABI_ASSERT(offsetof(ior_syscall_stats, nr) == 4, sc_nr);
ABI_ASSERT(offsetof(ior_syscall_stats, count) == 8, sc_count);
ABI_ASSERT(offsetof(ior_syscall_stats, errors) == 16, sc_errors);
ABI_ASSERT(offsetof(ior_syscall_stats, sampled_out) == 24, sc_sampled_out);
ABI_ASSERT(offsetof(ior_syscall_stats, delivered) == 32, sc_delivered);
ABI_ASSERT(offsetof(ior_syscall_stats, latency_sum_ns) == 40, sc_sum);
ABI_ASSERT(offsetof(ior_syscall_stats, latency_min_ns) == 48, sc_min);
ABI_ASSERT(offsetof(ior_syscall_stats, latency_max_ns) == 56, sc_max);
ABI_ASSERT(offsetof(ior_syscall_stats, histogram) == 64, sc_histogram);
/* Appended in 0.3 (the library sets `size`). */
ABI_ASSERT(offsetof(ior_syscall_stats, degraded) == 64 + 8 * IOR_HISTOGRAM_BUCKETS, sc_degraded);
ABI_ASSERT(offsetof(ior_syscall_stats, degraded_one_in) == 72 + 8 * IOR_HISTOGRAM_BUCKETS,
           sc_degraded_one_in);
ABI_ASSERT(sizeof(ior_syscall_stats) == 80 + 8 * IOR_HISTOGRAM_BUCKETS, sc_total);
ABI_ASSERT(IOR_STAT_DEGRADED == 15 && IOR_STAT_DEGRADE_WINDOWS == 16, stat_degraded);

/* ior_degrade_window (0.3): `sz` first, no padding. */
ABI_ASSERT(offsetof(ior_degrade_window, sz) == 0, dw_sz);
ABI_ASSERT(offsetof(ior_degrade_window, start_ns) == 8, dw_start);
ABI_ASSERT(offsetof(ior_degrade_window, end_ns) == 16, dw_end);
ABI_ASSERT(offsetof(ior_degrade_window, calls) == 24, dw_calls);
ABI_ASSERT(offsetof(ior_degrade_window, min_one_in) == 32, dw_min_one_in);
ABI_ASSERT(sizeof(ior_degrade_window) == 40, dw_size);

/* ior_session_opts: `sz` first, no padding, the last field where the macro says. */
ABI_ASSERT(offsetof(ior_session_opts, sz) == 0, opts_sz);
ABI_ASSERT(sizeof(ior_session_opts) == 24 * 8, opts_size);
ABI_ASSERT(offsetof(ior_session_opts, keep_after_targets_exit) == 108, opts_keep);
ABI_ASSERT(offsetof(ior_session_opts, selection) == 112, opts_selection); /* 0.3 */
ABI_ASSERT(offsetof(ior_session_opts, cgroup_id) == 120, opts_cgroup_id);
ABI_ASSERT(offsetof(ior_session_opts, comm_filter) == 136, opts_comm_filter);
ABI_ASSERT(offsetof(ior_session_opts, comm_filter_match) == 152, opts_comm_match);
ABI_ASSERT(IOR_MATCH_SUBSTRING == 0 && IOR_MATCH_EXACT == 1 && IOR_MATCH_PREFIX == 2, match);

/* ior_selection, ior_sample_rate, ior_command_opts, ior_trace_json_opts (0.3). */
ABI_ASSERT(offsetof(ior_selection, sz) == 0 && sizeof(ior_selection) == 21 * 8, sel_size);
ABI_ASSERT(offsetof(ior_selection, exclude_families) == 72, sel_exclude);
ABI_ASSERT(offsetof(ior_selection, ior_selection__last_field) + 8 == sizeof(ior_selection),
           sel_last);
ABI_ASSERT(sizeof(ior_sample_rate) == 16 && offsetof(ior_sample_rate, rate) == 8, rate_size);
ABI_ASSERT(sizeof(ior_command_opts) == 24 && offsetof(ior_command_opts, cwd) == 16, cmd_opts);
ABI_ASSERT(sizeof(ior_trace_json_opts) == 24, trace_json_opts);
ABI_ASSERT(offsetof(ior_session_opts, btf_path) == 168, opts_btf_path);
ABI_ASSERT(offsetof(ior_session_opts, aggregate_only) == 176, opts_aggregate_only);
ABI_ASSERT(offsetof(ior_session_opts, measure_kernel_time) == 180, opts_measure_kernel_time);
ABI_ASSERT(offsetof(ior_session_opts, degrade) == 184, opts_degrade);
ABI_ASSERT(offsetof(ior_session_opts, ior_session_opts__last_field) + sizeof(uint32_t) ==
               sizeof(ior_session_opts),
           opts_last_field);

/* ior_flame: the metric values and the record layout (IOR_0.3). */
ABI_ASSERT(IOR_FLAME_COUNT == 0 && IOR_FLAME_DURATION == 1, flame_metric1);
ABI_ASSERT(IOR_FLAME_DURATION_TO_PREV == 2 && IOR_FLAME_BYTES == 3, flame_metric2);
ABI_ASSERT(offsetof(ior_flame_record, sz) == 0, flame_record_sz);
ABI_ASSERT(offsetof(ior_flame_record, pid) == 32, flame_record_pid);
ABI_ASSERT(offsetof(ior_flame_record, count) == 48, flame_record_count);
ABI_ASSERT(sizeof(ior_flame_record) == 80, flame_record_size);
ABI_ASSERT(offsetof(ior_flame_opts, sz) == 0 && sizeof(ior_flame_opts) == 16, flame_opts);

/* Error codes: pinned values in the reserved range. */
ABI_ASSERT(IOR_EINTERNAL == -4000 && IOR_EEOS == -4001 && IOR_ENOBTF == -4002, codes1);
ABI_ASSERT(IOR_EWIRE == -4003 && IOR_ESTATE == -4004 && IOR_ECALLBACK == -4005, codes2);
ABI_ASSERT(IOR_VERSION_CHECK(0, 0, 1), version_check);
