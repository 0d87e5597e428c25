#pragma once
// The output's Specific Character Set, decided after the engine changed the text.
#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

// Is there any non-ASCII text left anywhere?
bool hasNonAsciiText(DcmItem& item);
// original: the input's value; converted: the data set was converted to UTF-8 before the engine.
void setCharacterSet(DcmDataset& dataset, const std::string& original, bool converted);

}  // namespace imaging::deid
