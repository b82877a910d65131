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
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/iorConfig.cmake.in
  ${PROJECT_BINARY_DIR}/iorConfig.cmake INSTALL_DESTINATION ${ior_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/iorConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/iorConfig.cmake ${PROJECT_BINARY_DIR}/iorConfigVersion.cmake
  DESTINATION ${ior_cmake_dir})

# The C ABI (capi/): libior.so with its SONAME links, the static archive libior_c.a, the C
# headers next to the C++ ones, both targets in the same package (ior::c, ior::c_static), and
# ior.pc for `pkg-config --cflags --libs ior`. Called by capi/CMakeLists.txt.
function(ior_install_capi shared static)
  cmake_parse_arguments(ARG "" "HEADERS_DIR" "GENERATED_HEADERS" ${ARGN})
  install(TARGETS ${shared} ${static} EXPORT iorTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY ${ARG_HEADERS_DIR} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h")
  install(FILES ${ARG_GENERATED_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ior)

  # Relocatable: the prefix is found from the .pc file's own place, so `cmake --install
  # --prefix` anywhere gives a working file.
  set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  file(RELATIVE_PATH pc_to_prefix /prefix/${pc_dir} /prefix)
  string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
  set(pc_file ${PROJECT_BINARY_DIR}/ior.pc)
  file(WRITE ${pc_file}
    "prefix=\${pcfiledir}/${pc_to_prefix}\n"
    "libdir=\${prefix}/${CMAKE_INSTALL_LIBDIR}\n"
    "includedir=\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}\n"
    "\n"
    "Name: ior\n"
    "Description: ${PROJECT_DESCRIPTION} (C API, shared library)\n"
    "Version: ${PROJECT_VERSION}\n"
    "Cflags: -I\${includedir}\n"
    "Libs: -L\${libdir} -lior\n")
  install(FILES ${pc_file} DESTINATION ${pc_dir})
endfunction()
