#pragma once
// A Grayscale Softcopy Presentation State (GSPS) for the demo study: how a radiologist left one
// image on screen, with a window, a rectangle and a text note on it and a rectangular shutter.
// Like real ones it identifies people: the note may name the patient, and ContentCreatorName
// names the physician who saved it.
#include <array>
#include <string>

#include "clinical_header.h"

namespace imaging::sample {

class SampleWriter;

struct PresentationStateSpec {
  SeriesContext series;  // modality "PR"
  std::string path;      // relative file path
  std::string referencedSeries;
  std::string referencedClass;
  std::string referencedInstance;
  int rows = 0, columns = 0;              // of the referenced image
  double windowCentre = 0, windowWidth = 0;
  std::array<double, 4> rectangle{};      // GSPS pixel units: left, top, right, bottom (0\0 = top left corner)
  std::string text;                       // the note, drawn in its bounding box
  std::string creator;                    // ContentCreatorName (PN)
  std::array<double, 4> textBox{};        // left, top, right, bottom
  std::array<int, 4> shutter{};           // 1-based first column, last column, first row, last row shown
};

inline constexpr const char* kGrayscaleSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.1";

// Returns the SOP Instance UID written.
std::string writePresentationState(SampleWriter& writer, const StudyContext& study, const PresentationStateSpec& spec);

}  // namespace imaging::sample
