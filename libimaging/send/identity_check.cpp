// PatientIdentityRemoved is the mark the anonymizer leaves; send relies on it (not on guessing).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include "imaging/send/send.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging {
namespace {

bool isMarkedDeidentified(const std::filesystem::path& path) {
  DcmFileFormat file;
  // Stop right after (0012,0062): the pixel data (and everything else) is never read.
  const DcmTagKey after_mark(0x0012, 0x0063);
  if (file.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect, after_mark).bad())
    return false;
  OFString value;
  if (file.getDataset()->findAndGetOFString(DCM_PatientIdentityRemoved, value).bad()) return false;
  return value.compare("YES") == 0;
}

}  // namespace

std::size_t countNotDeidentified(const Inventory& inventory) {
  bridge::ensureDcmtkReady();
  std::size_t count = 0;
  inventory.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& instance) {
    if (!isMarkedDeidentified(instance.path)) ++count;
  });
  return count;
}

}  // namespace imaging
