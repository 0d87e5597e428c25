#pragma once
// Collects the values that identify a patient from a dataset, at every sequence depth. Shared by
// the media scan (which gathers them once per file, while it has the header parsed anyway) and by
// the de-identification engine (which needs them for files it reads on its own).
#include "imaging/model/model.h"
#include <optional>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/plain_dataset.h"

namespace imaging::bridge {

// Values of `dataset` as stored, so call convertDatasetToUtf8 first for UTF-8 text. Institution
// and device values are kept apart because profiles may retain them.
IdentifyingValues collectIdentifyingValues(DcmItem& dataset);
// The same from the plain reader (text already converted to UTF-8 there); nullopt when a
// harvested element has a VR the plain reader leaves to DCMTK.
std::optional<IdentifyingValues> collectIdentifyingValues(const PlainDataSet& dataset);

// The dictionary VR of a standard tag when it is a string VR and elem is UN/OB; else EVR_UNKNOWN.
DcmEVR stringVrFor(DcmElement& elem);
// The raw bytes of a UN/OB element as text, padding trimmed.
std::string rawText(DcmElement& elem);

}  // namespace imaging::bridge
