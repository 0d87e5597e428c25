#include "imaging/about/components.h"

#include <charls/charls.h>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <openjpeg.h>
#include <openssl/crypto.h>

#include "imaging/core/error.h"
#include "imaging/core/shared_library.h"
#include "imaging/core/version.h"

namespace imaging {
namespace {

// Tesseract is not linked (the OCR opens it when first needed, shared_library.h): opened here for
// its version only when a version is asked for.
std::string tesseractVersion() {
  try {
    return SharedLibrary(SCANSHARE_TESSERACT_SONAME).function<const char* (*)()>("TessVersion")();
  } catch (const Error& e) {
    return std::string("not loadable (") + e.what() + ")";
  }
}

}  // namespace

std::vector<ComponentVersion> componentVersions(const ComponentVersion& vtk, const ComponentVersion& qt) {
  std::vector<ComponentVersion> out;
  out.push_back({"DCMTK", OFFIS_DCMTK_VERSION_STRING, "compiled"});
  out.push_back(vtk);
  out.push_back(qt);
#ifdef OPENSSL_VERSION_STRING
  out.push_back({"OpenSSL", OpenSSL_version(OPENSSL_VERSION_STRING), "runtime"});  // OpenSSL 3: "3.0.11"
#else
  out.push_back({"OpenSSL", OpenSSL_version(OPENSSL_VERSION), "runtime"});
#endif
  out.push_back({"OpenJPEG", opj_version(), "runtime"});
  out.push_back({"CharLS", charls_get_version_string(), "runtime"});
  out.push_back({"Tesseract", tesseractVersion(), "runtime"});
  return out;
}

std::string versionText(const std::string& program, const std::vector<ComponentVersion>& components) {
  std::string text = program + " " + versionString() + "\ncommit " + buildCommit() + "\n";
  for (const auto& c : components) {
    text += c.name + " " + c.version;
    if (!c.note.empty()) text += " (" + c.note + ")";
    text += "\n";
  }
  return text;
}

}  // namespace imaging
