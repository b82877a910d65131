# libbpf and its link dependencies as one target, `ior_libbpf` (Debian's shared libraries), and
# ior_link_fully_static(), which links one executable with no dynamic section at all.

pkg_check_modules(LIBBPF REQUIRED IMPORTED_TARGET libbpf)
add_library(ior_libbpf INTERFACE)
target_link_libraries(ior_libbpf INTERFACE PkgConfig::LIBBPF)

# Links `target` (which uses the core, target `ior`, and `extra_archives`, e.g. its own static
# libraries) as one fully static executable: the core archive, every Abseil archive and the
# static libbpf, libelf, zlib and zstd that Debian ships, in one group. Only this executable is
# linked this way: the Abseil and libbpf targets stay shared for everything else (a shared
# object such as libior.so or the Python module cannot take Debian's non-PIC archives).
function(ior_link_fully_static target)
  cmake_parse_arguments(ARG "" "" "ARCHIVES" ${ARGN})
  find_library(IOR_ABSL_BASE_ARCHIVE NAMES libabsl_base.a REQUIRED)
  get_filename_component(absl_dir "${IOR_ABSL_BASE_ARCHIVE}" DIRECTORY)
  file(GLOB absl_archives "${absl_dir}/libabsl_*.a")
  set(system_archives "")
  foreach(lib bpf elf z zstd)
    find_library(IOR_${lib}_ARCHIVE NAMES lib${lib}.a REQUIRED)
    list(APPEND system_archives "${IOR_${lib}_ARCHIVE}")
  endforeach()
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/include)
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_options(${target} PRIVATE -static)
  target_link_libraries(${target} PRIVATE
    -Wl,--start-group ${ARG_ARCHIVES} $<TARGET_FILE:ior> ${absl_archives} ${system_archives}
    -Wl,--end-group -pthread)
  add_dependencies(${target} ior)
endfunction()
