#pragma once
// An inventory written out field by field, one line per patient, study, series and instance
// (harvested identifying values and UIDs included), so that two scans can be compared as text and
// a difference names itself.
#include <filesystem>
#include <string>

#include "imaging/model/model.h"

namespace inventory_text {

std::string describe(const imaging::Inventory& inventory);
// imaging::scan(folder) described, with the scan's own reader on or off (bridge::setPlainReading).
std::string scanned(const std::filesystem::path& folder, bool plain);

}  // namespace inventory_text
