#pragma once
// The UIDs of a file that de-identification must replace: every UI value at any depth, the file
// meta included, except UIDs that name classes, syntaxes and implementations (never replaced) and
// standard 1.2.840.10008. UIDs. The scan collects them from each source file it parses anyway;
// verify then checks the export against them without reading the source once more. The walk is
// the one verify uses on the export (string values at every depth), so both see the same values.
#include <string>
#include <vector>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/plain_dataset.h"

namespace imaging::bridge {

bool isClassUidTag(const DcmTagKey& tag);
bool isStandardUid(const std::string& uid);
// The values of a multi-valued string, split at backslashes, spaces (and NUL padding) trimmed,
// empty values dropped.
std::vector<std::string> splitValues(const std::string& value);
// Sorted, without duplicates.
std::vector<std::string> collectReplaceableUids(DcmItem& meta, DcmItem& dataset);
// The same from the plain reader's elements (the file meta included).
std::vector<std::string> collectReplaceableUids(const PlainDataSet& file);

}  // namespace imaging::bridge
