#pragma once
// The UIDs of a file that de-identification must replace: every UI value at any depth, the file
// meta included, except UIDs that name syntaxes, implementations and coding schemes (never
// replaced) and standard 1.2.840.10008. UIDs. A SOP class UID outside the standard root (the
// file's own, the meta's, a referenced one) is a site's private class under its own root: replaced
// like an instance UID (DCMTK's UID dictionary names no private SOP class worth keeping). The scan collects them from each source file it parses anyway;
// verify then checks the export against them without reading the source once more. The walk is
// the one verify uses on the export (string values at every depth), so both see the same values.
#include <string>
#include <vector>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/plain_dataset.h"

namespace imaging::bridge {

bool isClassUidTag(const DcmTagKey& tag);
bool isStandardUid(const std::string& uid);
// The attributes among isClassUidTag's that name a SOP class (own, meta, referenced, related,
// original, in study): replaced when not standard.
bool namesAClass(const DcmTagKey& tag);
// The values of a multi-valued string, split at backslashes, spaces (and NUL padding) trimmed,
// empty values dropped.
std::vector<std::string> splitValues(const std::string& value);
// Sorted, without duplicates.
std::vector<std::string> collectReplaceableUids(DcmItem& meta, DcmItem& dataset);
// The same from the plain reader's elements (the file meta included).
std::vector<std::string> collectReplaceableUids(const PlainDataSet& file);

}  // namespace imaging::bridge
