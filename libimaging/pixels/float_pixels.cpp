// Float Pixel Data (7FE0,0008, OF) and Double Float Pixel Data (7FE0,0009, OD), PS3.3 C.7.6.3:
// parametric maps store real values directly, one sample per pixel; DCMTK's DicomImage reads only
// (7FE0,0010). The values go into the frame unchanged (no rescale: these images have none).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "own_decoders.h"

namespace imaging::pixels_detail {

bool hasFloatPixelData(DcmDataset& dataset) {
  return dataset.tagExists(DCM_FloatPixelData) || dataset.tagExists(DCM_DoubleFloatPixelData);
}

void decodeFloatFrame(DcmDataset& dataset, int frame_index, Frame& frame, const std::string& path) {
  const int rows = bridge::getInt(dataset, DCM_Rows, 0);
  const int columns = bridge::getInt(dataset, DCM_Columns, 0);
  if (rows <= 0 || columns <= 0) throw Error(ErrorCode::Corrupt, "image has no size", path);
  if (bridge::getInt(dataset, DCM_SamplesPerPixel, 1) != 1)
    throw Error(ErrorCode::Unsupported, "cannot decode: float pixel data with more than one sample per pixel", path);
  const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns);
  const std::size_t first = count * static_cast<std::size_t>(frame_index);

  frame.width = columns;
  frame.height = rows;
  frame.samples_per_pixel = 1;
  frame.rescale_slope = 1.0;
  frame.rescale_intercept = 0.0;
  frame.values.resize(count);
  unsigned long available = 0;
  if (dataset.tagExists(DCM_FloatPixelData)) {
    const Float32* values = nullptr;
    if (dataset.findAndGetFloat32Array(DCM_FloatPixelData, values, &available).bad() || values == nullptr)
      throw Error(ErrorCode::Corrupt, "unreadable Float Pixel Data", path);
    if (available < first + count) throw Error(ErrorCode::Truncated, "pixel data shorter than the image", path);
    std::copy(values + first, values + first + count, frame.values.begin());
  } else {
    const Float64* values = nullptr;
    if (dataset.findAndGetFloat64Array(DCM_DoubleFloatPixelData, values, &available).bad() || values == nullptr)
      throw Error(ErrorCode::Corrupt, "unreadable Double Float Pixel Data", path);
    if (available < first + count) throw Error(ErrorCode::Truncated, "pixel data shorter than the image", path);
    std::transform(values + first, values + first + count, frame.values.begin(),
                   [](Float64 v) { return static_cast<float>(v); });
  }
  if (frame.photometric.empty()) frame.photometric = "MONOCHROME2";
  frame.monochrome1 = frame.photometric == "MONOCHROME1";
}

}  // namespace imaging::pixels_detail
