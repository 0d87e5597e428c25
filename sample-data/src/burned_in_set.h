#pragma once
// The burned-in text test set (issue 18): small images with a made-up patient's name, ID and birth
// date drawn in many ways (sizes from 9 pixels, five colours, light on dark and dark on light,
// black, speckle, gradient and paper grounds, corners and centre, up to 5 degrees of rotation,
// thin, bold, slanted, anti-aliased and dot-matrix looks; JPEG-compressed ultrasound; cine where
// only a later frame carries text), each with the mask of its glyph pixels line by line as ground
// truth. Same list, same pixels, every time.
#include <cstdint>
#include <string>
#include <vector>

namespace imaging::sample {

struct TruthLine {
  int frame = 0;                    // the frame the line is drawn in
  std::vector<std::uint32_t> glyph; // pixel indices (y * width + x) at least half covered by ink
  int x = 0, y = 0, width = 0, height = 0;  // bounds of those pixels
};

struct BurnedInImage {
  std::string name;                 // unique, usable as a file name
  int width = 0, height = 0;
  bool colour = true;               // RGB, else MONOCHROME2 (the red channel)
  std::vector<std::vector<std::uint8_t>> frames;  // RGB samples per frame
  std::vector<TruthLine> identifying;  // the lines with the patient's name, ID and birth date
  std::vector<TruthLine> marks;        // harmless marks ("R", "5") where drawn
  std::string modality = "OT";      // US for the ultrasound-like images
  bool jpeg = false;                // to be stored JPEG baseline (lossy)
  std::vector<std::string> identifiers;  // as DICOM stores them: name, ID, birth date
};

std::vector<BurnedInImage> burnedInSet();

// A second set drawn in ways the detection was not tuned on (drop shadows, label boxes, one long
// line, wide spacing, back slant, mid-grey grounds, cyan, pink and red ink): the check that the
// results hold beyond the first set.
std::vector<BurnedInImage> burnedInUnseenSet();

}  // namespace imaging::sample
