#include "burned_in.h"

#include <algorithm>
#include <string_view>

#include "projection_xray.h"

namespace imaging::deid {
namespace {

constexpr const char* kStorage = "1.2.840.10008.5.1.4.1.1.";

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// A class under kStorage: "7" is Secondary Capture itself, "7." its multi-frame classes. A plain
// prefix test on "...1.1.7" also took every VL (77.x) and ophthalmic measurement (78.x, 79.x) class.
// Without building strings: asked a few dozen times for every file of an export.
std::string_view storageSuffix(const std::string& uid) {
  const std::string_view storage(kStorage);
  return std::string_view(uid).substr(0, storage.size()) == storage ? std::string_view(uid).substr(storage.size())
                                                                      : std::string_view();
}

bool isStorageClass(const std::string& uid, const char* suffix) {
  const std::string_view rest = storageSuffix(uid);
  return !rest.empty() && rest == suffix;
}

bool isClassOrBelow(const std::string& uid, const char* suffix) {
  const std::string_view rest = storageSuffix(uid), base(suffix);
  return !rest.empty() && rest.substr(0, base.size()) == base && (rest.size() == base.size() || rest[base.size()] == '.');
}

// Upper case without padding: spaces, NULs and other control bytes (vendors pad with NUL; a value
// read from UN bytes keeps whatever padding was written).
std::string trimUpper(const std::string& s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) > ' ') out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

// Classes whose pixels usually carry text: ultrasound (patient name on screen), endoscopy,
// photography and microscopy (slide labels, name cards in the picture), ophthalmic photographs.
struct RiskyClass {
  const char* suffix;  // after kStorage
  const char* what;
  ExclusionCause cause;
};
constexpr RiskyClass kRiskyClasses[] = {
    {"6.1", "ultrasound image", ExclusionCause::Ultrasound},
    {"6.2", "enhanced ultrasound volume", ExclusionCause::Ultrasound},
    {"6", "ultrasound image (retired)", ExclusionCause::Ultrasound},
    {"3.1", "ultrasound multi-frame image", ExclusionCause::Ultrasound},
    {"3", "ultrasound multi-frame image (retired)", ExclusionCause::Ultrasound},
    {"77.1.1", "VL endoscopic image", ExclusionCause::VisibleLight},
    {"77.1.1.1", "video endoscopic image", ExclusionCause::VisibleLight},
    {"77.1.2", "VL microscopic image", ExclusionCause::VisibleLight},
    {"77.1.2.1", "video microscopic image", ExclusionCause::VisibleLight},
    {"77.1.3", "VL slide-coordinates microscopic image", ExclusionCause::VisibleLight},
    {"77.1.4", "VL photographic image", ExclusionCause::VisibleLight},
    {"77.1.4.1", "video photographic image", ExclusionCause::VisibleLight},
    {"77.1.6", "VL whole-slide microscopy image (slide labels)", ExclusionCause::VisibleLight},
    {"77.1.7", "dermoscopic photograph", ExclusionCause::VisibleLight},
    {"77.1.5.1", "ophthalmic photograph", ExclusionCause::Ophthalmic},
    {"77.1.5.2", "ophthalmic photograph", ExclusionCause::Ophthalmic},
    {"77.1.5.4", "ophthalmic tomography image", ExclusionCause::Ophthalmic},
    {"77.1.5.5", "wide-field ophthalmic photograph", ExclusionCause::Ophthalmic},
    {"77.1.5.6", "wide-field ophthalmic photograph", ExclusionCause::Ophthalmic},
    {"77.1.5.7", "ophthalmic OCT en face image", ExclusionCause::Ophthalmic},
};

// Classes whose images are grayscale by nature (their IODs allow MONOCHROME1/2 only, NM also
// PALETTE COLOR): a colour one is a fusion, a 3D rendering or a screenshot of a workstation,
// which usually shows the patient's name. Enhanced MR Color (4.3) and IVOCT (palette) are not here.
struct GrayscaleClass {
  const char* suffix;
  const char* what;
};
constexpr GrayscaleClass kGrayscaleClasses[] = {
    {"1", "CR"},           {"1.1", "DX"},      {"1.1.1", "DX"},    {"1.2", "MG"},     {"1.2.1", "MG"},
    {"1.3", "IO"},         {"1.3.1", "IO"},    {"2", "CT"},        {"2.1", "CT"},     {"2.2", "CT"},
    {"4", "MR"},           {"4.1", "MR"},      {"4.4", "MR"},      {"20", "NM"},      {"12.1", "XA"},
    {"12.1.1", "XA"},      {"12.2", "RF"},     {"12.2.1", "RF"},   {"13.1.1", "3D X-ray"},  {"13.1.2", "3D X-ray"},
    {"13.1.3", "MG"},      {"13.1.4", "MG"},   {"13.1.5", "MG"},   {"128", "PET"},    {"128.1", "PET"},
    {"130", "PET"},        {"481.1", "RT image"},
};

const GrayscaleClass* grayscaleClass(const std::string& uid) {
  const std::string_view rest = storageSuffix(uid);  // once, not per class
  if (rest.empty()) return nullptr;
  for (const GrayscaleClass& c : kGrayscaleClasses)
    if (rest == c.suffix) return &c;
  return nullptr;
}

bool isColour(const std::string& photometric) {
  const std::string p = trimUpper(photometric);
  return !p.empty() && !startsWith(p, "MONOCHROME");
}

// Image Type values that name a screen capture (GE and others write SCREEN SAVE; CT consoles'
// dose screens list the patient). Compared without spaces, underscores and hyphens.
bool isScreenCaptureType(const std::string& image_type) {
  std::string value;
  auto matches = [](const std::string& v) {
    return v == "SCREENSAVE" || v == "SCREENSHOT" || v == "SCREENCAPTURE" || v == "DOSEINFO" || v == "DOSEREPORT";
  };
  for (char c : image_type) {
    if (c == '\\') {
      if (matches(value)) return true;
      value.clear();
    } else if (c != ' ' && c != '_' && c != '-' && static_cast<unsigned char>(c) > ' ') {
      value += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
  }
  return matches(value);
}

// SR-based classes outside 88.x: their Content Sequence is a report like an SR's.
bool hasReportContent(const std::string& uid) {
  return isStorageClass(uid, "78.6") || isStorageClass(uid, "79.1");
}

bool keepsEncapsulatedDocument(const DeidConfig& config) {
  return std::any_of(config.overrides.begin(), config.overrides.end(), [](const AttributeOverride& o) {
    return o.action == OverrideAction::Keep && o.key.group == 0x0042 && o.key.element == 0x0011;
  });
}

const char* audioWhat(const std::string& uid) {
  if (isStorageClass(uid, "9.4.1")) return "basic voice audio (dictation)";
  if (isStorageClass(uid, "9.4.2")) return "general audio waveform";
  return "audio (modality AU)";
}

const char* documentWhat(const std::string& uid) {
  static const std::pair<const char*, const char*> kinds[] = {
      {"104.1", "encapsulated PDF"}, {"104.2", "encapsulated CDA document"}, {"104.3", "encapsulated STL model"},
      {"104.4", "encapsulated OBJ model"}, {"104.5", "encapsulated MTL material"}};
  for (const auto& [suffix, what] : kinds)
    if (isStorageClass(uid, suffix)) return what;
  return "encapsulated document";
}

}  // namespace

bool isStructuredReport(const std::string& uid) { return startsWith(uid, "1.2.840.10008.5.1.4.1.1.88."); }

bool isVideoTransferSyntax(const std::string& uid) {
  // MPEG-2 (.100, .101), MPEG-4 AVC/H.264 (.102 to .106), HEVC/H.265 (.107, .108), and the later ones.
  static const std::string prefix = "1.2.840.10008.1.2.4.1";
  if (uid.size() != prefix.size() + 2 || uid.compare(0, prefix.size(), prefix) != 0) return false;
  return uid[prefix.size()] == '0' && uid[prefix.size() + 1] >= '0' && uid[prefix.size() + 1] <= '9';
}

std::optional<Exclusion> exclusionReason(const DeidConfig& config, const ExclusionFacts& facts) {
  const std::string& sop_class = facts.sop_class_uid;
  auto excluded = [](OutcomeCode code, ExclusionCause cause, std::string detail = {}) {
    return Exclusion{code, detail.empty() ? describe(code) : std::move(detail), false, cause};
  };
  if (isStructuredReport(sop_class) || hasReportContent(sop_class)) {
    if (config.exclude_sr) return excluded(OutcomeCode::StructuredReportExcluded, ExclusionCause::StructuredReport);
    if (!config.profile.has(DeidOption::CleanStructuredContent))
      return excluded(OutcomeCode::StructuredReportNotCleaned, ExclusionCause::StructuredReport);
  }
  const std::string modality = trimUpper(facts.modality);
  // Before the burned-in switch: --include-burned-in (and the redaction, which sets it) is about
  // pixels; nothing can check speech, and a document would leave emptied.
  if (isClassOrBelow(sop_class, "9.4") || modality == "AU")
    return excluded(OutcomeCode::AudioNotCheckable, ExclusionCause::Audio,
                    std::string(audioWhat(sop_class)) + ": a spoken name or birth date cannot be checked");
  if (isClassOrBelow(sop_class, "104") && !keepsEncapsulatedDocument(config))
    return excluded(OutcomeCode::DocumentNotCheckable, ExclusionCause::EncapsulatedDocument,
                    std::string(documentWhat(sop_class)) + ": its content cannot be cleaned and would be sent empty");
  if (config.include_burned_in) return std::nullopt;
  if (trimUpper(facts.burned_in_annotation) == "YES")
    return excluded(OutcomeCode::BurnedInAnnotation, ExclusionCause::AnnotationFlag);
  constexpr const char* likely = ": likely burned-in text in the pixels";
  if (isClassOrBelow(sop_class, "7"))
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::SecondaryCapture, std::string("secondary capture") + likely);
  const std::string_view storage_suffix = storageSuffix(sop_class);  // once, not per class
  for (const RiskyClass& c : kRiskyClasses)
    if (!storage_suffix.empty() && storage_suffix == c.suffix) {
      Exclusion e = excluded(OutcomeCode::BurnedInLikely, c.cause, std::string(c.what) + likely);
      e.ultrasound = c.cause == ExclusionCause::Ultrasound || modality == "US";
      return e;
    }
  // Classes added to the standard after the list: the families' words.
  if (isClassOrBelow(sop_class, "77.1.5"))
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::Ophthalmic, std::string("ophthalmic image") + likely);
  if (isClassOrBelow(sop_class, "77"))
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::VisibleLight, std::string("visible-light image") + likely);
  // The header says screen capture whatever the class (a CT class is no promise of a CT image).
  if (isScreenCaptureType(facts.image_type))
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::ScreenCapture,
                    std::string("screen capture (Image Type)") + likely);
  // Video (endoscopy, angiography runs) shows the patient's name on screen as often as ultrasound
  // does, nothing here decodes its frames to look, and its container can carry a title (red team D,
  // D3: an MPEG-4 'udta' box with the name). Exported as it is only with --include-burned-in.
  if (isVideoTransferSyntax(facts.transfer_syntax_uid))
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::Video,
                    "video (MPEG or HEVC): its frames cannot be checked for burned-in text");
  const GrayscaleClass* gray = grayscaleClass(sop_class);
  if (gray != nullptr && isColour(facts.photometric_interpretation))
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::ColourInGrayscaleClass,
                    std::string("colour image in a ") + gray->what + " class (fusion, 3D view or screenshot)" + likely);
  if (modality == "US") {
    Exclusion e = excluded(OutcomeCode::BurnedInLikely, ExclusionCause::Ultrasound, std::string("modality US") + likely);
    e.ultrasound = true;
    return e;
  }
  if (modality == "OT" || modality == "SC" || modality == "XC")
    return excluded(OutcomeCode::BurnedInLikely, ExclusionCause::CaptureModality, "modality " + modality + likely);
  return std::nullopt;
}

bool screensPixels(const DeidConfig& config, const ExclusionFacts& facts) {
  if (config.include_burned_in || config.trust_burned_in_flag) return false;
  if (exclusionReason(config, facts)) return false;  // left out already
  return isProjectionXray(facts.sop_class_uid, facts.modality);
}

}  // namespace imaging::deid
