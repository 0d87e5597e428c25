#pragma once
// Overlay planes stored apart from the pixels (60xx,3000): text a viewer draws over the image, so
// a region blacked out in the pixels must be cleared in them too. Private to the ocr module.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstddef>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

// Clears the overlay bits inside box (image pixel coordinates) of frame (from 0) in every overlay
// plane of the dataset that has its own Overlay Data; returns how many bits were set before.
std::size_t blackOutOverlays(DcmDataset& dataset, int frame, const PixelBox& box);

}  // namespace imaging::ocr_detail
