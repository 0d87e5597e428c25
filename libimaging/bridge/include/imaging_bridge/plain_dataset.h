#pragma once
// Our own reader for the plain, common case of a scanned file, so that the scan need not build
// DCMTK's object tree (half of a small file's cost) only to read a few dozen strings from it.
//
// "Plain" is narrow on purpose: a Part 10 file whose data set is explicit VR little endian
// (native or JPEG/RLE encapsulated pixel data), every element in ascending order with a standard
// VR other than UN, even lengths, undefined lengths only on sequences, items and the top-level
// pixel data, nesting at most kMaxPlainDepth, one Specific Character Set (top level) whose text
// converts to UTF-8 byte for byte (none, ISO_IR 192, ISO_IR 100, or only ASCII text). For anything
// else read() says no and the scan parses the file with DCMTK as before: the answer is then the
// same as DCMTK's by construction. Where the reader says yes, each getter gives what DCMTK 3.6.7
// gives for the same element (its "machine string": trailing padding removed, spaces removed from
// UIDs; getOFStringArray's per-VR normalisation; IS through sscanf, DS through OFStandard::atof);
// tests/bridge/plain_dataset_test.cpp compares the two readers on every file it can find.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/fd_streams.h"

namespace imaging::bridge {

constexpr unsigned kMaxPlainDepth = 16;

struct PlainElement {
  std::uint32_t tag = 0;            // group << 16 | element
  char vr[2] = {0, 0};
  std::uint16_t depth = 0;          // 0: top level (or file meta)
  std::uint32_t sequence_tag = 0;   // the sequence whose item holds it (0 at the top level)
  std::uint32_t length = 0;         // declared value length (0 for sequences)
  bool kept = false;                // the bytes are kept (strings and short numbers): value()
  bool in_head = false;             // kept in place: value_at is then the value's offset in the file
  std::uint32_t value_at = 0;       // where in the data set's copy of the kept bytes (or the file)

  std::uint16_t group() const { return static_cast<std::uint16_t>(tag >> 16); }
  std::uint16_t element() const { return static_cast<std::uint16_t>(tag & 0xFFFF); }
  bool isVr(const char* two) const { return vr[0] == two[0] && vr[1] == two[1]; }
  bool isSequence() const { return isVr("SQ"); }
};

class PlainDataSet {
 public:
  // nullopt when the file is not plain (see above) or cannot be read: use DCMTK then.
  static std::optional<PlainDataSet> read(const InputFile& file);

  // Values that lie in the file's first bytes (InputFile::headBytes: up to 64 KiB, a small file
  // whole) are not copied: the data set points into them, so `file` must outlive it (DicomFile
  // holds both).
  const std::vector<PlainElement>& meta() const { return meta_; }
  // Every element of the data set in file order, sequences before their items' elements.
  const std::vector<PlainElement>& elements() const { return elements_; }

  // Top-level data set elements, by tag; nullptr when absent.
  const PlainElement* find(const DcmTagKey& tag) const;
  const PlainElement* findMeta(const DcmTagKey& tag) const;
  bool has(const DcmTagKey& tag) const { return find(tag) != nullptr; }

  // The getters of bridge::ElementIndex, with the same results. They set unsupported() when the
  // element is of a VR this reader does not interpret (the caller then parses with DCMTK).
  std::string string(const DcmTagKey& tag) const;
  std::string metaString(const DcmTagKey& tag) const;
  int integer(const DcmTagKey& tag, int fallback = 0) const;
  std::optional<double> float64(const DcmTagKey& tag, unsigned long position = 0) const;
  bool unsupported() const { return unsupported_; }

  // The kept bytes of an element, as stored ("" when not kept).
  std::string_view value(const PlainElement& element) const {
    if (!element.kept) return std::string_view();
    if (element.in_head) return std::string_view(head_ + element.value_at, element.length);
    return std::string_view(kept_bytes_).substr(element.value_at, element.length);
  }
  // getOFStringArray(value, normalize) of a string element; text converted to UTF-8 where the
  // character set asks for it, like convertDatasetToUtf8 would have done.
  std::string utf8Array(const PlainElement& element) const;
  // getOFStringArray(value, OFTrue) without conversion (UIDs and other ASCII values).
  std::string normalizedArray(const PlainElement& element) const;
  // The value as DCMTK keeps it after reading (trailing padding removed; UI: white space removed).
  std::string machineString(const PlainElement& element) const;
  static bool isStringVr(const PlainElement& element);
  // Whether utf8Array converts text from Latin-1 (Specific Character Set ISO_IR 100).
  bool convertsLatin1() const { return latin1_; }

  // The same answers for any value bytes of a VR (the plain engine's edited values).
  static std::string machineStringOf(const char* vr, std::string_view raw);
  static std::string normalizedArrayOf(const char* vr, std::string_view raw);
  static bool isStringVrCode(const char* vr);  // a string VR this reader interprets
  static bool isTextVrCode(const char* vr);    // governed by the Specific Character Set
  static bool isLongVrCode(const char* vr);    // 4-byte length after 2 reserved bytes
  static bool isKnownVrCode(const char* vr);   // a VR this reader accepts at all
  static std::string latin1ToUtf8(const std::string& text);

 private:
  std::string stringOf(const PlainElement* element) const;  // string()'s answer for one element

  std::vector<PlainElement> meta_;
  std::vector<PlainElement> elements_;
  std::vector<std::uint32_t> top_level_;  // indexes into elements_, ascending tags
  std::string kept_bytes_;                // every kept value past the file's first bytes
  const char* head_ = nullptr;            // the file's first bytes (the InputFile's)
  bool latin1_ = false;                   // Specific Character Set ISO_IR 100: convert text
  mutable bool unsupported_ = false;
};

// Tests and benchmarks switch the plain reader off to compare with DCMTK's parse (default on).
void setPlainReading(bool enabled);
bool plainReadingEnabled();

}  // namespace imaging::bridge
