#pragma once
// Private to the writer: the few facts of the standard a DICOMDIR record needs (its record type's
// name, PS3.3 F.5, and the VR of each attribute it holds, PS3.6), kept here instead of asked of
// DCMTK. DCMTK's answers come from its data dictionary, a text file it parses on first use (some
// 110 M instructions); an export of plain files needs that dictionary nowhere else.
// tests/writer/dicomdir_standard_test.cpp checks every entry against DCMTK.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdirrec.h>

#include <cstdint>
#include <vector>

namespace imaging {

// DirectoryRecordType (0004,1430) as DCMTK writes it for a record type the writer makes; throws
// Error(Internal) for any other.
const char* directoryRecordTypeName(E_DirRecType type);
// Every record type directoryRecordTypeName knows.
std::vector<E_DirRecType> namedRecordTypes();

// The VR ("DA", "LO", ...) of an attribute the writer puts into a record; throws Error(Internal)
// for any other (a key added to a record without adding it here).
const char* recordAttributeVr(std::uint32_t tag);
// Every attribute recordAttributeVr knows (group << 16 | element).
std::vector<std::uint32_t> recordAttributeTags();

}  // namespace imaging
