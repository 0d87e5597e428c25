# Install rules (issue 17). Components:
#   Runtime      the programs, desktop entry, icon, man pages, documentation (what the .deb carries)
#   Licence      LICENSE (the .deb has Debian's copyright file instead)
#   Development  libimaging's public headers, static libraries and CMake package (find_package(ScanShare))
# Everything the installed programs read at run time is under the prefix or comes from Debian
# packages (DCMTK's dicom.dic, Tesseract's eng.traineddata); nothing points into the source or
# build tree. See docs/packaging.md.
include(CMakePackageConfigHelpers)

set(SCANSHARE_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/scanshare)
# share/doc/scanshare (Debian's name), not GNUInstallDirs' DOCDIR, which uses the project name (ScanShare).
set(SCANSHARE_INSTALL_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/scanshare)
set(SCANSHARE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/ScanShare)

# --- programs
install(TARGETS scanshare RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT Runtime)
if(TARGET scanshare-viewer)
  install(TARGETS scanshare-viewer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT Runtime)
  install(FILES packaging/scanshare-viewer.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT Runtime)
  install(FILES packaging/scanshare.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT Runtime)
endif()

# --- run-time data: Tesseract's English model, only when asked (the .deb depends on
# tesseract-ocr-eng instead). The OCR looks in <prefix>/share/scanshare/tessdata next to the program.
option(SCANSHARE_INSTALL_TESSDATA "Copy Tesseract's eng.traineddata into share/scanshare/tessdata" OFF)
if(SCANSHARE_INSTALL_TESSDATA)
  find_file(SCANSHARE_ENG_TRAINEDDATA eng.traineddata
            PATHS /usr/share/tesseract-ocr/5/tessdata /usr/share/tesseract-ocr/4.00/tessdata /usr/share/tessdata
            NO_DEFAULT_PATH REQUIRED)
  install(FILES ${SCANSHARE_ENG_TRAINEDDATA} DESTINATION ${SCANSHARE_INSTALL_DATADIR}/tessdata COMPONENT Runtime)
endif()

# --- man pages, gzipped as Debian wants them (gzip -n: reproducible)
find_program(SCANSHARE_GZIP gzip)
foreach(page scanshare.1 scanshare-viewer.1)
  if(page STREQUAL "scanshare-viewer.1" AND NOT TARGET scanshare-viewer)
    continue()
  endif()
  set(_in ${PROJECT_SOURCE_DIR}/packaging/man/${page})
  set(_out ${PROJECT_BINARY_DIR}/man/${page}.gz)
  add_custom_command(OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND sh -c "${SCANSHARE_GZIP} -9 -n -c '${_in}' > '${_out}'"
    DEPENDS ${_in} VERBATIM)
  list(APPEND _scanshare_man_pages ${_out})
endforeach()
add_custom_target(scanshare-man ALL DEPENDS ${_scanshare_man_pages})
install(FILES ${_scanshare_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT Runtime)

# --- documentation
install(FILES README.md DESTINATION ${SCANSHARE_INSTALL_DOCDIR} COMPONENT Runtime)
# The licence text: its own component, so the .deb carries Debian's copyright file instead
# (lintian: extra-license-file); a plain `cmake --install` installs every component, LICENSE included.
install(FILES LICENSE DESTINATION ${SCANSHARE_INSTALL_DOCDIR} COMPONENT Licence)
install(DIRECTORY docs/ DESTINATION ${SCANSHARE_INSTALL_DOCDIR} COMPONENT Runtime
        FILES_MATCHING PATTERN "*.md" PATTERN "*.svg" PATTERN "*.png")

# --- libimaging for other programs: headers, static libraries, package config
set(_imaging_libraries imaging_core imaging_text imaging_model imaging_media imaging_deid imaging_writer
    imaging_pixels imaging_ocr imaging_dicomweb imaging_send imaging_workflow imaging_about)
# The bridge and the warning flags are private to libimaging, but a static library's private
# dependencies are still needed at link time, so they are installed (link-only, no headers).
install(TARGETS imaging ${_imaging_libraries} imaging_bridge scanshare_warnings
        EXPORT ScanShareTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Development
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY libimaging/include/imaging DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT Development)
install(EXPORT ScanShareTargets NAMESPACE ScanShare:: DESTINATION ${SCANSHARE_INSTALL_CMAKEDIR}
        COMPONENT Development)
# Debian's Tesseract wants OpenMP switched off by the OCR module when it is there (libimaging/ocr).
get_target_property(_ocr_links imaging_ocr LINK_LIBRARIES)
set(SCANSHARE_USES_OPENMP 0)
if("OpenMP::OpenMP_CXX" IN_LIST _ocr_links)
  set(SCANSHARE_USES_OPENMP 1)
endif()
configure_package_config_file(cmake/ScanShareConfig.cmake.in ${PROJECT_BINARY_DIR}/ScanShareConfig.cmake
                              INSTALL_DESTINATION ${SCANSHARE_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ScanShareConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ScanShareConfig.cmake ${PROJECT_BINARY_DIR}/ScanShareConfigVersion.cmake
        DESTINATION ${SCANSHARE_INSTALL_CMAKEDIR} COMPONENT Development)
