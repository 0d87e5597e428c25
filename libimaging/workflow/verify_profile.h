#pragma once
// verify's profile conformance check: every attribute PS3.15 Table E.1-1 removes (X), empties (Z)
// or replaces by a dummy (D) under the options the copy itself declares must be absent, empty or
// hold what ScanShare writes there (its dummies, its pseudonyms; another tool's copy: an obvious
// placeholder). It reads the standard's table as data (the generated rows) and decides on its
// own: the engine's code is never asked, so a gap in the engine is not a gap in the check. It
// needs no source: it is what stops `send` from letting a real birth date or a short ID leave.
// Private to the workflow module (DCMTK).
#include <cstdint>
#include <string>
#include <vector>

#include "dataset_walk.h"
#include "verify_text.h"

namespace imaging::workflow {

// What a copy says about how it was made, as far as the profile check needs it.
struct ProfileMarks {
  std::uint16_t option_columns = 0;  // Table E.1-1 option columns declared by CID 7050 code (bits)
  bool scanshare = false;            // "ScanShare" in De-identification Method: its own values only
  bool chosen_pseudonym = false;     // "Chosen pseudonym": the person chose the patient's name and ID
  // Attributes kept or replaced on purpose ("Verbatim", "Unsafe keep", "Replaced <Keyword>").
  std::vector<DcmTagKey> on_purpose;
  // A DICOMDIR carries no marks: it is checked under every file's (merge).
  void merge(const ProfileMarks& other);
};
ProfileMarks readProfileMarks(DcmItem& dataset);

struct ProfileFinding {
  std::string location;  // tag path in the file ("(0040,0275)[0].(0040,1001)"), empty for the file
  std::string detail;    // the attribute's name and the table's action, never the value
};

class ProfileCheck {
 public:
  // dicomdir: the values are a DICOMDIR's records (the writer's own placeholders for required keys
  // are accepted there too).
  ProfileCheck(ProfileMarks marks, bool dicomdir);
  // One string value at any depth (file meta included): empty when it may stay.
  std::vector<ProfileFinding> checkString(const VisitedValue& value) const;
  // Everything but strings, at every depth of `item` (a data set or the file meta): sequences
  // the profile removes or empties that still have items, binary values that are not empty or
  // zero, the file meta's private information.
  std::vector<ProfileFinding> checkNonStrings(DcmItem& item) const;

 private:
  ProfileMarks marks_;
  bool dicomdir_;
};

}  // namespace imaging::workflow
