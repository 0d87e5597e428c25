#pragma once
// Private to the writer: one DICOMDIR record as the bytes DCMTK's DcmDicomDir writes for it
// (explicit VR little endian, undefined-length item and sequences, elements in tag order, odd
// values padded), without building DCMTK's object tree: an export of many files keeps a few
// hundred bytes per record instead of about two kilobytes of DCMTK objects.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace imaging {

// Byte positions of the two offsets a record holds, from the start of its encoded item.
inline constexpr std::size_t kNextRecordOffsetAt = 16;   // (0004,1400) OffsetOfTheNextDirectoryRecord
inline constexpr std::size_t kLowerLevelOffsetAt = 38;   // (0004,1420) OffsetOfReferencedLowerLevelDirectoryEntity

// Appends explicit VR little endian elements (through bridge::ExplicitLittleEndianWriter).
// A string element with the tag's VR (recordAttributeVr, dicomdir_standard.h) and the value as DCMTK
// keeps it once put (trailing padding removed, UIDs without spaces; throws Error(Internal) for a tag
// of no known VR, a VR that is not text or a value DCMTK refuses).
void appendTextElement(std::string& out, std::uint32_t tag, const std::string& value);
// The value's bytes as given, with the given VR (file meta and the DICOMDIR's own elements).
void appendTextElement(std::string& out, std::uint32_t tag, const char vr[2], const std::string& value);
void patchUint32(std::string& bytes, std::size_t at, std::uint32_t value);

// The elements of one record, set like DcmItem::putAndInsertOFStringArray (a later value of the
// same tag replaces the earlier one) and written in tag order.
class RecordBytes {
 public:
  // DirectoryRecordType as DCMTK names the record type (e.g. "IMAGE", "SR DOCUMENT").
  explicit RecordBytes(const std::string& record_type_name);
  void put(std::uint32_t tag, const std::string& value);
  bool has(std::uint32_t tag) const { return values_.count(tag) != 0; }
  const std::string* value(std::uint32_t tag) const;
  // ConceptNameCodeSequence with no item, or with one item of code value, scheme and meaning.
  void putConceptName(bool with_item, const std::string& value, const std::string& scheme, const std::string& meaning);
  // The item, offsets zero (patched once the file's layout is known).
  std::string encode() const;

 private:
  std::string type_name_;
  std::map<std::uint32_t, std::string> values_;
  bool has_concept_name_ = false;
  bool concept_item_ = false;
  std::string concept_value_, concept_scheme_, concept_meaning_;
};

}  // namespace imaging
