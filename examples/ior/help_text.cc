// The text of `ior -help` (the usage, every flag of the table with its default, selection,
// signals, exit status, examples) and of `ior -list` (families, kinds, the syscall table).
#include <cstdio>
#include <string>

#include "flag_table.h"
#include "flags.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior::cli {

std::string HelpText() {
  std::string out =
      "Usage: ior [flags] [-- COMMAND [ARG...]]\n"
      "\n"
      "Traces system calls with eBPF. On a terminal, with no output mode (-plain,\n"
      "-flamegraph, -parquet, -trace-json, -summary-only), ior opens its live dashboard: a\n"
      "PID picker (skipped with -pid, -tid, -demo or a COMMAND, whose stdin/stdout/stderr\n"
      "are then /dev/null), then tabs of per-syscall, per-file and per-process figures, a\n"
      "live stream, a flamegraph and latency histograms; H lists the keys, q quits. Otherwise "
      "(-plain, or\n"
      "stdout not a terminal) it writes one CSV row per call on stdout:\n"
      "  durationToPrevNs,durationNs,comm,pid.tid,name,ret,file\n"
      "Progress and an end-of-run report (per syscall: count, errors, latency total, avg,\n"
      "p50/p95/p99 from the kernel's histograms, max, bytes; top files; loss accounting) go\n"
      "to stderr, in every output mode (-summary-json FILE: as JSON too; -summary-only: the\n"
      "report alone, counted in the kernel, for always-on use). Without -pid,\n"
      "-tid, -demo or a COMMAND every process except ior itself is traced. A COMMAND is\n"
      "started by ior and traced from its first system call; the trace ends when it exits,\n"
      "and ior exits with its exit status. While the CSV is on stdout, the command's stdout\n"
      "goes to ior's stderr (-command-stdout: it shares ior's stdout). When the trace ends\n"
      "first (a signal, -duration, the output closed), the command is ended: SIGTERM, then\n"
      "SIGKILL after 1 s, unless -detach. Needs root (or CAP_BPF and CAP_PERFMON) and a\n"
      "kernel with BTF.\n"
      "\n"
      "Flags (also --name, -name=value, --name=value):\n";
  for (const FlagSpec& spec : FlagTable()) {
    if (spec.help.empty()) continue;
    std::string left = "  -" + std::string(spec.name);
    if (!spec.value_name.empty()) left.append(" ").append(spec.value_name);
    if (left.size() < 24) left.resize(24, ' ');
    out.append(left).append(" ").append(spec.help).append(" (default ");
    out.append(spec.default_text).append(")\n");
  }
  out.append(
      "  -- COMMAND [ARG...]    run COMMAND and trace it until it exits\n"
      "\n"
      "\n"
      "Selection: the -trace-* flags and -tps add syscalls, then the -no-trace-* flags and\n"
      "-tpsExclude remove some; with none of them the FS family is traced. Names of families,\n"
      "kinds and syscalls: ior -list.\n"
      "\n"
      "Signals: the first SIGINT, SIGTERM, SIGHUP or SIGQUIT stops the trace; what is already\n"
      "traced is written for at most 1 s more (the rest is counted as not written in the\n"
      "summary), then the summary is printed. A second signal exits at once.\n"
      "\n"
      "Exit status:\n"
      "  0    the trace ran and its output was written in full\n"
      "  N    with a COMMAND: the command's exit status (128 + signal if it was killed);\n"
      "       0 when -duration ended the trace (and the command) first\n"
      "  1    tracing failed (not root, no BTF, no BPF, a file that cannot be written)\n"
      "  2    bad flags, or stdout is closed\n"
      "  3    output lost: the CSV could not be written in full (disk full, the reader\n"
      "       went away); takes precedence over the command's status\n"
      "  126, 127  the command could not be run (127: not found)\n"
      "\n"
      "Environment: IOR_LIBBPF_DEBUG=1 prints the library's and libbpf's messages.\n"
      "\n"
      "Examples:\n"
      "  sudo ior                       (the dashboard: pick a process, watch it)\n"
      "  sudo ior -plain -- /bin/ls /\n"
      "  sudo ior -pid 1234 -duration 10 -trace-syscalls openat,read,write\n"
      "  sudo ior -trace-families Time,Polling -- sleep 1\n"
      "  sudo ior -trace-kinds fd,open -no-trace-syscalls read -- cat /etc/hostname\n"
      "  sudo ior -trace-families all -syscall-sampling-syscalls futex=0 -- make -j2\n"
      "  sudo ior -demo > demo.csv\n"
      "  sudo ior -flamegraph -name build -- make -j2\n"
      "\n"
      "Recordings (-flamegraph) are read by two subcommands (ior collapsed -help):\n"
      "  ior collapsed [-fields comm,tracepoint,path] [-count count] FILE.ior.zst\n"
      "  ior svg [-title T] FILE.ior.zst > flame.svg\n");
  out +=
      "A -parquet or -flamegraph recording's end-of-run report, again:\n"
      "  ior report FILE.parquet\n"
      "  ior report FILE.ior.zst\n";
  return out;
}

std::string ListText() {
  std::string out = "Families:";
  for (const std::string& f : FamilyNames()) out += " " + f;
  out += "\nKinds:";
  for (const std::string& k : KindNames()) out += " " + k;
  out += "\n\n  nr  syscall                  family    kind               bytes\n";
  for (const SyscallInfo& s : AllSyscalls()) {
    char line[160];
    std::snprintf(line, sizeof(line), "%4u  %-24.*s %-9.*s %-18.*s %.*s\n", s.nr,
                  static_cast<int>(s.name.size()), s.name.data(),
                  static_cast<int>(FamilyName(s.family).size()), FamilyName(s.family).data(),
                  static_cast<int>(s.kind.size()), s.kind.data(),
                  static_cast<int>(BytesClassName(s.bytes).size()), BytesClassName(s.bytes).data());
    out += line;
  }
  return out;
}

}  // namespace ior::cli
