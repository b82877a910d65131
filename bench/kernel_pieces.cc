// Runs a command under bench/kernel_pieces.bpf.c at one stage of a tracer's kernel path
// (stage 0, empty programs, is the floor of any tracer on the syscall hooks). The command is
// held until the programs are attached and filter on its pid. The programs are loaded as
// libior loads its own (lib/btf_load_hook.h), with the ids from libbpf's read of the kernel's
// BTF: start-up is not what this measures.
//
//   sudo ior_kernel_pieces [-stage N] [-consume] -- COMMAND [ARG...]
//                                                   exit status: the command's
// -consume: a thread reads the records as a tracer's consumer would (every millisecond, as
// the programs never wake it), so that a stage with records compares with ior -plain, whose
// drain thread reads them; without, the ring holds a whole run and nothing reads it.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "btf_load_hook.h"
#include "kernel_pieces.skel.h"

namespace {

int Usage() {
  std::fprintf(stderr, "usage: ior_kernel_pieces [-stage 0..8] [-consume] -- COMMAND [ARG...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned stage = 0;
  int arg = 1;
  if (arg + 1 < argc && std::strcmp(argv[arg], "-stage") == 0) {
    char* end = nullptr;
    stage = static_cast<unsigned>(std::strtoul(argv[arg + 1], &end, 10));
    if (*end != '\0' || stage > 8) return Usage();
    arg += 2;
  }
  bool consume = false;
  if (arg < argc && std::strcmp(argv[arg], "-consume") == 0) {
    consume = true;
    ++arg;
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
  std::vector<bpf_link*> links;
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
         ior::internal::AttachLoaded(skel->obj, &links) == 0;
  }
  if (!ok) std::fprintf(stderr, "ior_kernel_pieces: cannot load or attach the programs (root?)\n");
  // The consumer: counts the records it reads, nothing more.
  std::atomic<bool> done{false};
  uint64_t records = 0;
  ring_buffer* ring = nullptr;
  std::thread reader;
  if (ok && consume) {
    ring = ring_buffer__new(
        bpf_map__fd(skel->maps.events),
        [](void* ctx, void*, size_t) {
          ++*static_cast<uint64_t*>(ctx);
          return 0;
        },
        &records, nullptr);
    ok = ring != nullptr;
    if (ok) {
      reader = std::thread([&] {
        while (!done.load(std::memory_order_relaxed)) {
          ring_buffer__consume(ring);
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        ring_buffer__consume(ring);
      });
    }
  }
  // Without the programs the command is not started: closing the pipe ends it.
  if (ok && write(go[1], "g", 1) != 1) ok = false;
  close(go[1]);
  int status = 0;
  if (waitpid(child, &status, 0) < 0) status = 1 << 8;
  done = true;
  if (reader.joinable()) reader.join();
  ring_buffer__free(ring);
  for (bpf_link* link : links) bpf_link__destroy(link);
  kernel_pieces_bpf__destroy(skel);
  if (!ok) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
