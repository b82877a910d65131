// The name of a socket from its endpoints, as `strace -yy` prints it: "TCP:[127.0.0.1:41234->
// 127.0.0.1:5000]", "UDPv6:[[::1]:53]", "UNIX:[/run/x.sock]", "UNIX:[@abstract]".
//
// The kernel side reads the endpoints from the socket after the calls that set them
// (bpf/socket.bpf.h); /proc/<pid>/net names the sockets a process had before the trace.
#ifndef IOR_LIB_SOCKET_NAME_H_
#define IOR_LIB_SOCKET_NAME_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ior::internal {

struct SocketEndpoints {
  uint16_t family = 0;  // AF_INET, AF_INET6, AF_UNIX
  uint16_t type = 0;    // SOCK_STREAM, SOCK_DGRAM, ...
  // inet: addresses in network byte order (4 bytes used for AF_INET), ports in host order.
  uint8_t local_addr[16] = {};
  uint8_t peer_addr[16] = {};
  uint16_t local_port = 0;
  uint16_t peer_port = 0;
  // unix: the bound names of the socket and of its peer, as sun_path holds them (an abstract
  // name starts with a NUL byte; a path may end with NULs).
  std::string_view local_path;
  std::string_view peer_path;
};

// Writes the name of the socket into `*out`. False (and `*out` unchanged) when the endpoints
// say nothing better than "socket:[inode]": an unbound inet socket, a unix socket without a
// name on either end, another family.
bool SocketName(const SocketEndpoints& endpoints, std::string* out);

}  // namespace ior::internal

#endif  // IOR_LIB_SOCKET_NAME_H_
