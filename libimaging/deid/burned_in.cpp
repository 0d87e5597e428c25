#include "burned_in.h"

#include "projection_xray.h"

namespace imaging::deid {
namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Upper case without padding: spaces, NULs and other control bytes (vendors pad with NUL; a value
// read from UN bytes keeps whatever padding was written).
std::string trimUpper(const std::string& s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) > ' ') out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

// SOP classes whose pixels usually carry text: ultrasound (patient name on screen), screen and
// photo captures, endoscopy/photography video and stills.
struct RiskyClass {
  const char* uid;
  const char* what;
  bool ultrasound = false;
};
constexpr RiskyClass kRiskyClasses[] = {
    {"1.2.840.10008.5.1.4.1.1.6.1", "ultrasound image", true},
    {"1.2.840.10008.5.1.4.1.1.6.2", "enhanced ultrasound volume", true},
    {"1.2.840.10008.5.1.4.1.1.6", "ultrasound image (retired)", true},
    {"1.2.840.10008.5.1.4.1.1.3.1", "ultrasound multi-frame image", true},
    {"1.2.840.10008.5.1.4.1.1.3", "ultrasound multi-frame image (retired)", true},
    {"1.2.840.10008.5.1.4.1.1.77.1.1", "VL endoscopic image"},
    {"1.2.840.10008.5.1.4.1.1.77.1.1.1", "video endoscopic image"},
    {"1.2.840.10008.5.1.4.1.1.77.1.4", "VL photographic image"},
    {"1.2.840.10008.5.1.4.1.1.77.1.4.1", "video photographic image"},
};

}  // namespace

bool isStructuredReport(const std::string& uid) { return startsWith(uid, "1.2.840.10008.5.1.4.1.1.88."); }

std::optional<Exclusion> exclusionReason(const DeidConfig& config, const std::string& sop_class,
                                         const std::string& modality_raw, const std::string& burned_in) {
  auto excluded = [](OutcomeCode code, std::string detail = {}) {
    return Exclusion{code, detail.empty() ? describe(code) : std::move(detail), false};
  };
  if (isStructuredReport(sop_class)) {
    if (config.exclude_sr) return excluded(OutcomeCode::StructuredReportExcluded);
    if (!config.profile.has(DeidOption::CleanStructuredContent)) return excluded(OutcomeCode::StructuredReportNotCleaned);
  }
  if (config.include_burned_in) return std::nullopt;
  if (trimUpper(burned_in) == "YES") return excluded(OutcomeCode::BurnedInAnnotation);
  if (startsWith(sop_class, "1.2.840.10008.5.1.4.1.1.7"))
    return excluded(OutcomeCode::BurnedInLikely, "secondary capture: likely burned-in text in the pixels");
  const std::string modality = trimUpper(modality_raw);
  for (const RiskyClass& c : kRiskyClasses)
    if (sop_class == c.uid) {
      Exclusion e = excluded(OutcomeCode::BurnedInLikely, std::string(c.what) + ": likely burned-in text in the pixels");
      e.ultrasound = c.ultrasound || modality == "US";
      return e;
    }
  if (modality == "OT" || modality == "SC" || modality == "US" || modality == "XC") {
    Exclusion e = excluded(OutcomeCode::BurnedInLikely, "modality " + modality + ": likely burned-in text in the pixels");
    e.ultrasound = modality == "US";
    return e;
  }
  return std::nullopt;
}

bool screensPixels(const DeidConfig& config, const std::string& sop_class, const std::string& modality,
                   const std::string& burned_in) {
  if (config.include_burned_in || config.trust_burned_in_flag) return false;
  if (exclusionReason(config, sop_class, modality, burned_in)) return false;  // left out already
  return isProjectionXray(sop_class, modality);
}

}  // namespace imaging::deid
