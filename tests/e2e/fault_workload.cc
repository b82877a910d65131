// ior-fault-workload: the processes of the fault tests (fault_test.cc), which trace getpid(2)
// as the marker call whose rows they count exactly.
//
//   ior-fault-workload [--wait] block <n>          n getpid, then read(2) an empty pipe: killed
//   there ior-fault-workload [--wait] forks <k> <m>      k children at once, each m getpid; reaps
//   them ior-fault-workload [--wait] execs <e>          getpid, then execs itself e times, each
//                                                  new image making one getpid (e + 1 in all)
//   ior-fault-workload [--wait] threads <t>        t threads alive at once; each names itself
//                                                  "even"/"odd" (by index), makes one getpid and
//                                                  waits for all the others before it ends
//   ior-fault-workload [--wait] calls <n>          n getpid
//
// With --wait: "ready\n" on stdout, then one byte read from stdin before the scenario (the
// handshake of workload_process.h). Every scenario ends with exit status 0 (block: killed).
#include <pthread.h>
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
      (n == 3 && mode == "forks");
  if (!known) {
    std::fprintf(stderr,
                 "usage: ior-fault-workload [--wait] block <n> | forks <k> <m> | execs <e> | "
                 "threads <t> | calls <n>\n");
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
  GetPids(num(1));
  return 0;
}
