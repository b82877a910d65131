#include "proc_net.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <vector>

#include "socket_name.h"

namespace ior::internal {
namespace {

// The whole of `text` as a number in `base`.
template <typename T>
bool ParseNumber(std::string_view text, int base, T* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out, base);
  return !text.empty() && ec == std::errc() && ptr == end;
}

// The lines of `text` after the first (the column header).
std::vector<std::string_view> Rows(std::string_view text) {
  std::vector<std::string_view> rows;
  size_t at = text.find('\n');
  while (at != std::string_view::npos && at + 1 < text.size()) {
    size_t end = text.find('\n', at + 1);
    std::string_view line = text.substr(at + 1, end == std::string_view::npos ? end : end - at - 1);
    if (!line.empty()) rows.push_back(line);
    at = end;
  }
  return rows;
}

// The space-separated fields of `line`, viewing it.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && line[at] == ' ') ++at;
    size_t end = line.find(' ', at);
    if (end == std::string_view::npos) end = line.size();
    if (end > at) fields.push_back(line.substr(at, end - at));
    at = end;
  }
  return fields;
}

// "0100007F:1F90": the address as the kernel prints it (each 32-bit word of the network-order
// address as a host-order hex number) and the port in hex.
bool ParseInetEndpoint(std::string_view field, size_t addr_len, uint8_t* addr, uint16_t* port) {
  const size_t colon = field.find(':');
  if (colon != addr_len * 2) return false;
  for (size_t word = 0; word < addr_len / 4; ++word) {
    uint32_t v = 0;
    if (!ParseNumber(field.substr(word * 8, 8), 16, &v)) return false;
    std::memcpy(addr + word * 4, &v, 4);  // back to the kernel's memory order
  }
  uint32_t p = 0;
  if (!ParseNumber(field.substr(colon + 1), 16, &p) || p > 0xffff) return false;
  *port = static_cast<uint16_t>(p);
  return true;
}

bool ReadText(const std::string& path, std::string* out) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buf[1 << 16];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) out->append(buf, static_cast<size_t>(n));
  close(fd);
  return n == 0;
}

}  // namespace

void ParseProcNetInet(std::string_view text, int family, int type, SocketNames* out) {
  const size_t addr_len = family == AF_INET6 ? 16 : 4;
  std::string name;
  for (std::string_view line : Rows(text)) {
    const std::vector<std::string_view> f = Fields(line);
    if (f.size() < 10) continue;
    SocketEndpoints ep;
    ep.family = static_cast<uint16_t>(family);
    ep.type = static_cast<uint16_t>(type);
    uint64_t ino = 0;
    if (!ParseInetEndpoint(f[1], addr_len, ep.local_addr, &ep.local_port) ||
        !ParseInetEndpoint(f[2], addr_len, ep.peer_addr, &ep.peer_port) ||
        !ParseNumber(f[9], 10, &ino) || ino == 0) {
      continue;
    }
    if (SocketName(ep, &name)) (*out)[ino] = name;
  }
}

void ParseProcNetUnix(std::string_view text, SocketNames* out) {
  std::string name;
  for (std::string_view line : Rows(text)) {
    const std::vector<std::string_view> f = Fields(line);
    uint64_t ino = 0;
    uint32_t type = 0;
    if (f.size() < 8 || !ParseNumber(f[6], 10, &ino) || !ParseNumber(f[4], 16, &type)) {
      continue;
    }
    // The path is the rest of the line (it may hold spaces); '@' marks an abstract name.
    const size_t at = static_cast<size_t>(f[7].data() - line.data());  // f[7] views `line`
    std::string_view path = line.substr(at);
    std::string abstract;
    SocketEndpoints ep;
    ep.family = AF_UNIX;
    ep.type = static_cast<uint16_t>(type);
    if (path[0] == '@') {
      abstract.assign(1, '\0').append(path.substr(1));
      ep.local_path = abstract;
    } else {
      ep.local_path = path;
    }
    if (SocketName(ep, &name)) (*out)[ino] = name;
  }
}

void ReadProcNet(const std::string& net_dir, SocketNames* out) {
  struct Table {
    const char* file;
    int family;
    int type;
  };
  static constexpr Table kInet[] = {{"tcp", AF_INET, SOCK_STREAM},
                                    {"tcp6", AF_INET6, SOCK_STREAM},
                                    {"udp", AF_INET, SOCK_DGRAM},
                                    {"udp6", AF_INET6, SOCK_DGRAM}};
  std::string text;
  for (const Table& t : kInet) {
    if (ReadText(net_dir + "/" + t.file, &text)) ParseProcNetInet(text, t.family, t.type, out);
  }
  if (ReadText(net_dir + "/unix", &text)) ParseProcNetUnix(text, out);
}

}  // namespace ior::internal
