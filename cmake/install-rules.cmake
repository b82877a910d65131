# Installs libior (static archive + public headers) with a CMake package (find_package(ior))
# and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS ior EXPORT iorTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ior DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

set(ior_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/ior)
install(EXPORT iorTargets NAMESPACE ior:: DESTINATION ${ior_cmake_dir})

# What a static link of the core needs after it, in link order, as plain library names (Debian's
# shared Abseil and libbpf for an ordinary link, their archives with -static): written into
# ior.pc's Libs.private, ior-cxx.pc and iorConfig.cmake's ior::c_static, so that none of them
# needs Abseil's CMake or pkg-config files.
pkg_check_modules(IOR_LINK_DEPS REQUIRED absl_status absl_statusor absl_time absl_strings
                  absl_flat_hash_map absl_flat_hash_set libbpf libzstd)
set(IOR_STATIC_DEPS ${IOR_LINK_DEPS_STATIC_LIBRARIES} stdc++ m)
list(REMOVE_DUPLICATES IOR_STATIC_DEPS)
list(TRANSFORM IOR_STATIC_DEPS PREPEND "-l" OUTPUT_VARIABLE ior_static_deps_flags)
list(JOIN ior_static_deps_flags " " IOR_STATIC_DEPS_FLAGS)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/iorConfig.cmake.in
  ${PROJECT_BINARY_DIR}/iorConfig.cmake INSTALL_DESTINATION ${ior_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/iorConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/iorConfig.cmake ${PROJECT_BINARY_DIR}/iorConfigVersion.cmake
  DESTINATION ${ior_cmake_dir})

# The C ABI (capi/): libior.so with its SONAME links and the static libior.a, the C headers
# and the C++ wrapper ior.hpp next to the C++ ones. ior::c is exported on its own
# (iorCTargets.cmake, no Abseil); iorConfig.cmake declares ior::c_static over libior.a. ior.pc
# serves `pkg-config --cflags --libs ior` (and --static), ior-cxx.pc the C++ core. Called by
# capi/CMakeLists.txt.
function(ior_install_capi shared static)
  cmake_parse_arguments(ARG "" "HEADERS_DIR" "GENERATED_HEADERS" ${ARGN})
  install(TARGETS ${shared} EXPORT iorCTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(TARGETS ${static} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT iorCTargets NAMESPACE ior:: DESTINATION ${ior_cmake_dir})
  install(DIRECTORY ${ARG_HEADERS_DIR} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
  install(FILES ${ARG_GENERATED_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ior)

  # Relocatable: the prefix is found from the .pc file's own place, so `cmake --install
  # --prefix` anywhere gives a working file.
  set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  file(RELATIVE_PATH pc_to_prefix /prefix/${pc_dir} /prefix)
  string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
  set(pc_head
    "prefix=\${pcfiledir}/${pc_to_prefix}\n"
    "libdir=\${prefix}/${CMAKE_INSTALL_LIBDIR}\n"
    "includedir=\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}\n"
    "\n")
  file(WRITE ${PROJECT_BINARY_DIR}/ior.pc ${pc_head}
    "Name: ior\n"
    "Description: ${PROJECT_DESCRIPTION} (C API: libior.so, or libior.a with --static)\n"
    "Version: ${PROJECT_VERSION}\n"
    "Cflags: -I\${includedir}\n"
    "Libs: -L\${libdir} -lior\n"
    "Libs.private: ${IOR_STATIC_DEPS_FLAGS} -pthread\n")
  file(WRITE ${PROJECT_BINARY_DIR}/ior-cxx.pc ${pc_head}
    "Name: ior-cxx\n"
    "Description: ${PROJECT_DESCRIPTION} (C++ core: libior_cxx.a, C++20, Abseil)\n"
    "Version: ${PROJECT_VERSION}\n"
    "Cflags: -I\${includedir}\n"
    "Libs: -L\${libdir} -lior_cxx ${IOR_STATIC_DEPS_FLAGS} -pthread\n")
  install(FILES ${PROJECT_BINARY_DIR}/ior.pc ${PROJECT_BINARY_DIR}/ior-cxx.pc
    DESTINATION ${pc_dir})
endfunction()
