#pragma once
// Visits every element value of a DICOM item at every depth of its sequences (DCMTK; private).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <functional>
#include <string>

namespace imaging::workflow {

struct VisitedValue {
  std::string location;  // "(0008,1140)[0].(0008,1155)"
  DcmTagKey tag;
  DcmEVR vr;
  int depth;             // 0 for top-level elements
  std::string value;     // all values, backslash-joined, as stored in the item
};

// Calls f for every element with a string VR (AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT).
void visitStrings(DcmItem& item, const std::function<void(const VisitedValue&)>& f);
// The same for an item met inside a larger one: locations start with prefix ("(0004,1220)[3].")
// and depths with depth, as visiting the larger item would give them.
void visitStrings(DcmItem& item, const std::string& prefix, int depth,
                  const std::function<void(const VisitedValue&)>& f);

// Calls f for every OB, OW and UN element at every depth but bulk samples (pixel, overlay, curve
// and waveform data: random bytes would read as words by chance); value holds the bytes, OW in
// little endian order.
void visitBinaries(DcmItem& item, const std::function<void(const VisitedValue&)>& f);

}  // namespace imaging::workflow
