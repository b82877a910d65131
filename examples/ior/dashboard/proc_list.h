// The processes of the PID picker, read from /proc: pid, comm (/proc/<pid>/comm) and command
// line (/proc/<pid>/cmdline, NULs shown as spaces). Raw bytes: the picker escapes them.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_PROC_LIST_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_PROC_LIST_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace ior::dashboard {

struct ProcInfo {
  pid_t pid = 0;
  std::string comm;
  std::string cmdline;  // empty for kernel threads
};

// Every process now, sorted by pid. Processes that vanish while being read are left out.
std::vector<ProcInfo> ListProcesses();

// The threads of `pid` (/proc/<pid>/task), sorted by tid; comm per thread.
std::vector<ProcInfo> ListThreads(pid_t pid);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_PROC_LIST_H_
