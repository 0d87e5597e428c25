// Multi-frame JPEG whose frames span several fragments with no Basic Offset Table (ultrasound
// cine loops): DCMTK 3.6.7 finds a frame only through the offset table or one fragment per frame
// and gives up ("Invalid DICOM image"). The frame is found here by its SOI marker and put back as
// the only frame of the in-memory dataset, still compressed, for DCMTK's JPEG decoder.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>

#include "fragments.h"
#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "own_decoders.h"

namespace imaging::pixels_detail {

bool isolateJpegFrame(DcmDataset& dataset, int frame_index, const std::string& path) {
  const int frames = std::max(1, bridge::getInt(dataset, DCM_NumberOfFrames, 1));
  if (frames == 1) return false;
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) return false;
  auto* pixel_data = static_cast<DcmPixelData*>(element);
  const E_TransferSyntax xfer = dataset.getOriginalXfer();
  DcmPixelSequence* sequence = nullptr;
  if (pixel_data->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || sequence == nullptr) return false;
  if (fragmentCount(*sequence) == static_cast<unsigned long>(frames)) return false;  // DCMTK's own case

  std::vector<std::uint8_t> stream = frameBytes(*sequence, frame_index, frames, FrameStart::Jpeg, path);
  if (stream.size() % 2) stream.push_back(0);
  auto* single = new DcmPixelSequence(DCM_PixelSequenceTag);
  single->insert(new DcmPixelItem(DCM_PixelItemTag));  // empty offset table
  auto* fragment = new DcmPixelItem(DCM_PixelItemTag);
  if (fragment->putUint8Array(stream.data(), static_cast<unsigned long>(stream.size())).bad()) {
    delete fragment;
    delete single;
    throw Error(ErrorCode::Internal, "cannot isolate the JPEG frame", path);
  }
  single->insert(fragment);
  pixel_data->putOriginalRepresentation(xfer, nullptr, single);
  dataset.putAndInsertString(DCM_NumberOfFrames, "1");
  return true;
}

}  // namespace imaging::pixels_detail
