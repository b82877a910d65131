// The sockets of a network namespace as /proc/<pid>/net lists them (tcp, tcp6, udp, udp6,
// unix), named by their endpoints (socket_name.h). Sockets a process had before the trace never
// pass through the calls the kernel side reports endpoints from; this names them when the
// process is first seen, while it lives.
#ifndef IOR_LIB_PROC_NET_H_
#define IOR_LIB_PROC_NET_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace ior::internal {

// Socket inode → name.
using SocketNames = absl::flat_hash_map<uint64_t, std::string>;

// Adds the sockets of one table's text: `family` AF_INET or AF_INET6 with `type` SOCK_STREAM
// (tcp, tcp6) or SOCK_DGRAM (udp, udp6), in the kernel's "sl local_address rem_address st ...
// inode" layout.
void ParseProcNetInet(std::string_view text, int family, int type, SocketNames* out);
// Adds the bound sockets of /proc/net/unix's text ("Num RefCount Protocol Flags Type St Inode
// Path"; an abstract name starts with '@').
void ParseProcNetUnix(std::string_view text, SocketNames* out);

// Reads all five tables of `net_dir` (e.g. "/proc/1234/net"); a missing table is skipped.
void ReadProcNet(const std::string& net_dir, SocketNames* out);

}  // namespace ior::internal

#endif  // IOR_LIB_PROC_NET_H_
