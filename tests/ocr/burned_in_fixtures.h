#pragma once
// Burned-in text fixtures made in code: an ultrasound-like frame (dark sector with speckle, text in
// the top band) and a scanned form (light paper, dark text), written as DICOM with DCMTK.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "text_painter.h"

namespace ocr_test {

// The made-up patient whose details are burned in.
struct FakePatient {
  std::string dicom_name = "BRANDT^OLIVIA";
  std::string id = "QX7730152";
  std::string birth_date = "19810927";
  std::vector<std::string> identifiers() const { return {dicom_name, id, birth_date}; }
};

// Dark background, a speckled sector below the top band; orientation letter and depth scale
// numbers at the sector's edge (usual marks, not identifying).
Canvas ultrasoundCanvas(int size, int channels, std::uint32_t seed);
// Light "paper" with a dark rule under the heading area.
Canvas formCanvas(int width, int height);

struct DicomOptions {
  std::string sop_class = "1.2.840.10008.5.1.4.1.1.7";  // secondary capture
  std::string modality = "OT";
  std::string burned_in = "YES";                          // "" leaves the attribute out
  std::string manufacturer;                               // "" leaves Manufacturer out
  std::string model;                                      // Manufacturer's Model Name
  // One overlay plane (group 6000, its own Overlay Data) of the image's size, 1 byte per pixel
  // (non-zero: set), for every frame; empty: none.
  std::vector<std::uint8_t> overlay;
  std::string transfer_syntax = "explicit";               // "explicit", "rle" or "jpeg" (baseline, lossy)
};

// Writes the canvas as an 8-bit MONOCHROME2 or RGB image; frames > 1 repeats it (frame k with k
// added to every non-zero sample, so frames differ). Throws std::runtime_error.
void writeDicom(const std::vector<Canvas>& frames, const std::filesystem::path& path, const DicomOptions& options = {});

// A fresh empty folder under SCANSHARE_TEST_WORK_DIR/ocr.
std::filesystem::path freshDir(const std::string& name);

// The value of a string attribute of a DICOM file ("" when absent), read with DCMTK.
std::string readAttribute(const std::filesystem::path& path, std::uint16_t group, std::uint16_t element);

}  // namespace ocr_test
