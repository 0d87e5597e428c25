# CPack: the Debian package scanshare_<version>_amd64.deb (scripts/package.sh builds it).
# It carries the Runtime component only (programs, desktop entry, icon, man pages, docs); the
# libimaging headers and static libraries stay with `cmake --install` (docs/packaging.md).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "scanshare")
set(CPACK_PACKAGE_VENDOR "ScanShare")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "share medical images without sharing identity")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "scanshare")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_THREADS 0)
# Directories 0755 whatever the builder's umask.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# One package from the Runtime component.
set(CPACK_COMPONENTS_ALL Runtime)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

set(CPACK_DEBIAN_PACKAGE_NAME "scanshare")
set(CPACK_DEBIAN_FILE_NAME "scanshare_${PROJECT_VERSION}_amd64.deb")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "amd64")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "ScanShare maintainers <scanshare@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The long description (CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY first and indents the lines).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "ScanShare reads the DICOM images a hospital hands out (CD, folder, zip or
CD image), shows them, and writes a de-identified copy following DICOM
PS3.15 Annex E: names, IDs and dates are removed from the headers, from
free text and, with OCR, from text burned into the pixels.

This package contains the command line program scanshare (scan, anonymize,
verify, dump, render, ocr, send) and the desktop viewer scanshare-viewer.")
# Dependencies: computed from the shared libraries by dpkg-shlibdeps, plus what is read as data.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Tesseract and Leptonica (opened when the OCR first runs) and libcurl (when the first HTTP client
# is made) are not linked, so dpkg-shlibdeps cannot see them: their packages by Debian's naming of a SONAME (libtesseract.so.5 -> libtesseract5);
# tesseract-ocr-eng: eng.traineddata, read at run time by the OCR.
set(_deb_opened)
foreach(_soname ${SCANSHARE_TESSERACT_SONAME} ${SCANSHARE_LEPTONICA_SONAME} ${SCANSHARE_CURL_SONAME})
  string(REGEX REPLACE "^lib(.+)\\.so\\.([0-9]+)$" "lib\\1\\2" _package "${_soname}")
  list(APPEND _deb_opened "${_package}")
endforeach()
list(JOIN _deb_opened ", " _deb_opened)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_deb_opened}, tesseract-ocr-eng")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# Debian's own files: copyright (machine-readable) and the changelog (native package: changelog.gz).
set(_deb_doc ${PROJECT_BINARY_DIR}/debian-doc)
file(MAKE_DIRECTORY ${_deb_doc})
configure_file(${PROJECT_SOURCE_DIR}/packaging/copyright ${_deb_doc}/copyright COPYONLY)
string(TIMESTAMP _deb_date "%a, %d %b %Y %H:%M:%S +0000" UTC)  # honours SOURCE_DATE_EPOCH
file(WRITE ${_deb_doc}/changelog
"scanshare (${PROJECT_VERSION}) unstable; urgency=medium

  * Release ${PROJECT_VERSION} (commit ${SCANSHARE_GIT_COMMIT}).

 -- ${CPACK_DEBIAN_PACKAGE_MAINTAINER}  ${_deb_date}
")
add_custom_command(OUTPUT ${_deb_doc}/changelog.gz
  COMMAND sh -c "gzip -9 -n -c changelog > changelog.gz"
  WORKING_DIRECTORY ${_deb_doc} DEPENDS ${_deb_doc}/changelog VERBATIM)
add_custom_target(scanshare-debian-doc ALL DEPENDS ${_deb_doc}/changelog.gz)
install(FILES ${_deb_doc}/copyright ${_deb_doc}/changelog.gz DESTINATION ${SCANSHARE_INSTALL_DOCDIR} COMPONENT Runtime)

include(CPack)
