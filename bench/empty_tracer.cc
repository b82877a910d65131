// The empty-program floor for bench/peers.sh: attaches bench/empty_tracer.bpf.c's two programs
// (which do nothing), runs a command, and detaches when it exits.
//
//   sudo ior_empty_tracer -- COMMAND [ARG...]     exit status: the command's
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "empty_tracer.skel.h"

int main(int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[1], "--") != 0) {
    std::fprintf(stderr, "usage: ior_empty_tracer -- COMMAND [ARG...]\n");
    return 2;
  }
  empty_tracer_bpf* skel = empty_tracer_bpf__open_and_load();
  if (skel == nullptr || empty_tracer_bpf__attach(skel) != 0) {
    std::fprintf(stderr, "ior_empty_tracer: cannot load or attach the programs (root?)\n");
    empty_tracer_bpf__destroy(skel);
    return 1;
  }
  pid_t child = fork();
  if (child == 0) {
    execvp(argv[2], argv + 2);
    std::perror("ior_empty_tracer: exec");
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) < 0) status = 1 << 8;
  empty_tracer_bpf__destroy(skel);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
