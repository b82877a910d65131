# Builds eBPF programs with clang and turns them into a bpftool skeleton header.
#
#   ior_add_bpf_skeleton(<target> NAME <skeleton name> SOURCES a.bpf.c ... [HEADERS ...])
#
# creates an INTERFACE library <target> whose include directory holds <skeleton name>'s header
# "<first source stem>.skel.h". The BPF object is embedded in that header, so nothing is read at
# run time. The build uses only the uapi headers of the toolchain, never the build host's
# kernel BTF: field offsets are relocated (CO-RE) when the object is loaded.

find_program(IOR_BPF_CLANG NAMES clang clang-14 DOC "clang that can target bpf")
find_program(IOR_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin DOC "bpftool for skeletons")
if(NOT IOR_BPF_CLANG)
  message(FATAL_ERROR "clang not found: run cmake/setup-debian.sh or set IOR_BPF_CLANG")
endif()
if(NOT IOR_BPFTOOL)
  message(FATAL_ERROR "bpftool not found: run cmake/setup-debian.sh or set IOR_BPFTOOL")
endif()

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(IOR_BPF_ARCH x86)
else()
  message(FATAL_ERROR "libior's kernel side supports x86_64 only (got ${CMAKE_SYSTEM_PROCESSOR})")
endif()

function(ior_add_bpf_skeleton target)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;HEADERS" ${ARGN})
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  file(MAKE_DIRECTORY "${out_dir}")
  set(objects "")
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(stem "${src}" NAME_WE)
    set(obj "${out_dir}/${stem}.bpf.o")
    add_custom_command(
      OUTPUT "${obj}"
      COMMAND "${IOR_BPF_CLANG}" -g -O2 -Wall -Werror -target bpf
              -D__TARGET_ARCH_${IOR_BPF_ARCH}
              -I/usr/include/${CMAKE_LIBRARY_ARCHITECTURE}
              -I${CMAKE_CURRENT_SOURCE_DIR}
              -c "${CMAKE_CURRENT_SOURCE_DIR}/${src}" -o "${obj}"
      DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${src}" ${ARG_HEADERS}
      COMMENT "BPF ${src}"
      VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()
  list(GET ARG_SOURCES 0 first)
  get_filename_component(first_stem "${first}" NAME_WE)
  set(linked "${out_dir}/${ARG_NAME}.o")
  set(skel "${out_dir}/${first_stem}.skel.h")
  add_custom_command(
    OUTPUT "${skel}"
    COMMAND "${IOR_BPFTOOL}" gen object "${linked}" ${objects}
    COMMAND sh -c "\"${IOR_BPFTOOL}\" gen skeleton \"${linked}\" name ${ARG_NAME} > \"${skel}.tmp\""
    COMMAND "${CMAKE_COMMAND}" -E rename "${skel}.tmp" "${skel}"
    DEPENDS ${objects}
    COMMENT "BPF skeleton ${ARG_NAME}"
    VERBATIM)
  add_custom_target(${target}_generate DEPENDS "${skel}")
  add_library(${target} INTERFACE)
  target_include_directories(${target} INTERFACE "${out_dir}")
  add_dependencies(${target} ${target}_generate)
endfunction()
