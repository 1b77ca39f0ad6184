# Install rules: the CLI, libgalley.so/.a, the header, galley.pc, the CMake
# package (find_package(galley) -> galley::galley, galley::galley_static) and
# the man page, in the GNU install directories.
include(CMakePackageConfigHelpers)

set(GALLEY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/galley)

if(TARGET galley_cli)
  install(TARGETS galley_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(TARGETS galley galley_shared EXPORT galleyTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/galley.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES docs/galley.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(EXPORT galleyTargets NAMESPACE galley:: DESTINATION ${GALLEY_CMAKE_DIR})
configure_package_config_file(cmake/galleyConfig.cmake.in
    ${PROJECT_BINARY_DIR}/galleyConfig.cmake INSTALL_DESTINATION ${GALLEY_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/galleyConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/galleyConfig.cmake
        ${PROJECT_BINARY_DIR}/galleyConfigVersion.cmake DESTINATION ${GALLEY_CMAKE_DIR})

# galley.pc finds its prefix from where it lies (${pcfiledir}), so that the
# tree stays right wherever `cmake --install --prefix` puts it.
set(GALLEY_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
foreach(d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${d}}")
    set(GALLEY_PC_${d} "${CMAKE_INSTALL_${d}}")
  else()
    set(GALLEY_PC_${d} "\${prefix}/${CMAKE_INSTALL_${d}}")
  endif()
endforeach()
if(IS_ABSOLUTE "${GALLEY_PC_DIR}")
  set(GALLEY_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH rel "/p/${GALLEY_PC_DIR}" "/p")
  string(REGEX REPLACE "/$" "" rel "${rel}")
  set(GALLEY_PC_PREFIX "\${pcfiledir}/${rel}")
endif()
configure_file(cmake/galley.pc.in ${PROJECT_BINARY_DIR}/galley.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/galley.pc DESTINATION ${GALLEY_PC_DIR})
