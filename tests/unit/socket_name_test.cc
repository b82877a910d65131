// Socket names from endpoints, as strace -yy prints them.
#include "socket_name.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cstring>
#include <string>
#include <string_view>

#include "proc_net.h"

namespace ior::internal {
namespace {

SocketEndpoints Inet(int type, const char* local, uint16_t lport, const char* peer,
                     uint16_t pport) {
  SocketEndpoints ep;
  ep.family = AF_INET;
  ep.type = static_cast<uint16_t>(type);
  EXPECT_EQ(inet_pton(AF_INET, local, ep.local_addr), 1);
  EXPECT_EQ(inet_pton(AF_INET, peer, ep.peer_addr), 1);
  ep.local_port = lport;
  ep.peer_port = pport;
  return ep;
}

std::string Name(const SocketEndpoints& ep) {
  std::string out = "unchanged";
  return SocketName(ep, &out) ? out : "false:" + out;
}

TEST(SocketName, TcpAndUdpOverIpv4) {
  EXPECT_EQ(Name(Inet(SOCK_STREAM, "127.0.0.1", 41234, "127.0.0.1", 5000)),
            "TCP:[127.0.0.1:41234->127.0.0.1:5000]");
  // Bound or listening: only the local side.
  EXPECT_EQ(Name(Inet(SOCK_STREAM, "0.0.0.0", 5000, "0.0.0.0", 0)), "TCP:[0.0.0.0:5000]");
  EXPECT_EQ(Name(Inet(SOCK_DGRAM, "10.0.0.2", 53000, "10.0.0.1", 53)),
            "UDP:[10.0.0.2:53000->10.0.0.1:53]");
  EXPECT_EQ(Name(Inet(SOCK_RAW, "127.0.0.1", 0, "0.0.0.0", 0)), "INET:[127.0.0.1:0]");
  // Nothing known: socket:[inode] stays.
  EXPECT_EQ(Name(Inet(SOCK_STREAM, "0.0.0.0", 0, "0.0.0.0", 0)), "false:unchanged");
}

TEST(SocketName, Ipv6AddressesAreBracketed) {
  SocketEndpoints ep;
  ep.family = AF_INET6;
  ep.type = SOCK_STREAM;
  ASSERT_EQ(inet_pton(AF_INET6, "::1", ep.local_addr), 1);
  ASSERT_EQ(inet_pton(AF_INET6, "2001:db8::7", ep.peer_addr), 1);
  ep.local_port = 8080;
  ep.peer_port = 443;
  EXPECT_EQ(Name(ep), "TCPv6:[[::1]:8080->[2001:db8::7]:443]");
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:127.0.0.1", ep.local_addr), 1);
  ep.type = SOCK_DGRAM;
  std::memset(ep.peer_addr, 0, sizeof(ep.peer_addr));
  ep.peer_port = 0;
  EXPECT_EQ(Name(ep), "UDPv6:[[::ffff:127.0.0.1]:8080]");
}

TEST(SocketName, UnixSocketsByTheirBoundName) {
  using std::string_view_literals::operator""sv;
  SocketEndpoints ep;
  ep.family = AF_UNIX;
  ep.type = SOCK_STREAM;
  // A server's accepted socket carries the listener's name as its own.
  ep.local_path = "/run/x.sock\0"sv;
  EXPECT_EQ(Name(ep), "UNIX:[/run/x.sock]");
  // A client: unbound, its peer has the name.
  ep.local_path = {};
  ep.peer_path = "/run/x.sock"sv;
  EXPECT_EQ(Name(ep), "UNIX:[/run/x.sock]");
  // The abstract namespace: a leading NUL, shown as '@'.
  ep.peer_path = "\0ior-test"sv;
  EXPECT_EQ(Name(ep), "UNIX:[@ior-test]");
  // A socketpair: no name anywhere.
  ep.peer_path = {};
  EXPECT_EQ(Name(ep), "false:unchanged");
}

TEST(SocketName, OtherFamiliesAreNotNamed) {
  SocketEndpoints ep;
  ep.family = AF_NETLINK;
  ep.local_port = 1;
  EXPECT_EQ(Name(ep), "false:unchanged");
}

// /proc/<pid>/net tables, as the kernel prints them (little-endian host).
TEST(ProcNet, ParsesInetTables) {
  constexpr char kTcp[] =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
      "timeout inode\n"
      "   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        "
      "0 4321 1 0000000000000000 100 0 0 10 0\n"
      "   1: 0100007F:A112 0100007F:1388 01 00000000:00000000 00:00000000 00000000     0        "
      "0 4322 1 0000000000000000 20 4 30 10 -1\n"
      "   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        "
      "0 0 1\n";  // inode 0: a socket in TIME_WAIT, not ours to name
  SocketNames names;
  ParseProcNetInet(kTcp, AF_INET, SOCK_STREAM, &names);
  EXPECT_EQ(names.size(), 2u);
  EXPECT_EQ(names[4321], "TCP:[127.0.0.1:5000]");
  EXPECT_EQ(names[4322], "TCP:[127.0.0.1:41234->127.0.0.1:5000]");

  constexpr char kUdp6[] =
      "  sl  local_address                         remote_address                        st "
      "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
      "  0: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 "
      "00000000:00000000 00:00000000 00000000   0        0 777 2 0000000000000000 0\n";
  ParseProcNetInet(kUdp6, AF_INET6, SOCK_DGRAM, &names);
  EXPECT_EQ(names[777], "UDPv6:[[::1]:53]");
  // Garbage lines are skipped, not misread.
  ParseProcNetInet("header\n 0: zz:1 00:0 0A a b c d e 99\n", AF_INET, SOCK_STREAM, &names);
  EXPECT_FALSE(names.contains(99));
}

TEST(ProcNet, ParsesUnixTableWithPathsAndAbstractNames) {
  constexpr char kUnix[] =
      "Num       RefCount Protocol Flags    Type St Inode Path\n"
      "0000000000000000: 00000002 00000000 00010000 0001 01 5001 /run/x.sock\n"
      "0000000000000000: 00000002 00000000 00000000 0002 01 5002 @ior abstract\n"
      "0000000000000000: 00000003 00000000 00000000 0001 03 5003\n";  // unbound: no name
  SocketNames names;
  ParseProcNetUnix(kUnix, &names);
  EXPECT_EQ(names.size(), 2u);
  EXPECT_EQ(names[5001], "UNIX:[/run/x.sock]");
  EXPECT_EQ(names[5002], "UNIX:[@ior abstract]");
}

}  // namespace
}  // namespace ior::internal
