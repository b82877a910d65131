# Writes the x86_64 syscall number → name table (a C++ include file) from the uapi header
# asm/unistd_64.h of Debian's linux-libc-dev. Run with cmake -P:
#   -DUNISTD=<path to unistd_64.h> -DOUTPUT=<path of the .inc to write>
# The header is a stable ABI description, independent of the build host's running kernel.
file(STRINGS "${UNISTD}" lines REGEX "^#define __NR_[a-z0-9_]+ [0-9]+$")
set(body "// Generated from ${UNISTD} by cmake/GenerateSyscallNames.cmake. Do not edit.\n")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "^#define __NR_([a-z0-9_]+) ([0-9]+)$" "{\\2, \"\\1\"}," entry "${line}")
  string(APPEND body "${entry}\n")
endforeach()
list(LENGTH lines count)
if(count LESS 300)
  message(FATAL_ERROR "${UNISTD} lists only ${count} syscalls; is it the x86_64 unistd_64.h?")
endif()
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
