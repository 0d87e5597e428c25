#include "imaging/media/decodable.h"

#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::media {
namespace {

bool decodableSyntax(const std::string& uid) {
  if (uid.empty()) return true;  // no meta: DCMTK guesses the encoding
  if (DcmXfer(uid.c_str()).getXfer() == EXS_Unknown) return false;  // HTJ2K, JPEG XL, ...
  static const char* const kNotDecodable[] = {
      "1.2.840.10008.1.2.4.94",  "1.2.840.10008.1.2.4.95",  "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101",
      "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105",
      "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108"};
  for (const char* v : kNotDecodable)
    if (uid == v) return false;
  return true;
}

}  // namespace

bool decodableHere(const Instance& instance) {
  return !instance.has_pixel_data || decodableSyntax(instance.transfer_syntax_uid);
}

}  // namespace imaging::media
