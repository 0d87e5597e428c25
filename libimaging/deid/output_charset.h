#pragma once
// The output's Specific Character Set, decided after the engine changed the text.
#include <string>

#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/dcmtk.h"
#include "plain_tree.h"

namespace imaging::deid {

// Is there any non-ASCII text left anywhere?
bool hasNonAsciiText(DcmItem& item);
// A recipe's replace value outside ASCII (UTF-8, docs/recipes.md) in a data set that was not
// converted: its text was ASCII (no Specific Character Set, ISO_IR 6) or emptied where it could
// not be converted, so UTF-8 (ISO_IR 192) describes all of it once such a value was written.
bool hasNonAsciiReplace(const DeidConfig& config);
// original: the input's value; converted: the data set was converted to UTF-8 before the engine;
// non_ascii_replace: hasNonAsciiReplace of the configuration.
void setCharacterSet(DcmDataset& dataset, const std::string& original, bool converted, bool non_ascii_replace);
// The same for a plain tree.
bool hasNonAsciiText(const TreeItem& item);
void setCharacterSet(TreeItem& dataset, const std::string& original, bool converted, bool non_ascii_replace);

}  // namespace imaging::deid
