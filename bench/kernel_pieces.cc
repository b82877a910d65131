// Runs a command under bench/kernel_pieces.bpf.c at one stage of a tracer's kernel path
// (stage 0, empty programs, is the floor of any tracer on the syscall hooks). The command is
// held until the programs are attached and filter on its pid. The programs are loaded as
// libior loads its own (lib/btf_load_hook.h), with the ids from libbpf's read of the kernel's
// BTF: start-up is not what this measures.
//
//   sudo ior_kernel_pieces [-stage N] -- COMMAND [ARG...]     exit status: the command's
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "btf_load_hook.h"
#include "kernel_pieces.skel.h"

namespace {

int Usage() {
  std::fprintf(stderr, "usage: ior_kernel_pieces [-stage 0..7] -- COMMAND [ARG...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned stage = 0;
  int arg = 1;
  if (arg + 1 < argc && std::strcmp(argv[arg], "-stage") == 0) {
    char* end = nullptr;
    stage = static_cast<unsigned>(std::strtoul(argv[arg + 1], &end, 10));
    if (*end != '\0' || stage > 7) return Usage();
    arg += 2;
  }
  if (arg + 1 >= argc || std::strcmp(argv[arg], "--") != 0) return Usage();
  char** command = argv + arg + 1;

  // The command waits for a byte on this pipe: it starts once it is traced.
  int go[2];
  if (pipe(go) != 0) return 1;
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(go[1]);
    char byte;
    if (read(go[0], &byte, 1) != 1) _exit(126);
    close(go[0]);
    execvp(command[0], command);
    std::perror("ior_kernel_pieces: exec");
    _exit(127);
  }
  close(go[0]);

  size_t elf_size = 0;
  const void* elf = kernel_pieces_bpf__elf_bytes(&elf_size);
  const absl::StatusOr<ior::internal::KernelBtfIds> ids =
      ior::internal::KernelBtfIdsFromLibbpf(ior::internal::AttachTracepoints(elf, elf_size));
  kernel_pieces_bpf* skel = nullptr;
  bool ok = ids.ok() && ior::internal::RegisterIorSections().ok() &&
            (skel = kernel_pieces_bpf__open()) != nullptr;
  if (ok) {
    skel->rodata->stage = stage;
    skel->rodata->ior_file_btf_id = ids->file;
    skel->rodata->ior_task_btf_id = ids->task;
    const ior::internal::BtfLoadScope scope(*ids);
    ok = kernel_pieces_bpf__load(skel) == 0;
  }
  if (ok) {
    struct {
      uint32_t tgid;
      uint32_t flags;
    } settings{static_cast<uint32_t>(child), 0};  // struct settings of the BPF side
    uint32_t zero = 0;
    ok = bpf_map__update_elem(skel->maps.settings, &zero, sizeof(zero), &settings, sizeof(settings),
                              0) == 0 &&
         kernel_pieces_bpf__attach(skel) == 0;
  }
  if (!ok) std::fprintf(stderr, "ior_kernel_pieces: cannot load or attach the programs (root?)\n");
  // Without the programs the command is not started: closing the pipe ends it.
  if (ok && write(go[1], "g", 1) != 1) ok = false;
  close(go[1]);
  int status = 0;
  if (waitpid(child, &status, 0) < 0) status = 1 << 8;
  kernel_pieces_bpf__destroy(skel);
  if (!ok) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
