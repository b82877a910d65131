// One traced system call, and the batches in which a session delivers them.
//
//   session->Poll(absl::Seconds(1), [](const ior::EventBatch& batch) {
//     for (const ior::Event& e : batch.events())
//       std::printf("%s %s -> %lld\n", e.comm, ior::SyscallName(e.nr).c_str(), e.ret);
//     return 0;
//   });
#ifndef IOR_INCLUDE_IOR_EVENT_H_
#define IOR_INCLUDE_IOR_EVENT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ior {

inline constexpr size_t kEventArgs = 6;
inline constexpr size_t kCommLength = 16;

// Event::flags bits.
inline constexpr uint32_t kEventNoReturn = 0x1;       // exit, exit_group, rt_sigreturn: no ret
inline constexpr uint32_t kEventFirstOnThread = 0x2;  // first event of its thread: gap_ns is 0
inline constexpr uint32_t kEventPathFault = 0x4;      // a path could not be read (even at exit)
inline constexpr uint32_t kEventPathRetried = 0x8;    // a path faulted at enter, read at exit

// What Event::file_ref names. The library carries structure; renderings such as the CSV's
// `old -> new`, `E:ino:<n>` and `N:file` belong to the sinks (see ior/file_label.h).
enum class FileStatus : uint8_t {
  kNone = 0,        // the call touches no file, or nothing about it is known
  kPath = 1,        // an absolute path
  kRelative = 2,    // a path relative to a directory that was not known
  kKernelName = 3,  // not a path: "pipe:[12]", "anon_inode:[eventfd]", "TCP:[a:1->b:2]", ...
  kIdentity = 4,    // unnamed: only the identity (file_ino, file_dev) is known
};

// Event fields that hold no descriptor.
inline constexpr int32_t kNoFd = -1;
// Event::timeout_ns values that are not durations.
inline constexpr int64_t kTimeoutInfinite = -1;
inline constexpr int64_t kTimeoutNone = -2;  // the call has no timeout, or it was not readable

// A completed system call. Plain data with a fixed size, so a batch is one contiguous array
// that bindings can expose without copying; strings (paths) live in the batch's arena.
//
// The named fields are decoded from the raw arguments and the memory the kernel side copied,
// following the syscall's capture plan (see ior/syscalls.h); they are kNoFd / 0 / kTimeoutNone
// where the syscall has no such argument.
struct Event {
  uint64_t enter_ns;          // CLOCK_BOOTTIME when the call entered the kernel
  uint64_t latency_ns;        // time spent in the call; 0 for kEventNoReturn
  uint64_t gap_ns;            // enter minus the exit of the thread's previous event; 0 if first
  int64_t ret;                // return value (negative errno on failure); 0 for kEventNoReturn
  uint64_t args[kEventArgs];  // the raw syscall arguments
  uint64_t bytes;             // bytes moved, by the syscall's bytes class (0 if none)
  int64_t timeout_ns;         // sleep request or poll/select/epoll timeout; kTimeout* otherwise
  uint64_t length;            // memory extent of mmap/munmap/mremap/madvise/mprotect/m(un)lock
  // Identity (inode, device) of the files behind descriptors, 0 if none or unreadable:
  // [0] the fd argument's file at enter, or for an *at() call without one its directory
  // descriptor's (pipe/socketpair: fds[0]); [1] the returned
  // descriptor's file (pipe/socketpair: fds[1]).
  uint64_t ino[2];
  uint32_t pid;           // process (thread group) id
  uint32_t tid;           // thread id
  uint32_t nr;            // syscall number (x86_64)
  uint32_t flags;         // kEvent* bits
  int32_t fd;             // the descriptor argument, or kNoFd
  int32_t dirfd;          // the directory descriptor of *at() calls (AT_FDCWD = -100)
  int32_t target_fd;      // epoll_ctl's target, dup2/dup3's new descriptor, else kNoFd
  int32_t nfds;           // poll/select/epoll_wait: descriptors or max events, else 0
  int32_t fds[2];         // pipe/pipe2/socketpair: the descriptors created, else kNoFd
  uint32_t dev[2];        // devices of ino[]
  uint32_t open_flags;    // open/openat/openat2/creat flags, other calls' flags argument
  uint32_t mode;          // file mode argument, else 0
  uint32_t epoll_events;  // epoll_ctl's event mask, else 0
  int32_t socket_domain;  // socket/socketpair: domain, type and protocol, else 0
  int32_t socket_type;
  int32_t socket_protocol;
  uint8_t family;        // ior::Family of the syscall
  uint8_t bytes_class;   // ior::BytesClass of the syscall
  uint8_t epoll_op;      // epoll_ctl's op (EPOLL_CTL_ADD 1, DEL 2, MOD 3), else 0
  uint8_t file_status;   // ior::FileStatus: what file_ref holds
  uint32_t path_ref[2];  // paths as the call named them: EventBatch::Path(), 0 = none
  // The file the call touched (see FileStatus): EventBatch::File(); for rename, link and
  // symlink calls the new name. 0 = none.
  uint32_t file_ref;
  uint32_t old_file_ref;  // rename/link: the old name; symlink: the target; else 0
  uint32_t fd_flags;      // open flags of the call's descriptor (O_ACCMODE, status, O_CLOEXEC)
  uint64_t file_ino;      // identity (inode, device) of the file the call touched, 0 if unknown
  uint32_t file_dev;
  uint32_t reserved;
  char comm[kCommLength];  // task name, NUL-terminated, at most 15 characters
  // The task's cgroup v2 id (the inode of its directory under /sys/fs/cgroup) when it was
  // first seen or last executed; 0 if unknown.
  uint64_t cgroup_id;
};
static_assert(sizeof(Event) == 256);

// A run of events in the order the kernel produced them (per thread, in call order), with the
// strings they refer to. Move-only; the session hands out batches it no longer touches, so a
// consumer may keep one as long as it likes.
class EventBatch {
 public:
  EventBatch() = default;
  explicit EventBatch(std::vector<Event> events) : events_(std::move(events)) {}
  EventBatch(EventBatch&&) = default;
  EventBatch& operator=(EventBatch&&) = default;
  EventBatch(const EventBatch&) = delete;
  EventBatch& operator=(const EventBatch&) = delete;

  std::span<const Event> events() const { return events_; }
  size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }

  // Path i (0 or 1) of `event`, which must belong to this batch; empty if it has none. For
  // rename/link calls path 0 is the old name and path 1 the new one. Valid while the batch is.
  std::string_view Path(const Event& event, int i) const { return String(event.path_ref[i & 1]); }

  // The file the call touched (Event::file_status says what it is): an absolute path, or a
  // kernel name such as "pipe:[1234]"; for rename/link/symlink calls the new name. Empty when
  // unnamed. Valid while the batch is.
  std::string_view File(const Event& event) const { return String(event.file_ref); }
  // Rename/link calls: the old name; symlink: the link's target. Empty otherwise.
  std::string_view OldFile(const Event& event) const { return String(event.old_file_ref); }
  // The string of a reference (Event::path_ref, file_ref, old_file_ref); empty for 0.
  std::string_view String(uint32_t ref) const {
    return ref == 0 ? std::string_view() : std::string_view(strings_.data() + ref - 1);
  }

  // For producers: the underlying storage, and adding a NUL-free string (returns its ref).
  std::vector<Event>& mutable_events() { return events_; }
  uint32_t AddString(std::string_view s) {
    uint32_t ref = static_cast<uint32_t>(strings_.size()) + 1;
    strings_.append(s);
    strings_.push_back('\0');
    return ref;
  }
  const std::string& strings() const { return strings_; }

 private:
  std::vector<Event> events_;
  std::string strings_;  // NUL-terminated strings, referenced by offset + 1
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_EVENT_H_
