#include "projection_xray.h"

namespace imaging::deid {
namespace {

// Storage SOP classes of projection radiography, mammography, intra-oral and angiography /
// fluoroscopy (PS3.4 B.5). Tomosynthesis and 3D X-ray volumes are reconstructions, not screened.
constexpr const char* kProjectionClasses[] = {
    "1.2.840.10008.5.1.4.1.1.1",         // Computed Radiography Image
    "1.2.840.10008.5.1.4.1.1.1.1",       // Digital X-Ray Image, for presentation
    "1.2.840.10008.5.1.4.1.1.1.1.1",     // Digital X-Ray Image, for processing
    "1.2.840.10008.5.1.4.1.1.1.2",       // Digital Mammography X-Ray Image, for presentation
    "1.2.840.10008.5.1.4.1.1.1.2.1",     // Digital Mammography X-Ray Image, for processing
    "1.2.840.10008.5.1.4.1.1.1.3",       // Digital Intra-Oral X-Ray Image, for presentation
    "1.2.840.10008.5.1.4.1.1.1.3.1",     // Digital Intra-Oral X-Ray Image, for processing
    "1.2.840.10008.5.1.4.1.1.12.1",      // X-Ray Angiographic Image
    "1.2.840.10008.5.1.4.1.1.12.1.1",    // Enhanced XA Image
    "1.2.840.10008.5.1.4.1.1.12.2",      // X-Ray Radiofluoroscopic Image
    "1.2.840.10008.5.1.4.1.1.12.2.1",    // Enhanced XRF Image
    "1.2.840.10008.5.1.4.1.1.12.3",      // X-Ray Angiographic Bi-Plane Image (retired)
    "1.2.840.10008.5.1.4.1.1.13.1.4",    // Breast Projection X-Ray Image, for presentation
    "1.2.840.10008.5.1.4.1.1.13.1.5",    // Breast Projection X-Ray Image, for processing
};

// The same images by modality, with the retired X-ray modalities old archives still hold
// (DF digital fluoroscopy, DS digital subtraction angiography, CF cinefluorography).
constexpr const char* kProjectionModalities[] = {"CR", "DX", "MG", "IO", "PX", "XA", "RF", "DF", "DS", "CF"};

std::string trimUpper(const std::string& s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) > ' ') out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

}  // namespace

bool isProjectionXray(const std::string& sop_class_uid, const std::string& modality_raw) {
  for (const char* uid : kProjectionClasses)
    if (sop_class_uid == uid) return true;
  const std::string modality = trimUpper(modality_raw);
  for (const char* m : kProjectionModalities)
    if (modality == m) return true;
  return false;
}

}  // namespace imaging::deid
