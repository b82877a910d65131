#include "socket_name.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace ior::internal {
namespace {

bool AllZero(const uint8_t* p, size_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

// "127.0.0.1:5000", "[::1]:5000".
void AppendInet(int family, const uint8_t* addr, uint16_t port, std::string* out) {
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, addr, text, sizeof(text)) == nullptr) text[0] = '\0';
  if (family == AF_INET6) {
    out->append("[").append(text).append("]");
  } else {
    out->append(text);
  }
  out->append(":").append(std::to_string(port));
}

// A unix name without its trailing NULs; an abstract name (leading NUL) shown as "@name".
std::string_view UnixName(std::string_view path, bool* abstract) {
  *abstract = !path.empty() && path[0] == '\0';
  if (*abstract) return path.substr(1);
  size_t end = path.find('\0');
  return end == std::string_view::npos ? path : path.substr(0, end);
}

}  // namespace

bool SocketName(const SocketEndpoints& ep, std::string* out) {
  if (ep.family == AF_UNIX) {
    // The listener's name is the one both ends of a connection know: a server's accepted
    // socket carries it as its own, the client as its peer's.
    bool abstract = false;
    std::string_view name = UnixName(ep.local_path, &abstract);
    if (name.empty() && !abstract) name = UnixName(ep.peer_path, &abstract);
    if (name.empty() && !abstract) return false;
    out->assign("UNIX:[");
    if (abstract) out->append("@");
    out->append(name).append("]");
    return true;
  }
  if (ep.family != AF_INET && ep.family != AF_INET6) return false;
  const size_t addr_len = ep.family == AF_INET ? 4 : 16;
  const bool local = ep.local_port != 0 || !AllZero(ep.local_addr, addr_len);
  const bool peer = ep.peer_port != 0 || !AllZero(ep.peer_addr, addr_len);
  if (!local && !peer) return false;
  const char* proto = ep.type == SOCK_STREAM ? "TCP" : ep.type == SOCK_DGRAM ? "UDP" : "INET";
  out->assign(proto);
  if (ep.family == AF_INET6) out->append("v6");
  out->append(":[");
  AppendInet(ep.family, ep.local_addr, ep.local_port, out);
  if (peer) {
    out->append("->");
    AppendInet(ep.family, ep.peer_addr, ep.peer_port, out);
  }
  out->append("]");
  return true;
}

}  // namespace ior::internal
