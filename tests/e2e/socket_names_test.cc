// End-to-end: sockets are named by their endpoints, like strace -yy ("TCP:[a->b]",
// "UNIX:[/path]"), on both ends of a connection on 127.0.0.1 and of a unix socket, whether or
// not the calls that set the endpoints are selected, in a process that exits at once.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "trace_command.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::Only;
using ::ior::testing::PrintRows;
using ::ior::testing::Row;
using ::ior::testing::TempDir;
using ::ior::testing::TraceCommand;

constexpr char kComm[] = "ior-socket-work";  // the workload's comm: 15 bytes of its name

struct SocketRun {
  std::vector<Row> rows;
  std::string unix_path;
  std::string server;  // the accepted TCP socket, as named: local (listener) -> client
  std::string client;  // the client's TCP socket: client -> listener
  std::string listener;
};

SocketRun RunWorkload(const TempDir& dir, const std::vector<std::string>& syscalls) {
  SocketRun run;
  run.unix_path = dir.path() + "/x.sock";
  const std::string ports_file = dir.path() + "/ports";
  run.rows = TraceCommand({IOR_SOCKET_WORKLOAD_PATH, run.unix_path, ports_file}, syscalls);
  std::ifstream in(ports_file);
  unsigned listen_port = 0, client_port = 0;
  in >> listen_port >> client_port;
  EXPECT_NE(listen_port, 0u);
  EXPECT_NE(client_port, 0u);
  const std::string l = "127.0.0.1:" + std::to_string(listen_port);
  const std::string c = "127.0.0.1:" + std::to_string(client_port);
  run.server = "TCP:[" + l + "->" + c + "]";
  run.client = "TCP:[" + c + "->" + l + "]";
  run.listener = "TCP:[" + l + "]";
  return run;
}

// Only reads and writes are selected: connect, accept, bind and listen reach the tracker as
// control records, and every read and write names its socket.
TEST(SocketNamesE2E, BothEndsNamedWithOnlyReadAndWriteSelected) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  SocketRun run = RunWorkload(dir, {"read", "write"});
  SCOPED_TRACE(PrintRows(run.rows));
  std::vector<std::string> writes, reads;
  for (const Row& r : Only(run.rows, kComm, "write")) {
    if (r.file.rfind("TCP:", 0) == 0 || r.file.rfind("UNIX:", 0) == 0) writes.push_back(r.file);
  }
  for (const Row& r : Only(run.rows, kComm, "read")) {
    if (r.file.rfind("TCP:", 0) == 0 || r.file.rfind("UNIX:", 0) == 0) reads.push_back(r.file);
  }
  const std::string unix_name = "UNIX:[" + run.unix_path + "]";
  EXPECT_EQ(writes, (std::vector<std::string>{run.client, run.server, unix_name}));
  EXPECT_EQ(reads, (std::vector<std::string>{run.server, run.client, unix_name}));
  // No socket read or write is left as socket:[N].
  for (const Row& r : run.rows) EXPECT_EQ(r.file.rfind("socket:[", 0), std::string::npos);
}

// The calls that set the endpoints name them on their own rows.
TEST(SocketNamesE2E, ConnectAcceptBindListenRowsNameTheirSocket) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  SocketRun run = RunWorkload(dir, {"bind", "listen", "connect", "accept4"});
  SCOPED_TRACE(PrintRows(run.rows));
  const std::string unix_name = "UNIX:[" + run.unix_path + "]";
  auto files = [&](std::string_view call) {
    std::vector<std::string> out;
    for (const Row& r : Only(run.rows, kComm, call)) {
      EXPECT_GE(r.ret, 0) << call;
      out.push_back(r.file);
    }
    return out;
  };
  EXPECT_EQ(files("bind"), (std::vector<std::string>{run.listener, unix_name}));
  EXPECT_EQ(files("listen"), (std::vector<std::string>{run.listener, unix_name}));
  EXPECT_EQ(files("connect"), (std::vector<std::string>{run.client, unix_name}));
  EXPECT_EQ(files("accept4"), (std::vector<std::string>{run.server, unix_name}));
}

// A connection made before the trace, inherited by a shell that exits at once: named from
// /proc/<pid>/net when the process is first seen.
TEST(SocketNamesE2E, SocketOpenedBeforeTheTrace) {
  IOR_REQUIRE_TRACING();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int client = socket(AF_INET, SOCK_STREAM, 0);  // inherited by the command
  ASSERT_GE(client, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  sockaddr_in local{};
  len = sizeof(local);
  ASSERT_EQ(getsockname(client, reinterpret_cast<sockaddr*>(&local), &len), 0);
  const int accepted = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(accepted, 0);
  const int inherited = 9;  // dash takes single-digit descriptors only
  ASSERT_EQ(dup2(client, inherited), inherited);
  close(client);

  std::vector<Row> rows = TraceCommand({"/bin/sh", "-c", "echo hi >&9"}, {"write"});
  close(inherited);
  char buf[8];
  EXPECT_EQ(read(accepted, buf, sizeof(buf)), 3);
  close(accepted);
  close(listener);
  SCOPED_TRACE(PrintRows(rows));
  std::vector<Row> writes = Only(rows, "sh", "write");
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].ret, 3);
  EXPECT_EQ(writes[0].file, "TCP:[127.0.0.1:" + std::to_string(ntohs(local.sin_port)) +
                                "->127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "]");
}

}  // namespace
}  // namespace ior
