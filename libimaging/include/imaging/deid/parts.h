#pragma once
// Injectable parts of de-identification: each is an interface with a keyed default.
#include <memory>
#include <string>
#include <vector>

#include "imaging/deid/key.h"

namespace imaging {

class UidMapper {
 public:
  virtual ~UidMapper() = default;
  // Maps an instance/series/study/frame-of-reference UID; deterministic and collision-free in
  // practice. Never called for well-known class or transfer syntax UIDs.
  virtual std::string map(const std::string& uid) const = 0;
};
// "2.25." + decimal of the first 128 bits of HMAC-SHA256(key, "uid", uid).
std::unique_ptr<UidMapper> makeHmacUidMapper(const Key& key);

class DateShifter {
 public:
  virtual ~DateShifter() = default;
  // Offset in days for one source patient; never zero.
  virtual int offsetDays(const std::string& patient_identity_key) const = 0;
};
// Offset in [-3650, -1] days from HMAC(key, "date", identity); keep_weekday rounds to weeks.
std::unique_ptr<DateShifter> makeHmacDateShifter(const Key& key, bool keep_weekday = false);

struct Pseudonym {
  std::string name;  // PN, e.g. "ANON^7KQ2M9"
  std::string id;    // e.g. "SS-7KQ2M9XW"
};
class PseudonymProvider {
 public:
  virtual ~PseudonymProvider() = default;
  virtual Pseudonym forPatient(const std::string& patient_identity_key) const = 0;
};
std::unique_ptr<PseudonymProvider> makeHmacPseudonyms(const Key& key);
// Always returns the given pseudonym (user chose --patient-name/--patient-id); for one patient.
std::unique_ptr<PseudonymProvider> makeFixedPseudonym(Pseudonym pseudonym);

// Removes identifying text harvested from the source (names, IDs, dates, phones, addresses,
// accession numbers) from free text, case-insensitively, in UTF-8.
class TextScrubber {
 public:
  virtual ~TextScrubber() = default;
  virtual void addIdentifier(const std::string& value) = 0;
  // Returns text with each identifier occurrence replaced; unchanged when nothing matches.
  virtual std::string scrub(const std::string& text) const = 0;
  virtual bool containsIdentifier(const std::string& text) const = 0;
  // Numbers (IS, DS; any value of a multi-valued one): true when a value's integer digits, leading
  // zeros aside, are 6 or more digits that an identifier holds (an ID's digits without its prefix,
  // a phone number or its local part, a birth date). Other numbers never match, however long.
  virtual bool numberHoldsIdentifier(const std::string& numbers) const = 0;
};
std::unique_ptr<TextScrubber> makeTextScrubber();
// A scrubber that answers as one scrubber of both a's and b's identifiers would (matches merged
// before replacing), without copying either: a bounded export's chunk scrubber plus the few other
// patients a file's text names. Both must come from makeTextScrubber (Error(Internal) otherwise).
std::shared_ptr<const TextScrubber> makeUnionScrubber(std::shared_ptr<const TextScrubber> a, std::shared_ptr<const TextScrubber> b);

}  // namespace imaging
