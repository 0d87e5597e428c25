#pragma once
// Explicit VR little endian bytes the way DCMTK 3.6.7 writes them, for the writers that do without
// DCMTK's object tree (the plain engine's files, the DICOMDIR). A string value goes out as DCMTK
// holds it after putString or reading (its "machine string": trailing padding removed, white space
// removed from UIDs) padded to an even length (UIDs with NUL, other strings with a space); a
// sequence or item has an explicit length (patched when it ends) or an undefined one with
// delimiters. Each user proves its bytes equal to DCMTK's in its own tests.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace imaging::bridge {

class ExplicitLittleEndianWriter {
 public:
  explicit ExplicitLittleEndianWriter(std::string& out) : out_(out) {}

  // False when the value does not fit the VR's 16-bit length (nothing written then).
  bool stringElement(std::uint32_t tag, const char* vr, std::string_view value);
  bool rawElement(std::uint32_t tag, const char* vr, std::string_view bytes);
  void unsignedLong(std::uint32_t tag, std::uint32_t value);
  void unsignedShort(std::uint32_t tag, std::uint16_t value);
  // Returns where the sequence's (or item's) length is, for end*.
  std::size_t beginSequence(std::uint32_t tag, bool undefined_length);
  void endSequence(std::size_t length_at, bool undefined_length);
  std::size_t beginItem(bool undefined_length);
  void endItem(std::size_t length_at, bool undefined_length);

  std::size_t size() const { return out_.size(); }
  void patchLe32(std::size_t at, std::uint32_t value);

  // The string DCMTK writes for `value` of `vr` (machine string, padded to even).
  static std::string encodedString(const char* vr, std::string_view value);
  static bool hasLongLength(const char* vr);  // 2 reserved bytes and a 32-bit length

 private:
  void close(std::size_t length_at, bool undefined_length, std::uint16_t delimiter);
  void header(std::uint32_t tag, const char* vr, std::uint32_t length);
  void le16(std::uint32_t v);
  void le32(std::uint32_t v);
  std::string& out_;
};

// The 128 zero bytes, "DICM" and a file meta made anew the way DcmFileFormat does with
// EWM_createNewMeta (version 00\01, the SOP class and instance, transfer syntax, DCMTK's
// implementation class UID and version name).
std::string part10Header(const std::string& sop_class_uid, const std::string& sop_instance_uid,
                         const std::string& transfer_syntax_uid);

}  // namespace imaging::bridge
