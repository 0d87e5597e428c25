#pragma once
// The scenes the OCR tests look at, with where each planted text was drawn.
#include <filesystem>

#include "burned_in_fixtures.h"

namespace ocr_test {

struct Scene {
  std::filesystem::path file;
  TextBounds name;      // the patient's name as drawn
  TextBounds id;        // the patient ID as drawn
  TextBounds birth;     // the birth date as drawn
};

// 512x512 ultrasound-like image; name, ID and birth date in the top band (white, or yellow on RGB).
Scene writeUltrasound(const std::filesystem::path& file, const FakePatient& patient, int channels,
                      const DicomOptions& options = {});
// 512x384 scanned form, dark text on light paper.
Scene writeForm(const std::filesystem::path& file, const FakePatient& patient);

}  // namespace ocr_test
