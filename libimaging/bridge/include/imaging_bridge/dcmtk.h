#pragma once
// Internal helpers shared by libimaging modules that talk to DCMTK. Never included from public
// headers or app/.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstdint>
#include <string>

#include "imaging/core/error.h"

namespace imaging::bridge {

// Checks once that DCMTK's data dictionary is loaded (Debian loads it from
// /usr/share/libdcmtk17/dicom.dic) and registers the decompression codecs. Throws
// Error(Configuration) with a clear message when the dictionary is missing. Thread-safe.
void ensureDcmtkReady();
// How many times ensureDcmtkReady has thrown in this process (cheap; never starts the load). For a
// caller whose threads meet that error as one file's problem but that must fail as a whole (the
// scan: a file DCMTK had to parse without its dictionary).
std::uint64_t dcmtkRefusals();

// Converts a failed OFCondition into the project's error, naming the file.
Error toError(const OFCondition& condition, const std::string& path, ErrorCode code = ErrorCode::Corrupt);

// The value of a string attribute of item (all values, backslash-joined), or "" when absent.
// Text is returned as stored; call convertDatasetToUtf8 first for UTF-8.
std::string getString(DcmItem& item, const DcmTagKey& tag);
int getInt(DcmItem& item, const DcmTagKey& tag, int fallback = 0);
// The last resort of getInt and its twins: the leading decimal integer of an attribute's stored
// text (strtol), else fallback.
int leadingInteger(const std::string& text, int fallback);

// Converts all text of the dataset from its Specific Character Set to UTF-8 (in memory) and sets
// Specific Character Set to ISO_IR 192. Returns false (dataset unchanged) when conversion fails.
// A sequence item that declares its own Specific Character Set (PS3.3 C.12.1.1.2) has its text
// (and that of the items nested in it that declare none) converted from that one; such item-level
// declarations are then removed, since the dataset's ISO_IR 192 applies to every item. Without any
// item-level declaration the result is what DCMTK's convertToUTF8() gives.
bool convertDatasetToUtf8(DcmDataset& dataset);

// One item of a top-level sequence, converted as convertDatasetToUtf8 converts it within its data
// set when that data set's own text needs no conversion (no Specific Character Set, or ISO_IR 192)
// and some item declares its own: from the item's declaration or those nested in it, which are then
// removed. For reading a DICOMDIR one record at a time. False, with the item unchanged, when a value
// does not convert (convertDatasetToUtf8 would then have left the whole data set unchanged).
bool convertSequenceItemToUtf8(DcmItem& item);

// Whether any sequence item, at any depth below `item`, has its own Specific Character Set.
bool hasItemLevelCharacterSet(DcmItem& item);

// VRs whose values are character strings (as opposed to binary numbers, sequences, bulk data).
bool isStringVr(DcmEVR vr) noexcept;

// "(0010,0010)"
std::string formatTag(const DcmTagKey& tag);

// Visits every element that is not a sequence, in every item at every depth, in order, and stops
// when visit returns false (then returns false). The door's structure guard bounds the depth.
template <typename Visit>
bool forEachValueElement(DcmItem& item, Visit&& visit) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    if (elem->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(elem);
      for (unsigned long i = 0; i < seq->card(); ++i)
        if (!forEachValueElement(*seq->getItem(i), visit)) return false;
    } else if (!visit(*elem)) {
      return false;
    }
  }
  return true;
}

}  // namespace imaging::bridge
