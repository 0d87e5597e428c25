#include "side_text_scenes.h"

#include <algorithm>

#include "imaging/pixels/decode.h"

namespace ocr_test {
namespace {

// The scene drawn; file left empty.
SideTextScene draw(SideText kind, Canvas& canvas) {
  SideTextScene scene;
  scene.banner = drawText(canvas, 4, 4, "ACME US 3.5MHZ", 2, kInk);
  switch (kind) {
    case SideText::Stacked: {
      // One letter under the other at the right edge, 7 pixels high, 9 apart.
      const std::string name = "BRANDT";
      TextBounds all{canvas.width, canvas.height, 0, 0};
      int x1 = 0, y1 = 0;
      for (std::size_t i = 0; i < name.size(); ++i) {
        const TextBounds b = drawText(canvas, 236, 30 + static_cast<int>(i) * 9, std::string(1, name[i]), 1, kInk);
        all.x = std::min(all.x, b.x), all.y = std::min(all.y, b.y);
        x1 = std::max(x1, b.x + b.width), y1 = std::max(y1, b.y + b.height);
      }
      scene.identity = {all.x, all.y, x1 - all.x, y1 - all.y};
      break;
    }
    case SideText::Rotated90: {
      // A side label: the line drawn across a strip, turned 90 degrees clockwise into the frame.
      Canvas strip(160, 16, 1, kGround);
      const TextBounds drawn = drawText(strip, 2, 2, "BRANDT OLIVIA", 2, kInk);
      const int left = 230, top = 24;
      for (int y = 0; y < strip.height; ++y)
        for (int x = 0; x < strip.width; ++x)
          canvas.set(left + strip.height - 1 - y, top + x, strip.samples[static_cast<std::size_t>(y) * strip.width + x]);
      scene.identity = {left + strip.height - drawn.y - drawn.height, top + drawn.x, drawn.height, drawn.width};
      break;
    }
    case SideText::Tiny5: {
      // Capitals 5 pixels high: the 5x7 font with its 3rd and 5th rows left out.
      Canvas line(200, 7, 1, kGround);
      const TextBounds drawn = drawText(line, 0, 0, "BRANDT QX7730152 27/09/1981", 1, kInk);
      const int rows[5] = {0, 1, 3, 5, 6};
      for (int r = 0; r < 5; ++r)
        for (int x = 0; x < line.width; ++x)
          canvas.set(4 + x, 160 + r, line.samples[static_cast<std::size_t>(rows[r]) * line.width + x]);
      scene.identity = {4 + drawn.x, 160, drawn.width, 5};
      break;
    }
    case SideText::Huge63: {
      // Capitals 63 pixels high (scale 9), running past the right edge.
      const TextBounds drawn = drawText(canvas, 2, 40, "BRANDT", 9, kInk);
      scene.identity = {drawn.x, drawn.y, std::min(drawn.width, canvas.width - drawn.x), drawn.height};
      break;
    }
  }
  return scene;
}

}  // namespace

SideTextScene sideTextLayout(SideText kind) {
  Canvas canvas(256, 192, 1, kGround);
  return draw(kind, canvas);
}

SideTextScene writeSideTextScene(const std::filesystem::path& file, SideText kind, const std::vector<TextBounds>& blacked) {
  Canvas canvas(256, 192, 1, kGround);
  SideTextScene scene = draw(kind, canvas);
  for (const TextBounds& b : blacked)
    for (int y = b.y; y < b.y + b.height; ++y)
      for (int x = b.x; x < b.x + b.width; ++x) canvas.set(x, y, kGround);
  DicomOptions options;
  options.sop_class = "1.2.840.10008.5.1.4.1.1.6.1";  // ultrasound
  options.modality = "US";
  writeDicom({canvas}, file, options);
  scene.file = file;
  return scene;
}

std::size_t inkLeft(const std::filesystem::path& file, const TextBounds& bounds) {
  const imaging::Frame frame = imaging::decodeFrame(file, 0);
  std::size_t left = 0;
  for (int y = std::max(0, bounds.y); y < std::min(frame.height, bounds.y + bounds.height); ++y)
    for (int x = std::max(0, bounds.x); x < std::min(frame.width, bounds.x + bounds.width); ++x)
      left += frame.values[static_cast<std::size_t>(y) * frame.width + x] == static_cast<float>(kInk);
  return left;
}

std::string label(SideText kind) {
  switch (kind) {
    case SideText::Stacked: return "Stacked";
    case SideText::Rotated90: return "Rotated90";
    case SideText::Tiny5: return "Tiny5";
    case SideText::Huge63: return "Huge63";
  }
  return "Unknown";
}

}  // namespace ocr_test
