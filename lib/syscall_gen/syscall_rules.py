"""Classification rules for the x86_64 syscall table (data only, no I/O).

generate_syscall_table.py applies these to the tracepoint snapshot. Every rule is keyed by the
TRACEPOINT name of a syscall (`newfstat`, `sendfile64`, `umount`), which is also the name the
table shows. Families and kinds follow the original tool (ior-behaviour.md §3); the capture plan
fields, file operations, decode rules and tracking are libior's own (include/ior/syscalls.h).
Every per-syscall rule of the library lives here: a new syscall, or a new rule for one, is an
entry below and a regenerated row, not new code.
"""

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Tracepoint name -> the classic (asm/unistd_64.h) name of the same syscall number. The table is
# keyed by the tracepoint name; the classic name is accepted as an alias on input.
TRACEPOINT_ALIASES = {
    "newstat": "stat",
    "newfstat": "fstat",
    "newlstat": "lstat",
    "newuname": "uname",
    "sendfile64": "sendfile",
    "umount": "umount2",
}

# Syscalls that never return to the caller on success: no exit handler, row made at enter.
NORETURN = {"exit", "exit_group", "rt_sigreturn"}

# ---------------------------------------------------------------------------------------------
# Families (ior-behaviour.md §3.1)
#
# Order of the rules: the explicit tables below; else FS if the name contains one of
# FS_SUBSTRINGS or is in FS_NAMES; else Misc. The AIO, Network, Polling and Time tables are the
# original's published lists verbatim; the others are chosen to follow its documented boundary
# rules and to come close to its published counts.
# ---------------------------------------------------------------------------------------------

FAMILY_ORDER = ["Network", "Memory", "Signals", "Sched", "IPC", "Time", "Process", "Security",
                "FS", "Polling", "AIO", "Misc"]

FAMILIES = {
    # Exactly the original's list (22).
    "Network": [
        "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt",
        "listen", "recvfrom", "recvmmsg", "recvmsg", "sendfile64", "sendmmsg", "sendmsg",
        "sendto", "setsockopt", "shutdown", "socket", "socketpair", "splice", "tee", "vmsplice",
    ],
    "Memory": [
        "brk", "get_mempolicy", "madvise", "map_shadow_stack", "mbind", "memfd_secret",
        "migrate_pages", "mincore", "mlock", "mlock2", "mlockall", "mmap", "move_pages",
        "mprotect", "mremap", "mseal", "msync", "munlock", "munlockall", "munmap", "pkey_alloc",
        "pkey_free", "pkey_mprotect", "process_madvise", "process_mrelease", "remap_file_pages",
        "set_mempolicy", "set_mempolicy_home_node", "userfaultfd",
    ],
    "Signals": [
        "kill", "pause", "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo",
        "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_tgsigqueueinfo", "sigaltstack",
        "tgkill", "tkill",
    ],
    "Sched": [
        "sched_get_priority_max", "sched_get_priority_min", "sched_getaffinity",
        "sched_getattr", "sched_getparam", "sched_getscheduler", "sched_rr_get_interval",
        "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler",
        "sched_yield",
    ],
    "IPC": [
        # System V
        "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop", "semtimedop",
        "shmat", "shmctl", "shmdt", "shmget",
        # POSIX message queues
        "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedsend", "mq_unlink",
        # futex* are IPC: they perform synchronization (boundary rule)
        "futex", "futex_requeue", "futex_wait", "futex_waitv", "futex_wake",
        # pipes and notification/event descriptors
        "pipe", "pipe2", "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create",
        "timerfd_gettime", "timerfd_settime", "inotify_init", "inotify_init1",
        "inotify_add_watch", "inotify_rm_watch", "fanotify_init", "fanotify_mark",
        # cross-process memory and descriptors
        "process_vm_readv", "process_vm_writev", "pidfd_getfd", "memfd_create",
    ],
    # Exactly the original's list (19).
    "Time": [
        "adjtimex", "alarm", "clock_adjtime", "clock_getres", "clock_gettime", "clock_nanosleep",
        "clock_settime", "getitimer", "gettimeofday", "nanosleep", "setitimer", "settimeofday",
        "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime",
        "timer_settime", "times",
    ],
    "Process": [
        # lifecycle
        "clone", "clone3", "execve", "execveat", "exit", "exit_group", "fork", "vfork", "wait4",
        "waitid",
        # identity, groups, sessions
        "getpid", "getppid", "gettid", "getpgid", "getpgrp", "getsid", "setpgid", "setsid",
        "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid", "setuid", "setgid",
        "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid", "getgroups",
        "setgroups",
        # attributes and limits
        "getpriority", "setpriority", "getrlimit", "setrlimit", "prlimit64", "getrusage",
        "ioprio_get", "ioprio_set", "prctl", "arch_prctl", "personality", "umask", "getcpu",
        "set_tid_address",
        # namespaces and process descriptors
        "unshare", "setns", "kcmp", "pidfd_open", "pidfd_send_signal",
    ],
    "Security": [
        "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "kexec_file_load",
        "kexec_load", "getrandom", "seccomp", "landlock_add_rule", "landlock_create_ruleset",
        "landlock_restrict_self", "capget", "capset", "add_key", "keyctl", "request_key",
        "ptrace", "bpf", "perf_event_open", "init_module", "finit_module", "delete_module",
    ],
    # The FS names that the substring rule below does not already catch.
    "FS": [],  # filled from FS_NAMES
    # Exactly the original's list (10).
    "Polling": [
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_pwait", "epoll_pwait2",
        "epoll_wait", "poll", "ppoll", "pselect6", "select",
    ],
    # Exactly the original's list (9).
    "AIO": [
        "io_cancel", "io_destroy", "io_getevents", "io_pgetevents", "io_setup", "io_submit",
        "io_uring_enter", "io_uring_register", "io_uring_setup",
    ],
    # rseq and set/get_robust_list are Misc (opt-in registration, boundary rule); the rest is
    # host administration and odds and ends. Anything no rule names also ends up here.
    "Misc": [
        "get_robust_list", "rseq", "set_robust_list", "restart_syscall", "membarrier",
        "newuname", "sethostname", "setdomainname", "sysinfo", "syslog", "reboot", "iopl",
        "ioperm", "modify_ldt", "vhangup", "sysfs", "uprobe", "uretprobe",
    ],
}

# FS when the name contains one of these.
FS_SUBSTRINGS = ["xattr", "stat", "chmod", "chown"]

# Explicit FS list: files, directories, descriptors, mounts.
FS_NAMES = [
    # descriptors and data
    "read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev", "preadv2",
    "pwritev2", "lseek", "close", "close_range", "dup", "dup2", "dup3", "fcntl", "ioctl",
    "flock", "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "fadvise64",
    "fallocate", "readahead", "ftruncate", "truncate", "copy_file_range", "getdents",
    "getdents64",
    # open/create
    "open", "openat", "openat2", "creat", "open_by_handle_at", "name_to_handle_at",
    # names
    "access", "faccessat", "faccessat2", "mkdir", "mkdirat", "rmdir", "mknod", "mknodat",
    "link", "linkat", "unlink", "unlinkat", "symlink", "symlinkat", "rename", "renameat",
    "renameat2", "readlink", "readlinkat", "chdir", "fchdir", "chroot", "getcwd", "utime",
    "utimes", "utimensat", "futimesat", "file_getattr", "file_setattr",
    # mounts, quota, swap, accounting
    "mount", "umount", "pivot_root", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
    "open_tree", "open_tree_attr", "mount_setattr", "listmount", "quotactl", "quotactl_fd",
    "swapon", "swapoff", "acct",
]
FAMILIES["FS"] = FS_NAMES

# ---------------------------------------------------------------------------------------------
# Kinds (ior-behaviour.md §3.2, order of §3.3)
#
# 1. KIND_BY_NAME: the name alone decides.
# 2. KIND_BY_NAME_AND_FIELD: the name plus an argument of that name decide.
#    Also: any `*open*` syscall with a `filename` argument is `open`.
# 3. Generic field rules, first argument (in order) that matches wins:
#    `newname` (user string)                  -> name
#    `fd` (int, unsigned int, unsigned long)  -> fd
#    `pathname`/`path`/`filename` (user str)  -> pathname
# 4. Fallback: `null` (header only).
# A syscall without a tracepoint in the snapshot has no fields: only step 1, else `null`.
# ---------------------------------------------------------------------------------------------

KINDS = [
    "fd", "open", "open-tree", "open-by-handle-at", "mq-open", "exec", "pathname", "fd-pathname",
    "name", "fcntl", "dup3", "two-fd", "socket", "socketpair", "accept", "pipe", "eventfd",
    "pidfd", "epoll-ctl", "poll", "mem", "mmap", "sleep", "keyctl", "ptrace", "perf-open", "bpf",
    "futex", "prctl", "proc", "module", "seccomp", "sysv-id", "sysv-op", "timer-obj", "null",
]

_KIND_LISTS = {
    "open-tree": ["open_tree", "open_tree_attr"],
    "open-by-handle-at": ["open_by_handle_at"],
    "exec": ["execve", "execveat"],
    "fd-pathname": ["inotify_add_watch", "fanotify_mark"],
    # ioctl is fcntl-shaped (fd, cmd, arg) in the newest original.
    "fcntl": ["fcntl", "ioctl"],
    "two-fd": ["close_range", "kcmp", "move_mount"],
    "socket": ["socket"],
    "socketpair": ["socketpair"],
    "accept": ["accept", "accept4"],
    "pipe": ["pipe", "pipe2"],
    # Calls that create a descriptor from flags (and a name for memfd_create/fsopen).
    "eventfd": [
        "eventfd", "eventfd2", "epoll_create", "epoll_create1", "signalfd", "signalfd4",
        "timerfd_create", "inotify_init", "inotify_init1", "fanotify_init", "memfd_create",
        "memfd_secret", "userfaultfd", "fsopen", "fsmount", "landlock_create_ruleset",
    ],
    # pidfd_getfd is here too: its `fd` argument is a descriptor of the other process.
    "pidfd": ["pidfd_open", "pidfd_getfd"],
    "epoll-ctl": ["epoll_ctl"],
    "poll": ["poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2"],
    "mem": [
        "brk", "madvise", "mincore", "mlock", "mlock2", "mprotect", "mremap", "mseal", "msync",
        "munlock", "munmap", "pkey_mprotect",
    ],
    "mmap": ["mmap"],
    "sleep": ["nanosleep", "clock_nanosleep"],
    "keyctl": ["keyctl", "add_key", "request_key"],
    "ptrace": ["ptrace"],
    "perf-open": ["perf_event_open"],
    "bpf": ["bpf"],
    "futex": ["futex", "futex_requeue", "futex_wait", "futex_waitv", "futex_wake"],
    "prctl": ["prctl", "arch_prctl"],
    "proc": ["clone", "clone3", "fork", "vfork", "wait4", "waitid", "exit", "exit_group"],
    "module": ["init_module", "finit_module", "delete_module"],
    "seccomp": ["seccomp"],
    "sysv-id": ["msgget", "semget", "shmget"],
    "sysv-op": ["msgctl", "msgrcv", "msgsnd", "semctl", "semop", "semtimedop", "shmat", "shmctl",
                "shmdt"],
    "timer-obj": ["timer_create", "timer_delete", "timer_getoverrun", "timer_gettime",
                  "timer_settime"],
    # Header only even though they have arguments (the original's OLD null list).
    "null": ["syslog", "sync"],
}
KIND_BY_NAME = {name: kind for kind, names in _KIND_LISTS.items() for name in names}

# (syscall, argument name, kind)
KIND_BY_NAME_AND_FIELD = [
    ("dup", "fildes", "fd"),
    ("dup2", "oldfd", "fd"),
    ("dup3", "oldfd", "dup3"),
    ("copy_file_range", "fd_in", "fd"),
    ("splice", "fd_in", "fd"),
    ("tee", "fdin", "fd"),
    ("sendfile64", "in_fd", "fd"),
    ("timerfd_gettime", "ufd", "fd"),
    ("timerfd_settime", "ufd", "fd"),
    ("mq_timedsend", "mqdes", "fd"),
    ("mq_timedreceive", "mqdes", "fd"),
    ("mq_notify", "mqdes", "fd"),
    ("mq_getsetattr", "mqdes", "fd"),
    ("mount", "dir_name", "pathname"),
    ("umount", "name", "pathname"),
    ("acct", "name", "pathname"),
    ("pivot_root", "new_root", "pathname"),
    ("quotactl", "special", "pathname"),
    ("swapon", "specialfile", "pathname"),
    ("swapoff", "specialfile", "pathname"),
    ("mq_open", "u_name", "mq-open"),
    ("mq_unlink", "u_name", "pathname"),
    ("name_to_handle_at", "name", "pathname"),
]

# Argument types the generic `fd` rule accepts.
FD_TYPES = {"int", "unsigned int", "unsigned long", "const int", "mqd_t"}
# Types of a user string argument.
STRING_TYPES = {"const char *", "char *"}
GENERIC_PATH_FIELDS = {"pathname", "path", "filename"}

# ---------------------------------------------------------------------------------------------
# Bytes classes: the README's "Bytes Classification" lists, verbatim.
# ---------------------------------------------------------------------------------------------

BYTES = {
    "read": [
        "fgetxattr", "flistxattr", "getdents", "getdents64", "getrandom", "getxattr",
        "lgetxattr", "listxattr", "llistxattr", "mq_timedreceive", "msgrcv", "pread64",
        "preadv", "preadv2", "process_vm_readv", "read", "readlink", "readlinkat", "readv",
        "recvfrom", "recvmsg", "syslog",
    ],
    "write": [
        "mq_timedsend", "msgsnd", "process_vm_writev", "pwrite64", "pwritev", "pwritev2",
        "sendmsg", "sendto", "write", "writev",
    ],
    "transfer": ["copy_file_range", "sendfile64", "splice", "tee", "vmsplice"],
}

# ---------------------------------------------------------------------------------------------
# Capture plan (include/ior/syscalls.h). Argument positions are 1-based.
# ---------------------------------------------------------------------------------------------

# fd_arg: the first argument with one of these names and an FD_TYPES type. `out_fd` is left out
# on purpose: sendfile64's fd_arg is its source `in_fd`, like copy_file_range/splice/tee.
FD_ARG_NAMES = {"fd", "fildes", "oldfd", "fd_in", "fdin", "in_fd", "ufd", "epfd", "fs_fd",
                "fanotify_fd", "ruleset_fd", "mqdes", "pidfd"}
# dirfd_arg: the first argument with one of these names. linkat/renameat/renameat2 (olddfd,
# newdfd) and move_mount (from_dfd, to_dfd) keep the first, the one of the old/source name.
DIRFD_ARG_NAMES = {"dfd", "olddfd", "newdfd", "from_dfd", "to_dfd", "mountdirfd"}
# Per-syscall corrections of the two rules above: (fd_arg, dirfd_arg).
FD_DIRFD_OVERRIDES = {
    # execveat's `fd` is the directory fd of the relative filename.
    "execveat": (0, 1),
}
# path_args: user strings read as names, up to two, in argument order (old then new).
PATH_ARG_NAMES = {"pathname", "filename", "path", "oldname", "newname", "from_pathname",
                  "to_pathname", "dir_name", "new_root", "put_old", "special", "specialfile",
                  "u_name"}
# Arguments that are names only for these syscalls (elsewhere `name` is e.g. an xattr name).
PATH_ARG_BY_SYSCALL = {
    ("umount", "name"), ("acct", "name"), ("name_to_handle_at", "name"),
    ("memfd_create", "uname"), ("fsopen", "_fs_name"),
}
# flags_arg: the first argument with one of these names.
FLAGS_ARG_NAMES = {"flags", "flag", "oflag", "at_flags"}
# mode_arg: an argument called `mode` of this type (not access(2)'s or fallocate(2)'s `int mode`).
MODE_TYPES = {"umode_t"}

# mem: syscall -> (argument name, bytes, at_exit). The argument must exist in the snapshot.
MEM = {
    "pipe": ("fildes", 8, True),         # int[2] written by the kernel
    "pipe2": ("fildes", 8, True),
    "socketpair": ("usockvec", 8, True),  # int[2]
    "nanosleep": ("rqtp", 16, False),     # struct __kernel_timespec
    "clock_nanosleep": ("rqtp", 16, False),
    "ppoll": ("tsp", 16, False),
    "pselect6": ("tsp", 16, False),
    "epoll_pwait2": ("timeout", 16, False),
    "select": ("tvp", 16, False),          # struct __kernel_old_timeval
    "epoll_ctl": ("event", 4, False),      # struct epoll_event.events
    "openat2": ("how", 24, False),         # struct open_how {flags, mode, resolve}
}

# A non-negative return value is a new file descriptor. (fcntl F_DUPFD, bpf and seccomp return
# descriptors only for some commands: not listed.)
RETURNS_FD = {
    "open", "openat", "openat2", "creat", "dup", "dup2", "dup3", "socket", "accept", "accept4",
    "eventfd", "eventfd2", "epoll_create", "epoll_create1", "signalfd", "signalfd4",
    "timerfd_create", "inotify_init", "inotify_init1", "fanotify_init", "memfd_create",
    "memfd_secret", "pidfd_open", "pidfd_getfd", "userfaultfd", "fsopen", "fsmount", "fspick",
    "open_tree", "open_tree_attr", "open_by_handle_at", "perf_event_open", "io_uring_setup",
    "landlock_create_ruleset", "mq_open",
}

# ---------------------------------------------------------------------------------------------
# File operation (ior::FileOp): what a call does to the file tracker's tables and which file its
# row names. Values are the enumerators of include/ior/syscalls.h without the `k`, in its order.
#
# Order of the rules: FILE_OPS; else "ProcFd" if the call returns a descriptor (RETURNS_FD: the
# tracker names it from /proc); else "Pathname" if it has a path argument; else "Fd" if it has a
# descriptor argument; else "None".
# ---------------------------------------------------------------------------------------------

FILE_OP_ENUM = [
    "None", "Fd", "Mmap", "Pathname", "Open", "Creat", "OpenTree", "MqOpen", "MqName", "Close",
    "CloseRange", "Dup", "Dup2", "Dup3", "Fcntl", "Ioctl", "Chdir", "Fchdir", "Exec", "Rename",
    "Symlink", "MoveMount", "Pipe", "Socketpair", "Socket", "Accept", "Connect", "Bind",
    "Eventfd", "Epoll", "Signalfd", "Timerfd", "Inotify", "Fanotify", "Userfaultfd", "IoUring",
    "Perf", "PidfdOpen", "PidfdGetfd", "Memfd", "Landlock", "FsContext", "Fsmount", "Bpf",
    "ProcFd",
]

FILE_OPS = {
    "open": "Open", "openat": "Open", "openat2": "Open",
    "creat": "Creat",
    "open_tree": "OpenTree", "open_tree_attr": "OpenTree",
    "mq_open": "MqOpen",
    "mq_unlink": "MqName",
    "close": "Close",
    "close_range": "CloseRange",
    "dup": "Dup",
    "dup2": "Dup2",
    "dup3": "Dup3",  # dup2 plus flags: O_CLOEXEC on the new descriptor
    "fcntl": "Fcntl",
    "ioctl": "Ioctl",
    "mmap": "Mmap",
    "chdir": "Chdir",
    "fchdir": "Fchdir",
    "execve": "Exec", "execveat": "Exec",
    # A link names a second path of the same file, like the new name of a rename.
    "rename": "Rename", "renameat": "Rename", "renameat2": "Rename",
    "link": "Rename", "linkat": "Rename",
    "symlink": "Symlink", "symlinkat": "Symlink",
    "move_mount": "MoveMount",
    "pipe": "Pipe", "pipe2": "Pipe",
    "socketpair": "Socketpair",
    "socket": "Socket",
    "accept": "Accept", "accept4": "Accept",
    "connect": "Connect",
    # listen binds an unbound inet socket to a port: its endpoints are worth reading again.
    "bind": "Bind", "listen": "Bind",
    "eventfd": "Eventfd", "eventfd2": "Eventfd",
    "epoll_create": "Epoll", "epoll_create1": "Epoll",
    "signalfd": "Signalfd", "signalfd4": "Signalfd",
    "timerfd_create": "Timerfd",
    "inotify_init": "Inotify", "inotify_init1": "Inotify",
    "fanotify_init": "Fanotify",
    "userfaultfd": "Userfaultfd",
    "io_uring_setup": "IoUring",
    "perf_event_open": "Perf",
    "pidfd_open": "PidfdOpen",
    "pidfd_getfd": "PidfdGetfd",  # the new descriptor is always close-on-exec
    "memfd_create": "Memfd",
    "landlock_create_ruleset": "Landlock",
    "fsopen": "FsContext", "fspick": "FsContext",
    "fsmount": "Fsmount",  # FSMOUNT_CLOEXEC
    "bpf": "Bpf",
}

# The file tracker needs the effect of these even when the call is not selected for output (it
# names files, the working directory or a socket's endpoints): the kernel side sends them as
# control records.
TRACKED_FILE_OPS = {
    "Open", "Creat", "OpenTree", "MqOpen", "Memfd", "Chdir", "Fchdir", "Rename", "Symlink",
    "Connect", "Bind", "Accept",
}

# ---------------------------------------------------------------------------------------------
# Decode rule (ior::DecodeRule): named event fields that need more than the generic plan
# positions (lib/event_fields.cc). Values are the enumerators of include/ior/syscalls.h without
# the `k`, in its order. A syscall not listed is "None".
# ---------------------------------------------------------------------------------------------

DECODE_RULE_ENUM = [
    "None", "FdPair", "Socketpair", "Sleep", "Poll", "Ppoll", "Select", "Pselect", "EpollWait",
    "EpollPwait2", "EpollCtl", "Dup2", "Extent1", "Mremap", "Socket", "Recvfrom", "Recvmsg",
    "XattrSize4", "XattrSize3", "OpenHow",
]

DECODE_RULES = {
    # Two descriptors written to user memory (the MEM rule copies them at exit).
    "pipe": "FdPair", "pipe2": "FdPair",
    "socketpair": "Socketpair",  # the fd pair, and domain, type, protocol like socket
    "nanosleep": "Sleep", "clock_nanosleep": "Sleep",  # requested timespec
    "poll": "Poll",              # nfds, timeout in ms
    "ppoll": "Ppoll",            # nfds, timespec
    "select": "Select",          # nfds, timeval
    "pselect6": "Pselect",       # nfds, timespec
    "epoll_wait": "EpollWait", "epoll_pwait": "EpollWait",  # maxevents, timeout in ms
    "epoll_pwait2": "EpollPwait2",  # maxevents, timespec
    "epoll_ctl": "EpollCtl",     # op, target fd, events
    "dup2": "Dup2", "dup3": "Dup2",  # the new descriptor (argument 2)
    # Length in argument 2.
    "mmap": "Extent1", "munmap": "Extent1", "mprotect": "Extent1", "madvise": "Extent1",
    "mlock": "Extent1", "mlock2": "Extent1", "munlock": "Extent1", "msync": "Extent1",
    "mremap": "Mremap",          # new length in argument 3
    "socket": "Socket",          # domain, type, protocol
    "recvfrom": "Recvfrom",      # MSG_PEEK moves nothing; MSG_TRUNC may return more than copied
    "recvmsg": "Recvmsg",        # MSG_PEEK
    # A size of 0 is a size probe: nothing copied.
    "getxattr": "XattrSize4", "lgetxattr": "XattrSize4", "fgetxattr": "XattrSize4",
    "listxattr": "XattrSize3", "llistxattr": "XattrSize3", "flistxattr": "XattrSize3",
    "openat2": "OpenHow",        # flags and mode in the struct open_how copied at enter
}
