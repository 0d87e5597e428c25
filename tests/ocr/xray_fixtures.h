#pragma once
// Projection X-ray fixtures made in code (issue: burned-in text in CR/DX without the flag): a
// 12-bit radiograph-like image (dark air, a body with smooth structure and noise, bright
// collimation edges) with text drawn at full brightness, as old CR readers print the patient's
// name and as lead markers ("L", "R") show up. Written as DICOM with DCMTK.
#include <filesystem>
#include <string>
#include <vector>

#include "text_painter.h"

namespace ocr_test {

struct XraySpec {
  int width = 600, height = 750;
  std::string modality = "CR";
  std::string sop_class = "1.2.840.10008.5.1.4.1.1.1";  // Computed Radiography Image Storage
  std::string burned_in;                                 // "" leaves Burned In Annotation out
  // The source's identity, as a hospital wrote it (the export must remove it).
  std::string patient_name = "BRANDT^OLIVIA", patient_id = "QX7730152", birth_date = "19810927";
  std::string study_uid = "1.2.826.0.1.3680043.10.1137.1";
  std::string series_uid = "1.2.826.0.1.3680043.10.1137.1.1";
  std::string sop_uid = "1.2.826.0.1.3680043.10.1137.1.1.1";
  int series_number = 1;
  unsigned seed = 7;
};

// One line of text, white (the largest stored value), capital height in pixels.
struct XrayText {
  int x = 0, y = 0;
  std::string text;
  int cap_height = 14;
};

// Writes the image (MONOCHROME2, 16 bits allocated, 12 stored, explicit VR little endian) and
// returns where each text was drawn. Throws std::runtime_error.
std::vector<TextBounds> writeXray(const std::filesystem::path& path, const XraySpec& spec,
                                  const std::vector<XrayText>& texts);

// The name line an old CR reader prints for the spec's patient (top left, in the air).
XrayText nameLine(const XraySpec& spec);
// A lead marker "L" beside the body.
XrayText leadMarker(const XraySpec& spec);

}  // namespace ocr_test
