// Runs the independent Parquet readers of tests/node/ (DuckDB, hyparquet) from C++ tests.
// Node and the npm packages are installed by cmake/setup-debian.sh; when they are missing the
// tests fail (they never skip) with a message that says so.
#ifndef IOR_TESTS_UNIT_NODE_RUNNER_H_
#define IOR_TESTS_UNIT_NODE_RUNNER_H_

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace ior::testing {

struct NodeResult {
  int exit_code = -1;
  std::string out;  // stdout (stderr is passed through to the test's log)
};

// Runs `node <IOR_NODE_DIR>/<script> args...` and collects its stdout.
inline NodeResult RunNode(const std::string& script, const std::vector<std::string>& args) {
  NodeResult result;
  int fds[2];
  if (pipe(fds) != 0) return result;
  const std::string path = std::string(IOR_NODE_DIR) + "/" + script;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(IOR_NODE));
    argv.push_back(const_cast<char*>(path.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  char buf[65536];
  for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;) result.out.append(buf, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  while (!result.out.empty() && result.out.back() == '\n') result.out.pop_back();
  return result;
}

// One DuckDB query; its rows as JSON (see tests/node/duckdb_query.mjs).
inline NodeResult DuckDb(const std::string& sql) { return RunNode("duckdb_query.mjs", {sql}); }

inline constexpr char kNodeHint[] =
    "node or the npm packages of tests/node are missing: run cmake/setup-debian.sh";

}  // namespace ior::testing

#endif  // IOR_TESTS_UNIT_NODE_RUNNER_H_
