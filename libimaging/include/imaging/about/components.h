#pragma once
// What a build of ScanShare is made of: its version, commit and the libraries it runs with. For
// `scanshare --version`, the viewer's About box and bug reports.
#include <string>
#include <vector>

namespace imaging {

struct ComponentVersion {
  std::string name;     // "DCMTK", "VTK", "Qt", "OpenSSL", "OpenJPEG", "CharLS", "Tesseract"
  std::string version;  // "3.6.7"; "not built" when the program has no such part
  std::string note;     // how it was found: "compiled", "runtime", "viewer build"; may be empty
};

// DCMTK, VTK, Qt, OpenSSL, OpenJPEG, CharLS and Tesseract, in that order. DCMTK's version is the
// one compiled against (DCMTK has no runtime call); OpenSSL, OpenJPEG, CharLS and Tesseract are asked at run
// time. libimaging does not use VTK or Qt: the caller passes what it knows (the viewer its runtime
// versions, the command line the versions the viewer was configured with).
std::vector<ComponentVersion> componentVersions(const ComponentVersion& vtk, const ComponentVersion& qt);

// The text of `--version`: "<program> <version>", "commit <hash>", then one "<name> <version>" line
// per component (with " (<note>)" when there is a note).
std::string versionText(const std::string& program, const std::vector<ComponentVersion>& components);

}  // namespace imaging
