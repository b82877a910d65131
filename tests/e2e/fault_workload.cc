// ior-fault-workload: the processes of the fault tests (fault_test.cc, fault_pid_reuse_test.cc,
// no_btf_test.cc), which trace getpid(2) as the marker call whose rows they count exactly.
//
//   ior-fault-workload [--wait] block <n>
//        n getpid, then read(2) an empty pipe: killed there
//   ior-fault-workload [--wait] forks <k> <m>
//        k children at once, each m getpid; reaps them
//   ior-fault-workload [--wait] execs <e>
//        getpid, then execs itself e times, each new image making one getpid (e + 1 in all)
//   ior-fault-workload [--wait] threads <t>
//        t threads alive at once; each names itself "even"/"odd" (by index), makes one getpid
//        and waits for all the others before it ends
//   ior-fault-workload [--wait] calls <n>
//        n getpid
//   ior-fault-workload [--wait] files <name> <dir> <n>
//        names itself <name>, moves to <dir>, opens "f" there (relative), reads a byte of it,
//        makes n getpid and exits with "f" still open
//   ior-fault-workload [--wait] reuse <dir> <old-dir>
//        in <dir>: opens "parent-file" (descriptor D), one getpid; a child named "old" moves to
//        <old-dir>, closes D, opens "f" (D again, another file), reads it, 3 getpid; once it is
//        reaped, a second child made with the first one's pid (clone3 set_tid) reads D (the
//        parent's "parent-file"), makes 4 getpid and opens "g" (relative: in <dir>)
//   ior-fault-workload [--wait] as-pid <pid> <mode> <args>...
//        runs `ior-fault-workload <mode> <args>...` as process <pid> (clone3 set_tid: needs
//        root) and exits with its status; 7 if <pid> is taken
//
// With --wait: "ready\n" on stdout, then one byte read from stdin before the scenario (the
// handshake of workload_process.h). Every scenario ends with exit status 0 (block: killed).
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

void GetPids(long n) {
  for (long i = 0; i < n; ++i) syscall(SYS_getpid);
}

int Block(long n) {
  int p[2];
  if (pipe(p) != 0) return 3;
  GetPids(n);
  char c;
  // Nobody writes to the pipe and this process holds its write end: blocks until killed.
  (void)!read(p[0], &c, 1);
  return 4;
}

int Forks(long k, long m) {
  std::vector<pid_t> children;
  for (long i = 0; i < k; ++i) {
    const pid_t pid = fork();
    if (pid < 0) return 3;
    if (pid == 0) {
      GetPids(m);
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return 4;
    }
  }
  return 0;
}

int Execs(const char* self, long remaining) {
  GetPids(1);
  if (remaining == 0) return 0;
  const std::string next = std::to_string(remaining - 1);
  execl(self, self, "execs", next.c_str(), static_cast<char*>(nullptr));
  return 3;  // exec failed
}

pthread_barrier_t barrier;

void* Thread(void* arg) {
  const long index = reinterpret_cast<long>(arg);
  prctl(PR_SET_NAME, index % 2 == 0 ? "even" : "odd");
  GetPids(1);
  pthread_barrier_wait(&barrier);
  return nullptr;
}

int Threads(long t) {
  if (pthread_barrier_init(&barrier, nullptr, static_cast<unsigned>(t)) != 0) return 3;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  std::vector<pthread_t> threads(static_cast<size_t>(t));
  for (long i = 0; i < t; ++i) {
    if (pthread_create(&threads[i], &attr, Thread, reinterpret_cast<void*>(i)) != 0) return 4;
  }
  for (pthread_t& th : threads) pthread_join(th, nullptr);
  return 0;
}

bool Reap(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// fork(), with the child given `pid` (0 in the child, its pid in the parent, -1 on failure).
pid_t ForkWithPid(pid_t pid) {
  clone_args args{};
  args.exit_signal = SIGCHLD;
  args.set_tid = reinterpret_cast<uintptr_t>(&pid);
  args.set_tid_size = 1;
  return static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof(args)));
}

int Files(const char* name, const char* dir, long n) {
  prctl(PR_SET_NAME, name);
  if (chdir(dir) != 0) return 3;
  const int fd = open("f", O_RDONLY);
  if (fd < 0) return 4;
  char c;
  if (read(fd, &c, 1) != 1) return 5;
  GetPids(n);
  return 0;
}

int Reuse(const char* dir, const char* old_dir) {
  if (chdir(dir) != 0) return 3;
  const int fd = open("parent-file", O_RDONLY);
  if (fd < 0) return 3;
  GetPids(1);
  char c;
  const pid_t first = fork();
  if (first < 0) return 4;
  if (first == 0) {
    prctl(PR_SET_NAME, "old");
    if (chdir(old_dir) != 0) _exit(1);
    close(fd);
    if (open("f", O_RDONLY) != fd) _exit(2);
    if (read(fd, &c, 1) != 1) _exit(3);
    GetPids(3);
    _exit(0);
  }
  if (!Reap(first)) return 5;
  const pid_t second = ForkWithPid(first);
  if (second < 0) return errno == EEXIST ? 7 : 6;
  if (second == 0) {
    if (read(fd, &c, 1) != 1) _exit(1);
    GetPids(4);
    if (open("g", O_RDONLY) < 0) _exit(2);
    _exit(0);
  }
  return Reap(second) ? 0 : 8;
}

int AsPid(const char* self, pid_t pid, char** argv) {
  const pid_t child = ForkWithPid(pid);
  if (child < 0) return errno == EEXIST ? 7 : 6;
  if (child == 0) {
    argv[-1] = const_cast<char*>(self);  // the <pid> slot: argv[-1..] is the new command
    execv(self, argv - 1);
    _exit(127);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child) return 8;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

int main(int argc, char** argv) {
  int i = 1;
  bool wait = false;
  if (i < argc && std::strcmp(argv[i], "--wait") == 0) {
    wait = true;
    ++i;
  }
  const int n = argc - i;
  const std::string mode = n >= 1 ? argv[i] : "";
  auto num = [&](int k) { return std::strtol(argv[i + k], nullptr, 10); };
  const bool known =
      (n == 2 && (mode == "block" || mode == "execs" || mode == "threads" || mode == "calls")) ||
      (n == 3 && (mode == "forks" || mode == "reuse")) || (n == 4 && mode == "files") ||
      (n >= 3 && mode == "as-pid");
  if (!known) {
    std::fprintf(stderr,
                 "usage: ior-fault-workload [--wait] block <n> | forks <k> <m> | execs <e> | "
                 "threads <t> | calls <n> | files <name> <dir> <n> | reuse <dir> <old-dir> | "
                 "as-pid <pid> <mode> <args>...\n");
    return 2;
  }
  if (wait) {
    if (write(STDOUT_FILENO, "ready\n", 6) != 6) return 5;
    char go;
    if (read(STDIN_FILENO, &go, 1) != 1) return 6;
  }
  if (mode == "block") return Block(num(1));
  if (mode == "forks") return Forks(num(1), num(2));
  if (mode == "execs") return Execs(argv[0], num(1));
  if (mode == "threads") return Threads(num(1));
  if (mode == "files") return Files(argv[i + 1], argv[i + 2], num(3));
  if (mode == "reuse") return Reuse(argv[i + 1], argv[i + 2]);
  if (mode == "as-pid") return AsPid(argv[0], static_cast<pid_t>(num(1)), argv + i + 2);
  GetPids(num(1));
  return 0;
}
