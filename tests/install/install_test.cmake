# cmake -P script run by ctest (tests/install/CMakeLists.txt): install into WORK/prefix and use it
# the way a user and another program would. Fails (message(FATAL_ERROR)) at the first broken step.
cmake_minimum_required(VERSION 3.22)
foreach(var BUILD_DIR SOURCE_DIR WORK MAKE_SAMPLE VERSION LIBDIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_test.cmake: -D${var}=... missing")
  endif()
endforeach()

set(PREFIX ${WORK}/prefix)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# run(<name> <expected exit codes> COMMAND ...): runs in WORK (never the build or source tree),
# sets <name>_out to stdout+stderr.
function(run name codes)
  execute_process(${ARGN} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc IN_LIST codes)
    message(FATAL_ERROR "${name}: exit ${rc}, expected ${codes}\n${out}")
  endif()
  set(${name}_out "${out}" PARENT_SCOPE)
  message(STATUS "${name}: ok (exit ${rc})")
endfunction()

# 1. Install everything (Runtime and Development components).
run(install 0 COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
set(expected
  bin/scanshare
  share/man/man1/scanshare.1.gz
  share/doc/scanshare/README.md
  share/doc/scanshare/LICENSE
  share/doc/scanshare/copyright
  share/doc/scanshare/user-guide-cli.md
  include/imaging/core/version.h
  include/imaging/about/components.h
  include/imaging/media/scan.h
  ${LIBDIR}/libimaging_core.a
  ${LIBDIR}/cmake/ScanShare/ScanShareConfig.cmake
  ${LIBDIR}/cmake/ScanShare/ScanShareConfigVersion.cmake
  ${LIBDIR}/cmake/ScanShare/ScanShareTargets.cmake)
if(VIEWER_BUILT)
  list(APPEND expected bin/scanshare-viewer share/man/man1/scanshare-viewer.1.gz
       share/applications/scanshare-viewer.desktop share/icons/hicolor/scalable/apps/scanshare.svg)
endif()
foreach(f ${expected})
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
# Nothing installed may point back into the source or build tree (headers, CMake package files).
file(GLOB_RECURSE text_files ${PREFIX}/include/* ${PREFIX}/${LIBDIR}/cmake/*)
foreach(f ${text_files})
  file(READ ${f} content)
  foreach(tree ${SOURCE_DIR} ${BUILD_DIR})
    string(FIND "${content}" "${tree}/" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} refers to ${tree}")
    endif()
  endforeach()
endforeach()
find_program(READELF readelf)
if(READELF)
  run(readelf 0 COMMAND ${READELF} -d ${PREFIX}/bin/scanshare)
  if(readelf_out MATCHES "R(UN)?PATH")
    message(FATAL_ERROR "installed scanshare has an RPATH/RUNPATH:\n${readelf_out}")
  endif()
endif()

# 2. The installed program: --version, then a scan of a small generated CD.
run(version 0 COMMAND ${PREFIX}/bin/scanshare --version)
foreach(line "scanshare ${VERSION}" "commit " "DCMTK 3" "OpenSSL " "OpenJPEG 2" "Tesseract ")
  string(FIND "${version_out}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "--version lacks '${line}':\n${version_out}")
  endif()
endforeach()
run(make_sample 0 COMMAND ${MAKE_SAMPLE} --variant bench-small --count 3 --out ${WORK}/cd)
run(scan 0 COMMAND ${PREFIX}/bin/scanshare scan ${WORK}/cd --json)
if(NOT scan_out MATCHES "\"patients\"")
  message(FATAL_ERROR "scan printed no patients:\n${scan_out}")
endif()
if(VIEWER_BUILT)
  run(viewer_version 0 COMMAND ${PREFIX}/bin/scanshare-viewer --version)
  if(NOT viewer_version_out MATCHES "scanshare-viewer ${VERSION}")
    message(FATAL_ERROR "viewer --version:\n${viewer_version_out}")
  endif()
endif()

# 3. Another program: configure, build and run tests/install/consumer against the prefix only.
set(consumer_args -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK}/consumer-build -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
if(COMPILER_LAUNCHER)
  list(APPEND consumer_args -DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER})
endif()
run(consumer_configure 0 COMMAND ${CMAKE_COMMAND} ${consumer_args})
run(consumer_build 0 COMMAND ${CMAKE_COMMAND} --build ${WORK}/consumer-build)
run(consumer_run 0 COMMAND ${WORK}/consumer-build/scanshare-consumer ${WORK}/cd)
if(NOT consumer_run_out MATCHES "ScanShare ${VERSION}" OR NOT consumer_run_out MATCHES "patients 1")
  message(FATAL_ERROR "consumer output:\n${consumer_run_out}")
endif()
message(STATUS "install prefix test passed: ${PREFIX}")
