// tar_trace_cxx OUT.tgz DIR: tar_trace.c written with the header-only C++ wrapper ior/ior.hpp
// (over libior.so's C ABI): traces `tar -czf OUT.tgz -C DIR .` following gzip, prints every
// event (task, pid, syscall, latency, ret, file), checks that every openat, read and write names
// its file, that gzip was traced and wrote, and that tar succeeded. Prints
// "tar_trace_cxx: PASS". Needs root.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include "ior/ior.hpp"

namespace abi = ior::abi;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: tar_trace_cxx OUT.tgz DIR\n";
    return 2;
  }
  abi::Result<abi::Command> cmd = abi::Command::Start({"tar", "-czf", argv[1], "-C", argv[2], "."});
  if (!cmd.ok()) {
    std::cerr << "tar_trace_cxx: " << cmd.error().message() << "\n";
    return 1;
  }
  abi::SessionOptions opts;
  opts.Pids({cmd->pid()}).Follow();
  abi::Result<abi::Session> session = abi::Session::Create(opts);
  abi::Error err = session.ok() ? session->Start() : session.error();
  if (err.ok()) err = cmd->Release();
  if (!err.ok()) {
    std::cerr << "tar_trace_cxx: " << err.message() << "\n";
    return 1;
  }
  unsigned long events = 0, checked = 0, unnamed = 0, gzip_writes = 0;
  abi::EventStream stream = session->Events();  // ends once tar and gzip exited
  for (const ior_event& e : stream) {
    ++events;
    const std::string name = abi::SyscallName(e.nr);
    const std::string_view file = abi::File(e);
    std::printf("%-8s %7u %-12s %9llu ns %8lld %.*s\n", e.comm, e.pid, name.c_str(),
                static_cast<unsigned long long>(e.latency_ns), static_cast<long long>(e.ret),
                static_cast<int>(file.empty() ? 1 : file.size()), file.empty() ? "-" : file.data());
    if (name == "openat" || name == "read" || name == "write") {
      ++checked;
      if (file.empty()) {
        ++unnamed;
        std::cerr << "tar_trace_cxx: no file: " << e.comm << " " << e.pid << " " << name << "\n";
      }
      if (std::string_view(e.comm) == "gzip" && name == "write" && e.ret > 0) ++gzip_writes;
    }
  }
  if (!stream.error().ok()) {
    std::cerr << "tar_trace_cxx: " << stream.error().message() << "\n";
    return 1;
  }
  const int code = cmd->Wait().value_or(-1);
  std::printf(
      "tar_trace_cxx: %lu events, %lu openat/read/write, %lu without a file, %lu gzip writes, tar "
      "exit %d\n",
      events, checked, unnamed, gzip_writes, code);
  const bool pass = code == 0 && checked != 0 && unnamed == 0 && gzip_writes != 0;
  std::printf("tar_trace_cxx: %s\n", pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
