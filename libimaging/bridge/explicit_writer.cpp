// See explicit_writer.h.
#include "imaging_bridge/explicit_writer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "imaging_bridge/plain_dataset.h"

namespace imaging::bridge {
namespace {
constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
}

void ExplicitLittleEndianWriter::le16(std::uint32_t v) {
  out_ += static_cast<char>(v & 0xFF);
  out_ += static_cast<char>((v >> 8) & 0xFF);
}

void ExplicitLittleEndianWriter::le32(std::uint32_t v) {
  le16(v & 0xFFFF);
  le16(v >> 16);
}

void ExplicitLittleEndianWriter::patchLe32(std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

bool ExplicitLittleEndianWriter::hasLongLength(const char* vr) {
  // The plain reader's list leaves out UR and UN (it does not read them); PS3.5 7.1.2 gives them 4 bytes.
  return PlainDataSet::isLongVrCode(vr) || (vr[0] == 'U' && (vr[1] == 'R' || vr[1] == 'N'));
}

std::string ExplicitLittleEndianWriter::encodedString(const char* vr, std::string_view value) {
  std::string v = PlainDataSet::machineStringOf(vr, value);
  if (v.size() & 1u) v += vr[0] == 'U' && vr[1] == 'I' ? '\0' : ' ';
  return v;
}

void ExplicitLittleEndianWriter::header(std::uint32_t tag, const char* vr, std::uint32_t length) {
  // Laid out in place and appended once: written for every element of every file.
  const auto byte = [](std::uint32_t v, int shift) { return static_cast<char>((v >> shift) & 0xFF); };
  char bytes[12] = {byte(tag, 16), byte(tag, 24), byte(tag, 0), byte(tag, 8), vr[0], vr[1]};
  std::size_t size = 8;
  if (hasLongLength(vr)) {  // two reserved zero bytes, then 32 bits
    for (int i = 0; i < 4; ++i) bytes[8 + i] = byte(length, 8 * i);
    size = 12;
  } else {
    bytes[6] = byte(length, 0);
    bytes[7] = byte(length, 8);
  }
  out_.append(bytes, size);
}

bool ExplicitLittleEndianWriter::rawElement(std::uint32_t tag, const char* vr, std::string_view bytes) {
  if (!hasLongLength(vr) && bytes.size() > 0xFFFE) return false;
  header(tag, vr, static_cast<std::uint32_t>(bytes.size()));
  out_.append(bytes.data(), bytes.size());
  return true;
}

bool ExplicitLittleEndianWriter::stringElement(std::uint32_t tag, const char* vr, std::string_view value) {
  const bool uid = vr[0] == 'U' && vr[1] == 'I';
  if (uid) return rawElement(tag, vr, encodedString(vr, value));  // white space inside: DCMTK's rule, one place
  // Every other string: trailing spaces off, one space back for an even length (no copy made).
  std::size_t length = value.size();
  while (length > 0 && value[length - 1] == ' ') --length;
  const std::size_t padded = length + (length & 1u);
  if (!hasLongLength(vr) && padded > 0xFFFE) return false;
  header(tag, vr, static_cast<std::uint32_t>(padded));
  out_.append(value.data(), length);
  if (padded != length) out_ += ' ';
  return true;
}

void ExplicitLittleEndianWriter::unsignedLong(std::uint32_t tag, std::uint32_t value) {
  header(tag, "UL", 4);
  le32(value);
}

void ExplicitLittleEndianWriter::unsignedShort(std::uint32_t tag, std::uint16_t value) {
  header(tag, "US", 2);
  le16(value);
}

std::size_t ExplicitLittleEndianWriter::beginSequence(std::uint32_t tag, bool undefined_length) {
  header(tag, "SQ", undefined_length ? kUndefined : 0);
  return out_.size() - 4;
}

void ExplicitLittleEndianWriter::endSequence(std::size_t length_at, bool undefined_length) {
  close(length_at, undefined_length, 0xE0DD);
}

std::size_t ExplicitLittleEndianWriter::beginItem(bool undefined_length) {
  le16(0xFFFE);
  le16(0xE000);
  le32(undefined_length ? kUndefined : 0);
  return out_.size() - 4;
}

void ExplicitLittleEndianWriter::endItem(std::size_t length_at, bool undefined_length) {
  close(length_at, undefined_length, 0xE00D);
}

// An item or sequence ends with its delimiter (FFFE,delimiter) when its length is undefined, else
// its length, counted from just after the length field, is written back.
void ExplicitLittleEndianWriter::close(std::size_t length_at, bool undefined_length, std::uint16_t delimiter) {
  if (undefined_length) {
    le16(0xFFFE);
    le16(delimiter);
    le32(0);
  } else {
    patchLe32(length_at, static_cast<std::uint32_t>(out_.size() - length_at - 4));
  }
}

std::string part10Header(const std::string& sop_class_uid, const std::string& sop_instance_uid,
                         const std::string& transfer_syntax_uid) {
  std::string meta;
  ExplicitLittleEndianWriter m(meta);
  m.rawElement(0x00020001u, "OB", std::string_view("\x00\x01", 2));
  m.stringElement(0x00020002u, "UI", sop_class_uid);
  m.stringElement(0x00020003u, "UI", sop_instance_uid);
  m.stringElement(0x00020010u, "UI", transfer_syntax_uid);
  m.stringElement(0x00020012u, "UI", OFFIS_IMPLEMENTATION_CLASS_UID);
  m.stringElement(0x00020013u, "SH", OFFIS_DTK_IMPLEMENTATION_VERSION_NAME);
  std::string out(128, '\0');
  out += "DICM";
  ExplicitLittleEndianWriter w(out);
  w.unsignedLong(0x00020000u, static_cast<std::uint32_t>(meta.size()));
  out += meta;
  return out;
}

}  // namespace imaging::bridge
