#include "ground_truth_eval.h"

#include <algorithm>

#include "burned_in_fixtures.h"
#include "imaging/ocr/redaction.h"
#include "imaging/pixels/decode.h"

namespace ocr_test {
namespace {

using imaging::sample::BurnedInImage;
using imaging::sample::TruthLine;

// The same sampling anonymize uses for long cine (libimaging/workflow/redact_step.cpp).
constexpr int kMaxOcrFrames = 8;

std::vector<Canvas> canvases(const BurnedInImage& image) {
  std::vector<Canvas> frames;
  for (const auto& rgb : image.frames) {
    Canvas canvas(image.width, image.height, image.colour ? 3 : 1, 0);
    if (image.colour) canvas.samples = rgb;
    else
      for (std::size_t i = 0; i < canvas.samples.size(); ++i) canvas.samples[i] = rgb[i * 3];
    frames.push_back(std::move(canvas));
  }
  return frames;
}

bool samePixel(const imaging::Frame& a, const imaging::Frame& b, std::size_t pixel) {
  const auto spp = static_cast<std::size_t>(a.samples_per_pixel);
  for (std::size_t s = 0; s < spp; ++s)
    if (a.values[pixel * spp + s] != b.values[pixel * spp + s]) return false;
  return true;
}

// Inside a drawn line's bounds grown by half its height: ink, anti-aliased edges and the gaps
// between letters are text.
bool nearText(const std::vector<const TruthLine*>& lines, int frame, int x, int y) {
  return std::any_of(lines.begin(), lines.end(), [&](const TruthLine* l) {
    const int grow = l->height / 2 + 1;
    return l->frame == frame && x >= l->x - grow && x < l->x + l->width + grow && y >= l->y - grow &&
           y < l->y + l->height + grow;
  });
}

}  // namespace

GroundTruthResult runGroundTruth(const BurnedInImage& image, const std::filesystem::path& dir) {
  GroundTruthResult result;
  result.name = image.name;
  const auto input = dir / (image.name + ".dcm");
  const auto output = dir / (image.name + ".redacted.dcm");
  DicomOptions options;
  options.modality = image.modality;
  if (image.modality == "US")
    options.sop_class = image.frames.size() > 1 ? "1.2.840.10008.5.1.4.1.1.3.1" : "1.2.840.10008.5.1.4.1.1.6.1";
  if (image.jpeg) options.transfer_syntax = "jpeg";
  writeDicom(canvases(image), input, options);

  imaging::DetectTextOptions detect;
  detect.max_frames = kMaxOcrFrames;
  const auto regions = imaging::regionsFromDetection(imaging::detectText(input, imaging::kAllFrames, image.identifiers, detect));
  std::vector<const TruthLine*> drawn;
  for (const auto& l : image.identifying) drawn.push_back(&l);
  for (const auto& l : image.marks) drawn.push_back(&l);
  if (regions.empty()) {
    result.why_not = "nothing detected";
    for (const auto& line : image.identifying) result.lines.push_back({line.glyph.size(), line.glyph.size()});
    return result;
  }
  imaging::RedactOptions redact;
  redact.identifiers = image.identifiers;
  redact.recheck_options.max_frames = kMaxOcrFrames;
  const auto redaction = imaging::redactRegions(input, output, regions, redact);
  if (redaction.samples_changed == 0) result.why_not = "no pixel changed";
  else if (redaction.recheck.verdict == imaging::BurnedInVerdict::Identifying) result.why_not = "re-check reads identifying text";
  else if (!redaction.burned_in_annotation_cleared) result.why_not = "re-check still finds text lines";
  result.exported = result.why_not.empty();

  // Blacked out: inside a padded region of that frame. A glyph pixel counts as kept when it is
  // outside every region and its samples are as they were (dark ink on paper can equal the black
  // of a MONOCHROME2 box, so "changed" alone would not tell).
  const std::size_t frame_pixels = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  std::vector<std::vector<unsigned char>> covered(image.frames.size(), std::vector<unsigned char>(frame_pixels, 0));
  for (std::size_t f = 0; f < image.frames.size(); ++f) {
    std::vector<imaging::PixelBox> boxes = regions.every_frame;
    if (auto it = regions.per_frame.find(static_cast<int>(f)); it != regions.per_frame.end())
      boxes.insert(boxes.end(), it->second.begin(), it->second.end());
    for (const auto& box : boxes) {
      const imaging::PixelBox b = box.padded(redact.padding);
      for (int y = std::max(0, b.y); y < std::min(image.height, b.y + b.height); ++y)
        for (int x = std::max(0, b.x); x < std::min(image.width, b.x + b.width); ++x)
          covered[f][static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)] = 1;
    }
  }
  std::vector<imaging::Frame> before, after;
  for (int f = 0; f < static_cast<int>(image.frames.size()); ++f) {
    before.push_back(imaging::decodeFrame(input, f));
    after.push_back(imaging::decodeFrame(output, f));
  }
  auto kept = [&](int frame, std::uint32_t p) {
    const auto f = static_cast<std::size_t>(frame);
    return !covered[f][p] && samePixel(before[f], after[f], p);
  };
  for (const auto& line : image.identifying) {
    LineResult r;
    r.glyph = line.glyph.size();
    for (std::uint32_t p : line.glyph) r.unchanged += kept(line.frame, p);
    result.lines.push_back(r);
  }
  for (const auto& mark : image.marks)
    if (std::any_of(mark.glyph.begin(), mark.glyph.end(), [&](std::uint32_t p) { return !kept(mark.frame, p); }))
      ++result.marks_touched;
  for (std::size_t f = 0; f < before.size(); ++f)
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x) {
        if (!covered[f][static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)]) continue;
        ++result.changed;
        if (!nearText(drawn, static_cast<int>(f), x, y)) ++result.changed_not_text;
      }
  return result;
}

}  // namespace ocr_test
