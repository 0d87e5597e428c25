// The table of fixed annotation regions. Each entry covers the band where the vendor's screen
// layout prints the patient's name, ID and birth date (and the date and institution next to
// them); generous on purpose: a few rows of image too many cost less than a name left.
#include "imaging/ocr/annotation_rules.h"

#include <algorithm>
#include <cctype>

namespace imaging {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool contains(const std::string& value, const std::string& part) {
  return part.empty() || upper(value).find(upper(part)) != std::string::npos;
}

}  // namespace

const std::vector<AnnotationRule>& annotationRules() {
  // Top banner: the full width, the top 9% of the screen (patient, ID, date, institution).
  static const std::vector<AnnotationRule> rules{
      {"GE LOGIQ / Vivid ultrasound: top banner", "GE", "LOGIQ", "US", {{0, 0, 1000, 90}}},
      {"GE Vivid ultrasound: top banner", "GE", "VIVID", "US", {{0, 0, 1000, 90}}},
      {"GE Voluson ultrasound: top banner", "GE", "VOLUSON", "US", {{0, 0, 1000, 90}}},
      {"Philips ultrasound (EPIQ, Affiniti, iU22): top banner", "PHILIPS", "", "US", {{0, 0, 1000, 80}}},
      {"Siemens ACUSON ultrasound: top banner", "SIEMENS", "ACUSON", "US", {{0, 0, 1000, 90}}},
      {"Samsung Medison ultrasound: top banner", "SAMSUNG", "", "US", {{0, 0, 1000, 90}}},
      {"Canon / Toshiba ultrasound (Aplio, Xario): top banner", "TOSHIBA", "", "US", {{0, 0, 1000, 90}}},
      {"Canon / Toshiba ultrasound (Aplio, Xario): top banner", "CANON", "", "US", {{0, 0, 1000, 90}}},
      {"Mindray ultrasound: top banner", "MINDRAY", "", "US", {{0, 0, 1000, 90}}},
      {"Esaote ultrasound: top banner", "ESAOTE", "", "US", {{0, 0, 1000, 90}}},
      // Screen captures of a viewer workstation: the title bar and the four corner overlays.
      {"ScanShare sample screen capture: title bar and corners", "SCANSHARE SAMPLE", "SCREEN", "",
       {{0, 0, 1000, 60}, {0, 60, 330, 140}, {670, 60, 330, 140}, {0, 860, 330, 140}, {670, 860, 330, 140}}},
  };
  return rules;
}

const AnnotationRule* findAnnotationRule(const std::string& manufacturer, const std::string& model,
                                         const std::string& modality) {
  if (manufacturer.find_first_not_of(' ') == std::string::npos) return nullptr;
  for (const AnnotationRule& rule : annotationRules())
    if (contains(manufacturer, rule.manufacturer) && contains(model, rule.model) &&
        (rule.modality.empty() || upper(modality) == upper(rule.modality)))
      return &rule;
  return nullptr;
}

std::vector<PixelBox> annotationBoxes(const AnnotationRule& rule, int columns, int rows) {
  std::vector<PixelBox> boxes;
  for (const RelativeBox& r : rule.regions) {
    const int x0 = r.x * columns / 1000, y0 = r.y * rows / 1000;
    const int x1 = std::min(columns, ((r.x + r.width) * columns + 999) / 1000);
    const int y1 = std::min(rows, ((r.y + r.height) * rows + 999) / 1000);
    if (x1 > x0 && y1 > y0) boxes.push_back({x0, y0, x1 - x0, y1 - y0});
  }
  return boxes;
}

}  // namespace imaging
