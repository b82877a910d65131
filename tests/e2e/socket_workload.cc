// A short-lived program that talks to itself over TCP on 127.0.0.1 and over a unix socket, for
// tests/e2e/socket_names_test.cc:
//   ior-socket-workload <unix socket path> <ports file>
// TCP: listener L bound to 127.0.0.1:0; client C connects; A = accept4(L). C writes "ping" (4
// bytes), A reads it, A writes "pong!" (5), C reads it. Unix: listener bound to the path; client
// U connects; B = accept4; U writes "hello" (5), B reads it. Then it writes
// "<listener port> <client port>\n" to the ports file and exits.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace {

int Fail(const char* what) {
  std::perror(what);
  return 1;
}

uint16_t LocalPort(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) return 0;
  return ntohs(a.sin_port);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return Fail("usage: ior-socket-workload <unix socket path> <ports file>");
  char buf[16];

  sockaddr_in loopback{};
  loopback.sin_family = AF_INET;
  loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) return Fail("socket");
  if (bind(listener, reinterpret_cast<sockaddr*>(&loopback), sizeof(loopback)) != 0) {
    return Fail("bind");
  }
  if (listen(listener, 4) != 0) return Fail("listen");
  loopback.sin_port = htons(LocalPort(listener));
  const int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client < 0) return Fail("socket");
  if (connect(client, reinterpret_cast<sockaddr*>(&loopback), sizeof(loopback)) != 0) {
    return Fail("connect");
  }
  const int accepted = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (accepted < 0) return Fail("accept4");
  if (write(client, "ping", 4) != 4) return Fail("write");
  if (read(accepted, buf, 4) != 4) return Fail("read");
  if (write(accepted, "pong!", 5) != 5) return Fail("write");
  if (read(client, buf, 5) != 5) return Fail("read");

  sockaddr_un path{};
  path.sun_family = AF_UNIX;
  std::strncpy(path.sun_path, argv[1], sizeof(path.sun_path) - 1);
  const int unix_listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (unix_listener < 0) return Fail("socket");
  if (bind(unix_listener, reinterpret_cast<sockaddr*>(&path), sizeof(path)) != 0) {
    return Fail("bind unix");
  }
  if (listen(unix_listener, 4) != 0) return Fail("listen");
  const int unix_client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (unix_client < 0) return Fail("socket");
  if (connect(unix_client, reinterpret_cast<sockaddr*>(&path), sizeof(path)) != 0) {
    return Fail("connect unix");
  }
  const int unix_accepted = accept4(unix_listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (unix_accepted < 0) return Fail("accept4");
  if (write(unix_client, "hello", 5) != 5) return Fail("write");
  if (read(unix_accepted, buf, 5) != 5) return Fail("read");

  FILE* ports = std::fopen(argv[2], "w");
  if (ports == nullptr) return Fail("ports file");
  std::fprintf(ports, "%u %u\n", ntohs(loopback.sin_port), LocalPort(client));
  return std::fclose(ports) == 0 ? 0 : Fail("ports file");
}
