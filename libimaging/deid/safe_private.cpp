#include "safe_private.h"

namespace imaging::deid {
namespace {

struct SafePrivate {
  std::uint16_t group;
  const char* creator;
  std::uint8_t offset;
  const char* what;  // documentation only
};

// Numeric acquisition parameters that dcm2niix-style tools need for diffusion and scaling.
// Nothing here is text: a value can never carry a name, ID, date or place.
constexpr SafePrivate kSafe[] = {
    {0x0019, "SIEMENS MR HEADER", 0x0A, "NumberOfImagesInMosaic (US)"},
    {0x0019, "SIEMENS MR HEADER", 0x0B, "SliceMeasurementDuration (DS)"},
    {0x0019, "SIEMENS MR HEADER", 0x0C, "B_value (IS)"},
    {0x0019, "SIEMENS MR HEADER", 0x0E, "DiffusionGradientDirection (FD)"},
    {0x0019, "SIEMENS MR HEADER", 0x27, "B_matrix (FD)"},
    {0x0019, "SIEMENS MR HEADER", 0x28, "BandwidthPerPixelPhaseEncode (FD)"},
    {0x0019, "SIEMENS MR HEADER", 0x29, "MosaicRefAcqTimes (FD)"},
    {0x0019, "GEMS_ACQU_01", 0xBB, "Diffusion direction X (DS)"},
    {0x0019, "GEMS_ACQU_01", 0xBC, "Diffusion direction Y (DS)"},
    {0x0019, "GEMS_ACQU_01", 0xBD, "Diffusion direction Z (DS)"},
    {0x0043, "GEMS_PARM_01", 0x39, "Slop_int_6..9: b-value (IS)"},
    {0x2001, "Philips Imaging DD 001", 0x03, "Diffusion B-Factor (FL)"},
    {0x2005, "Philips MR Imaging DD 001", 0x0D, "Scale Intercept (FL)"},
    {0x2005, "Philips MR Imaging DD 001", 0x0E, "Scale Slope (FL)"},
    {0x2005, "Philips MR Imaging DD 001", 0xB0, "Diffusion Direction RL (FL)"},
    {0x2005, "Philips MR Imaging DD 001", 0xB1, "Diffusion Direction AP (FL)"},
    {0x2005, "Philips MR Imaging DD 001", 0xB2, "Diffusion Direction FH (FL)"},
};

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

}  // namespace

bool isSafePrivate(std::uint16_t group, const std::string& creator, std::uint8_t offset) {
  const std::string c = trimmed(creator);
  for (const SafePrivate& s : kSafe)
    if (s.group == group && s.offset == offset && c == s.creator) return true;
  return false;
}

}  // namespace imaging::deid
