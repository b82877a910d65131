#include "ior/trace_json.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/error.h"
#include "ior/event.h"
#include "ior/event_values.h"
#include "ior/file_label.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "json_text.h"
#include "staged_file.h"

namespace ior {
namespace {

using internal::AppendJsonText;

constexpr size_t kFileBuffer = size_t{1} << 20;

// Nanoseconds as microseconds with three decimals: 1234567 -> "1234.567".
void AppendMicros(uint64_t ns, std::string* out) {
  char buf[32];
  char* p = std::to_chars(buf, buf + sizeof(buf), ns / 1000).ptr;
  const uint64_t frac = ns % 1000;
  *p++ = '.';
  *p++ = static_cast<char>('0' + frac / 100);
  *p++ = static_cast<char>('0' + frac / 10 % 10);
  *p++ = static_cast<char>('0' + frac % 10);
  out->append(buf, static_cast<size_t>(p - buf));
}

// The instant event a call gets besides its slice, or "".
std::string_view InstantName(const Event& e) {
  if ((e.flags & kEventNoReturn) != 0) return "exit";
  if (e.ret < 0) return "";
  switch (e.nr) {
    case SYS_execve:
    case SYS_execveat:
      return "exec";
    case SYS_clone:
    case SYS_clone3:
    case SYS_fork:
    case SYS_vfork:
      return e.ret > 0 ? "fork" : "";  // the parent's return: the child's id
    default:
      return "";
  }
}

}  // namespace

struct TraceJsonSink::State {
  std::string path;
  std::optional<internal::StagedFile> staged;  // reset once published or abandoned
  TraceJsonOptions options;
  FILE* file = nullptr;  // over a dup() of the staged file's descriptor
  bool first = true;     // no event written yet (no comma before the next)
  bool closed = false;
  uint64_t written = 0;
  uint64_t dropped = 0;
  absl::Status status;
  absl::Status close_status;
  // Names written for each process and thread, to rename them when their comm changes.
  absl::flat_hash_map<uint32_t, std::string> process_names;
  absl::flat_hash_map<uint32_t, std::string> thread_names;
  std::string out;      // the events of one batch, written at once
  std::string scratch;  // UTF-8 repairs
  std::string label;    // composed file labels

  void Fail(absl::Status s) {
    if (status.ok()) status = std::move(s);
  }
  void BeginEvent() {
    if (!first) out.append(",\n");
    first = false;
  }
  void Name(const char* what, uint32_t pid, uint32_t tid, std::string_view comm);
  void Instant(std::string_view name, uint32_t pid, uint32_t tid, uint64_t ts_ns,
               std::string_view note);
  void Slice(const EventBatch& batch, const Event& e);
  void Flush();
};

void TraceJsonSink::State::Name(const char* what, uint32_t pid, uint32_t tid,
                                std::string_view comm) {
  BeginEvent();
  absl::StrAppend(&out, "{\"ph\":\"M\",\"name\":\"", what, "\",\"pid\":", pid, ",\"tid\":", tid,
                  ",\"args\":{\"name\":\"");
  AppendJsonText(comm, &scratch, &out);
  out.append("\"}}");
}

void TraceJsonSink::State::Instant(std::string_view name, uint32_t pid, uint32_t tid,
                                   uint64_t ts_ns, std::string_view note) {
  BeginEvent();
  out.append("{\"ph\":\"i\",\"s\":\"t\",\"name\":\"");
  AppendJsonText(name, &scratch, &out);
  absl::StrAppend(&out, "\",\"pid\":", pid, ",\"tid\":", tid, ",\"ts\":");
  AppendMicros(ts_ns, &out);
  if (!note.empty()) {
    out.append(",\"args\":{\"note\":\"");
    AppendJsonText(note, &scratch, &out);
    out.append("\"}");
  }
  out.push_back('}');
}

void TraceJsonSink::State::Slice(const EventBatch& batch, const Event& e) {
  const std::string_view comm(e.comm, strnlen(e.comm, kCommLength));
  if (auto [it, added] = process_names.try_emplace(e.pid); added || it->second != comm) {
    // A process is named after its main thread's comm (or the first comm seen for it).
    if (added || e.tid == e.pid) {
      it->second.assign(comm);
      Name("process_name", e.pid, e.pid, comm);
    }
  }
  if (auto [it, added] = thread_names.try_emplace(e.tid); added || it->second != comm) {
    it->second.assign(comm);
    Name("thread_name", e.pid, e.tid, comm);
  }

  BeginEvent();
  const bool no_return = (e.flags & kEventNoReturn) != 0;
  out.append("{\"ph\":\"X\",\"name\":\"");
  if (std::string_view name = KnownSyscallName(e.nr); !name.empty()) {
    out.append(name);
  } else {
    absl::StrAppend(&out, "syscall_", e.nr);
  }
  out.append("\",\"cat\":\"");
  out.append(FamilyName(static_cast<Family>(e.family)));
  absl::StrAppend(&out, "\",\"pid\":", e.pid, ",\"tid\":", e.tid, ",\"ts\":");
  AppendMicros(e.enter_ns, &out);
  out.append(",\"dur\":");
  AppendMicros(e.latency_ns, &out);
  out.append(",\"args\":{\"file\":\"");
  AppendJsonText(FileLabel(batch, e, &label), &scratch, &out);
  out.push_back('"');
  if (!no_return) {
    absl::StrAppend(&out, ",\"ret\":", e.ret);
    if (IsErrorReturn(e.ret)) {
      absl::StrAppend(&out, ",\"errno\":\"", std::string(ErrnoName(static_cast<int>(-e.ret))),
                      "\"");
    }
  }
  if (e.bytes != 0) absl::StrAppend(&out, ",\"bytes\":", e.bytes);
  out.append("}}");
  ++written;

  if (std::string_view instant = InstantName(e); !instant.empty()) {
    Instant(instant, e.pid, e.tid, e.enter_ns + e.latency_ns, "");
  }
}

void TraceJsonSink::State::Flush() {
  if (out.empty() || !status.ok()) return;
  if (std::fwrite(out.data(), 1, out.size(), file) != out.size()) {
    Fail(ErrnoStatus(errno, absl::StrCat("cannot write ", staged->temp_path())));
  }
  out.clear();
}

absl::StatusOr<std::unique_ptr<TraceJsonSink>> TraceJsonSink::Create(const std::string& path,
                                                                     TraceJsonOptions options) {
  if (path.empty()) return absl::InvalidArgumentError("the trace JSON path is empty");
  absl::StatusOr<internal::StagedFile> staged =
      internal::StagedFile::Create(path, options.overwrite);
  if (!staged.ok()) return staged.status();
  auto state = std::make_unique<State>();
  state->path = path;
  state->options = options;
  const int fd = ::fcntl(staged->fd(), F_DUPFD_CLOEXEC, 0);
  state->file = fd < 0 ? nullptr : ::fdopen(fd, "w");
  if (state->file == nullptr) {
    if (fd >= 0) ::close(fd);
    return ErrnoStatus(errno, absl::StrCat("cannot open ", staged->temp_path()));
  }
  state->staged.emplace(*std::move(staged));
  setvbuf(state->file, nullptr, _IOFBF, kFileBuffer);
  state->out = "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
  state->Flush();
  return std::unique_ptr<TraceJsonSink>(new TraceJsonSink(std::move(state)));
}

TraceJsonSink::TraceJsonSink(std::unique_ptr<State> state) : state_(std::move(state)) {}

TraceJsonSink::~TraceJsonSink() { (void)Close(); }

void TraceJsonSink::Write(const EventBatch& batch) {
  State& s = *state_;
  for (const Event& e : batch.events()) {
    if (!s.status.ok() || s.closed ||
        (s.options.max_events != 0 && s.written >= s.options.max_events)) {
      ++s.dropped;
      continue;
    }
    s.Slice(batch, e);
  }
  s.Flush();
}

absl::Status TraceJsonSink::Close() {
  State& s = *state_;
  if (s.closed) return s.close_status;
  s.closed = true;
  std::string note;
  if (s.dropped != 0) {
    note = absl::StrCat("ior: ", s.dropped, " calls not shown (trace JSON capped at ",
                        s.options.max_events, " slices)");
    s.Instant("ior: trace capped", 0, 0, 0, note);
  }
  absl::StrAppend(&s.out, "\n],\"otherData\":{\"producer\":\"libior\",\"slices\":", s.written,
                  ",\"calls_not_shown\":", s.dropped);
  if (!note.empty()) {
    s.out.append(",\"note\":\"");
    AppendJsonText(note, &s.scratch, &s.out);
    s.out.push_back('"');
  }
  s.out.append("}}\n");
  s.Flush();
  if (s.status.ok() && std::fflush(s.file) != 0) {
    s.Fail(ErrnoStatus(errno, absl::StrCat("cannot write ", s.staged->temp_path())));
  }
  if (std::fclose(s.file) != 0 && s.status.ok()) {
    s.Fail(ErrnoStatus(errno, absl::StrCat("cannot write ", s.staged->temp_path())));
  }
  s.file = nullptr;
  if (s.status.ok()) s.Fail(s.staged->Publish());
  s.staged.reset();  // removes the temporary file when it was not published
  s.close_status = s.status;
  return s.close_status;
}

const std::string& TraceJsonSink::path() const { return state_->path; }
uint64_t TraceJsonSink::events_written() const { return state_->written; }
uint64_t TraceJsonSink::events_dropped() const { return state_->dropped; }
absl::Status TraceJsonSink::status() const { return state_->status; }

}  // namespace ior
