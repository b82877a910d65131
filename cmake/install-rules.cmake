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
