#pragma once
// Small readers shared by the presentation state files (DCMTK inside libimaging only).
#include <dcmtk/dcmdata/dcitem.h>

#include <optional>
#include <vector>

#include "imaging/media/presentation_state.h"

namespace imaging::media {

// Every item of a sequence attribute of item (none when absent).
std::vector<DcmItem*> sequenceItems(DcmItem& item, const DcmTagKey& sequence);
// Every value of a numeric string (IS, DS) or binary integer attribute, as numbers.
std::vector<double> numbers(DcmItem& item, const DcmTagKey& tag);
std::optional<double> firstNumber(DcmItem& item, const DcmTagKey& tag);

// The Display Shutter, Displayed Area and Spatial Transformation modules of a presentation state
// (the displayed area chosen for the image referenced first).
void readDisplayModules(DcmItem& dataset, PresentationState& state);

}  // namespace imaging::media
