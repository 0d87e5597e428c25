# Libraries ScanShare opens when first needed (dlopen, imaging/core/shared_library.h) instead of
# linking them: their headers are found here and their run-time names (SONAME) become compile
# definitions, so that no command pays for binding them at start (Tesseract with Leptonica: about
# 12 ms a process; libcurl with its TLS and HTTP libraries: about 4 ms; docs/benchmarks.md). The
# .deb names their packages itself (ScanSharePackaging).
find_package(CURL REQUIRED)
pkg_check_modules(TESSERACT REQUIRED tesseract)
pkg_check_modules(LEPTONICA REQUIRED lept)

# out: the SONAME of the library pkg-config `prefix` links (libNAME.so -> libNAME.so.MAJOR...).
function(scanshare_library_soname out prefix name)
  find_library(_scanshare_${prefix}_path NAMES ${name} HINTS ${${prefix}_LIBRARY_DIRS} REQUIRED)
  file(REAL_PATH "${_scanshare_${prefix}_path}" real)
  get_filename_component(file "${real}" NAME)
  if(NOT file MATCHES "^(lib.+\\.so\\.[0-9]+)")
    message(FATAL_ERROR "cannot tell the run-time name of ${real}")
  endif()
  set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

scanshare_library_soname(SCANSHARE_TESSERACT_SONAME TESSERACT tesseract)
scanshare_library_soname(SCANSHARE_LEPTONICA_SONAME LEPTONICA lept)
scanshare_library_soname(SCANSHARE_CURL_SONAME CURL curl)
message(STATUS "Opened when needed: ${SCANSHARE_TESSERACT_SONAME}, ${SCANSHARE_LEPTONICA_SONAME}, ${SCANSHARE_CURL_SONAME}")
