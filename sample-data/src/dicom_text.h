#pragma once
// Puts values into DCMTK items, encoding UTF-8 text into the item's character set. Any DCMTK
// failure becomes a std::runtime_error (the generator stops: a fixture must be complete).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <string>

namespace imaging::sample {

void check(const OFCondition& condition, const std::string& what);

class TextPutter {
 public:
  TextPutter(DcmItem& item, std::string charset) : item_(item), charset_(std::move(charset)) {}

  // Text of any VR (names, descriptions, comments) given in UTF-8.
  void text(const DcmTagKey& tag, const std::string& utf8);
  // Values that are ASCII by definition (UIDs, dates, numbers, code strings).
  void ascii(const DcmTagKey& tag, const std::string& value);
  // A private element: tag must carry its VR (the dictionary does not know it).
  void privateText(const DcmTag& tag, const std::string& utf8);

  // A new item appended to sequence tag of this item, with the same character set.
  TextPutter newItem(const DcmTagKey& sequence);

  DcmItem& item() { return item_; }
  const std::string& charset() const { return charset_; }

 private:
  DcmItem& item_;
  std::string charset_;
};

// A code sequence item (CodeValue, CodingSchemeDesignator, CodeMeaning) appended to sequence.
void putCode(DcmItem& item, const DcmTagKey& sequence, const std::string& value, const std::string& scheme,
             const std::string& meaning);

// Writes file as Explicit VR Little Endian (its file meta is derived from the dataset, no clock).
void saveDicomFile(DcmFileFormat& file, const std::string& path);

}  // namespace imaging::sample
