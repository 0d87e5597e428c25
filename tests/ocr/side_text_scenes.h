#pragma once
// Ultrasound-like screens (256x192, one grey ground) with a banner that detection reads, and the
// patient drawn where or how a detector that looks only for lines across the frame, with
// characters 6-50 pixels high, does not see it (red team D, finding D2): letters stacked one
// under the other, a side label rotated 90 degrees, capitals 5 pixels high, capitals 63 pixels high.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "burned_in_fixtures.h"

namespace ocr_test {

enum class SideText { Stacked, Rotated90, Tiny5, Huge63 };

struct SideTextScene {
  std::filesystem::path file;
  TextBounds banner;    // "ACME US 3.5MHZ", read by OCR
  TextBounds identity;  // the patient's text (its ink is kInk)
};

constexpr std::uint8_t kGround = 20, kInk = 255;

// The patient drawn: BRANDT^OLIVIA, QX7730152, 19810927 (FakePatient).
// blacked: these rectangles are set to the ground (the frame's smallest value, the redaction's
// black) before writing, as an export that blacked them out would hold.
SideTextScene writeSideTextScene(const std::filesystem::path& file, SideText kind,
                                 const std::vector<TextBounds>& blacked = {});

// The same canvas, not written (to compute rectangles before blacking them).
SideTextScene sideTextLayout(SideText kind);

// Samples of value kInk inside bounds in frame 0 of file: ink of the drawn text still there.
std::size_t inkLeft(const std::filesystem::path& file, const TextBounds& bounds);

std::string label(SideText kind);

}  // namespace ocr_test
