// The transfer syntax a file's pixel data is in. The meta header says so (0002,0010); when the
// meta lacks it, or the file has no meta at all, DCMTK has read the data set by looking at its
// first element (a valid VR after the tag: explicit VR; the group's byte order: endianness), and
// that is what the data set was read in.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include "imaging_bridge/dcmtk.h"
#include "own_decoders.h"

namespace imaging::pixels_detail {

std::string transferSyntaxOf(DcmFileFormat& file) {
  const std::string from_meta = bridge::getString(*file.getMetaInfo(), DCM_TransferSyntaxUID);
  if (!from_meta.empty()) return from_meta;
  const E_TransferSyntax read_as = file.getDataset()->getOriginalXfer();
  if (read_as == EXS_Unknown) return "";
  const char* uid = DcmXfer(read_as).getXferID();
  return uid ? uid : "";
}

}  // namespace imaging::pixels_detail
