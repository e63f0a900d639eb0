# cmake --install: the header (and the registries it includes), libskb.a and libskb.so, a CMake package
# (find_package(skb CONFIG) -> skb::skb) and a pkg-config file (skb.pc), in
# the GNUInstallDirs places.  The network descriptions of the benchmarks
# (skb_networks) and the programs are not installed.
include(CMakePackageConfigHelpers)

set(SKB_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/skb)
install(FILES kernels/skb.h kernels/skb_isas.inc kernels/skb_ops.inc kernels/skb_paths.inc
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS skb skb_shared EXPORT skbTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT skbTargets NAMESPACE skb:: DESTINATION ${SKB_CMAKE_DIR})

configure_package_config_file(cmake/skbConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/skbConfig.cmake INSTALL_DESTINATION ${SKB_CMAKE_DIR})
# Before 1.0 only the same major.minor promises the same API.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/skbConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/skbConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/skbConfigVersion.cmake
        DESTINATION ${SKB_CMAKE_DIR})

# skb.pc finds its prefix from its own place (${pcfiledir}), so an installed
# tree can be moved; absolute directories are written as they are.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(SKB_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(SKB_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" up "${up}")
  set(SKB_PC_PREFIX "\${pcfiledir}/${up}")
  set(SKB_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(SKB_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(SKB_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/skb.pc.in ${CMAKE_CURRENT_BINARY_DIR}/skb.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/skb.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
