#pragma once
// Screen-capture scenes for whole-line redaction: the patient's name, ID and birth date drawn at
// a chosen size and colour over a chosen background, one line drawn so that OCR misreads it, and
// marks that must stay (an orientation letter "L" and a scale "10 CM").
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "burned_in_fixtures.h"

namespace ocr_test {

// Speckle: ultrasound-like speckle behind the text (the top 180 rows).
enum class Background { Black, Speckle, Gradient };

struct LineStyle {
  int cap_height = 18;  // pixels
  std::uint8_t r = 255, g = 255, b = 255;
  Background background = Background::Black;
  std::string label;    // for test names
};

struct LineScene {
  std::filesystem::path file;
  std::vector<TextBounds> identifying;  // whole lines that hold the name, ID, birth date
  std::vector<TextBounds> keep;         // the "L" and "10" marks
};

// The patient drawn: FRANKE^ROSALIN, FR-3390127, 19810927.
FakePatient linePatient();

// 512x512 RGB: "FRANKE ROSALIN" and the birth date solid, "ID FR-3390127" in dot-matrix dots.
LineScene writeLineScene(const std::filesystem::path& file, const LineStyle& style);

}  // namespace ocr_test
