// Redaction writes the input back with only the pixel data (and, after a passing OCR re-check,
// BurnedInAnnotation) changed. The file is written beside the output under a temporary name and
// renamed, so a failed run never leaves a half-redacted file under the final name.
#include "imaging/ocr/redaction.h"

#include <algorithm>
#include <set>
#include <system_error>

#include "imaging/core/error.h"
#include "imaging/ocr/annotation_rules.h"
#include "imaging_bridge/deidentification_marks.h"
#include "native_pixels.h"
#include "overlay_blackout.h"

namespace imaging {
namespace {

PixelBox clipped(const PixelBox& box, int columns, int rows) {
  const int x0 = std::max(0, box.x), y0 = std::max(0, box.y);
  const int x1 = std::min(columns, box.x + box.width), y1 = std::min(rows, box.y + box.height);
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

void validate(const RedactionRegions& regions, const RedactOptions& options, const std::string& where) {
  if (options.padding < 0) throw Error(ErrorCode::InvalidArgument, "padding must not be negative", where);
  auto check_box = [&](const PixelBox& box) {
    if (box.width < 0 || box.height < 0) throw Error(ErrorCode::InvalidArgument, "region with a negative size", where);
  };
  for (const auto& box : regions.every_frame) check_box(box);
  for (const auto& box : regions.manual) check_box(box);
  for (const auto& [frame, boxes] : regions.per_frame) {
    if (frame < 0) throw Error(ErrorCode::InvalidArgument, "region for a negative frame index", where);
    for (const auto& box : boxes) check_box(box);
  }
}

bool samePath(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  if (std::filesystem::exists(b, ec) && std::filesystem::equivalent(a, b, ec)) return true;
  return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

void save(DcmFileFormat& file, const std::filesystem::path& path) {
  const OFCondition status =
      file.saveFile(path.c_str(), EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_fileformat);
  if (status.bad()) throw Error(ErrorCode::Io, std::string("cannot write: ") + status.text(), path.string());
}

// Removes the temporary file unless released.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};


bool atRegion(const TextLine& line, const RedactionRegions& regions, int padding) {
  std::vector<PixelBox> boxes = regions.every_frame;
  if (auto it = regions.per_frame.find(line.frame_index); it != regions.per_frame.end())
    boxes.insert(boxes.end(), it->second.begin(), it->second.end());
  return std::any_of(boxes.begin(), boxes.end(), [&](const PixelBox& b) { return onLineOfBox(line, b.padded(padding)); });
}

std::size_t linesLeftAtRegions(const TextDetection& recheck, const RedactionRegions& regions, int padding) {
  return static_cast<std::size_t>(std::count_if(recheck.lines.begin(), recheck.lines.end(), [&](const TextLine& line) {
    return !line.harmless && atRegion(line, regions, padding);
  }));
}

// Lines away from every region, of about four characters or more: a shorter one there is a mark
// at most, whose harmless reading can flip when the page around it changed (Tesseract's layout of
// the blacked frame joins a speck to "10"; the stretched and extreme looks of a frame whose bright
// text is gone make specks of speckle into 3-character "lines"); an identifying word in it still
// keeps the flag.
std::size_t linesLeftElsewhere(const TextDetection& recheck, const RedactionRegions& regions, int padding) {
  return static_cast<std::size_t>(std::count_if(recheck.lines.begin(), recheck.lines.end(), [&](const TextLine& line) {
    return !line.harmless && line.longerThanMark() && !atRegion(line, regions, padding);
  }));
}

// A region to black out, with its origin.
struct Wanted {
  int frame;  // -1: every frame
  PixelBox box;
  RegionOrigin why;
};

// Blacks the regions out in image (padded, clipped) and records each distinct one in the audit
// with the samples it changed over its frames; a region already recorded is not applied again.
void blackOutWanted(ocr_detail::NativePixels& image, const std::vector<Wanted>& wanted, int padding, RedactionResult& result) {
  const std::size_t first_new = result.applied.size();
  for (const Wanted& w : wanted) {
    const PixelBox area = clipped(w.box.padded(padding), image.columns, image.rows);
    if (area.empty()) continue;
    const bool seen = std::any_of(result.applied.begin(), result.applied.end(), [&](const RedactedBox& r) {
      return r.frame == w.frame && r.box == area;
    });
    if (!seen) result.applied.push_back({w.frame, area, w.why, 0});
  }
  for (std::size_t k = first_new; k < result.applied.size(); ++k) {
    RedactedBox& r = result.applied[k];
    for (int frame = r.frame < 0 ? 0 : r.frame; frame < (r.frame < 0 ? image.frames : r.frame + 1); ++frame) {
      std::size_t changed = 0;
      result.pixels_blacked += ocr_detail::blackOut(image, frame, r.box, &changed);
      // Text in an overlay plane is drawn over the same place: its bits there go too.
      changed += ocr_detail::blackOutOverlays(*image.file->getDataset(), frame, r.box);
      r.samples_changed += changed;
      result.samples_changed += changed;
      ++result.boxes_applied;
    }
  }
}

}  // namespace

bool RedactionRegions::empty() const { return boxCount() == 0; }

std::size_t RedactionRegions::boxCount() const {
  std::size_t count = every_frame.size() + manual.size();
  for (const auto& [frame, boxes] : per_frame) count += boxes.size();
  return count;
}

// Margin around a whole text line: a quarter of its height (of its width when it runs down the
// frame), at least 3 pixels (strokes of anti-aliased text reach past the box the detector drew
// around the ink).
PixelBox lineWithMargin(const TextLine& line) {
  return line.box.padded(std::max(3, (line.vertical ? line.box.width : line.box.height) / 4));
}

bool holdsIdentifying(const TextDetection& detection, const TextLine& line) {
  return std::any_of(detection.words.begin(), detection.words.end(), [&](const RecognizedWord& w) {
    const int cx = w.box.x + w.box.width / 2, cy = w.box.y + w.box.height / 2;
    return w.frame_index == line.frame_index && w.kind == WordKind::Identifying && cx >= line.box.x &&
           cx < line.box.x + line.box.width && cy >= line.box.y && cy < line.box.y + line.box.height;
  });
}

const char* toString(RegionOrigin origin) noexcept {
  switch (origin) {
    case RegionOrigin::OcrTextLine: return "ocr-text-line";
    case RegionOrigin::ManualBlackout: return "manual-blackout";
    case RegionOrigin::VendorAnnotation: return "vendor-annotation";
  }
  return "unknown";
}

RedactionRegions regionsFromDetection(const TextDetection& detection, RedactScope scope) {
  RedactionRegions regions;
  auto add = [&](int frame, const PixelBox& box) {
    std::vector<PixelBox>& boxes = detection.checkedEveryFrame() ? regions.per_frame[frame] : regions.every_frame;
    if (std::find(boxes.begin(), boxes.end(), box) == boxes.end()) boxes.push_back(box);
  };
  // Whole lines first: every line not clearly harmless (or, for IdentifyingOnly, every line that
  // holds an identifying word), so that the parts OCR misread go with the parts it read.
  for (const TextLine& line : detection.lines) {
    const bool wanted = scope == RedactScope::IdentifyingOnly ? holdsIdentifying(detection, line) : !line.harmless;
    if (wanted && !line.box.empty()) add(line.frame_index, lineWithMargin(line));
  }
  for (const RecognizedWord& word : detection.words) {
    const bool wanted = scope == RedactScope::IdentifyingOnly ? word.kind == WordKind::Identifying
                                                              : word.kind != WordKind::UsualMark;
    if (!wanted || word.box.empty()) continue;
    // The rest of an identifying line is usually more of the same person (the ID after the
    // name) that OCR read too poorly to match: it goes too.
    const PixelBox box = word.kind == WordKind::Identifying && !word.line.empty() ? word.line : word.box;
    add(word.frame_index, box);
  }
  return regions;
}

RedactionResult redactRegions(const std::filesystem::path& input, const std::filesystem::path& output,
                              const RedactionRegions& regions, const RedactOptions& options) {
  const std::string where = input.string();
  if (output.empty() || output.filename().empty()) throw Error(ErrorCode::InvalidArgument, "no output file given", where);
  if (samePath(input, output)) throw Error(ErrorCode::InvalidArgument, "output would overwrite the input", where);
  validate(regions, options, where);

  ocr_detail::NativePixels image = ocr_detail::loadNative(input);
  RedactionResult result;
  result.frame_count = image.frames;
  result.input_transfer_syntax = image.input_syntax;
  result.decompressed = image.decompressed;
  if (!regions.per_frame.empty() && regions.per_frame.rbegin()->first >= image.frames)
    throw Error(ErrorCode::InvalidArgument,
                "region for frame " + std::to_string(regions.per_frame.rbegin()->first + 1) + ", the file has " +
                    std::to_string(image.frames),
                where);

  // Every region with its origin; the vendor's fixed annotation regions join the regions asked
  // for (and the re-check ignores them like the others).
  std::vector<Wanted> wanted;
  for (const PixelBox& box : regions.every_frame) wanted.push_back({-1, box, RegionOrigin::OcrTextLine});
  for (const PixelBox& box : regions.manual) wanted.push_back({-1, box, RegionOrigin::ManualBlackout});
  RedactionRegions all = regions;
  all.every_frame.insert(all.every_frame.end(), regions.manual.begin(), regions.manual.end());
  all.manual.clear();
  if (options.vendor_rules) {
    DcmDataset& dataset = *image.file->getDataset();
    auto text = [&](const DcmTagKey& tag) {
      OFString value;
      return dataset.findAndGetOFStringArray(tag, value).good() ? std::string(value.c_str()) : std::string();
    };
    if (const AnnotationRule* rule = findAnnotationRule(text(DCM_Manufacturer), text(DCM_ManufacturerModelName), text(DCM_Modality))) {
      result.vendor_rule = rule->name;
      for (const PixelBox& box : annotationBoxes(*rule, image.columns, image.rows)) {
        all.every_frame.push_back(box);
        wanted.push_back({-1, box, RegionOrigin::VendorAnnotation});
      }
    }
  }
  for (const auto& [frame, boxes] : regions.per_frame)
    for (const PixelBox& box : boxes) wanted.push_back({frame, box, RegionOrigin::OcrTextLine});
  blackOutWanted(image, wanted, options.padding, result);

  TemporaryFile temporary(output.parent_path() / ("." + output.filename().string() + ".redacting"));
  save(*image.file, temporary.path());

  if (options.recheck) {
    const bool strict = options.require_clean || options.identifiers.empty();
    bool passed = false;
    for (int round = 0;; ++round) {
      DetectTextOptions recheck_options = options.recheck_options;
      for (const PixelBox& box : all.every_frame) recheck_options.ignore_every_frame.push_back(box.padded(options.padding));
      for (const auto& [frame, boxes] : all.per_frame)
        for (const PixelBox& box : boxes) recheck_options.ignore_regions[frame].push_back(box.padded(options.padding));
      result.recheck = detectText(temporary.path(), kAllFrames, options.identifiers, recheck_options);
      result.rechecked = true;
      // The re-check reads and detects on its own: no identifying word, and no text line (by
      // layout or strokes, across or down the frame) that is not clearly harmless, anywhere: the
      // rest of a line the boxes covered only in part, and text no box covers (stacked letters, a
      // side label, a title too large or too small for the first detection to see).
      result.lines_left_at_regions = linesLeftAtRegions(result.recheck, all, options.padding);
      result.lines_left = result.lines_left_at_regions + linesLeftElsewhere(result.recheck, all, options.padding);
      passed = strict ? result.recheck.verdict == BurnedInVerdict::Clean
                      : result.recheck.verdict != BurnedInVerdict::Identifying && result.lines_left == 0;
      // Text away from every region was not seen, or not seen so, before (blacking out changes
      // the frame's statistics, and with them what the detectors see): black it out once more and
      // look again. A word still identifying, or a line a box covered only in part, means the
      // boxes were wrong: no second round, the flag stays.
      if (passed || round > 0 || !options.black_out_new_text || result.recheck.verdict == BurnedInVerdict::Identifying ||
          result.lines_left_at_regions > 0)
        break;
      const RedactionRegions more = regionsFromDetection(result.recheck);
      if (more.empty()) break;
      std::vector<Wanted> again;
      for (const PixelBox& box : more.every_frame) again.push_back({-1, box, RegionOrigin::OcrTextLine});
      for (const auto& [frame, boxes] : more.per_frame)
        for (const PixelBox& box : boxes) again.push_back({frame, box, RegionOrigin::OcrTextLine});
      all.every_frame.insert(all.every_frame.end(), more.every_frame.begin(), more.every_frame.end());
      for (const auto& [frame, boxes] : more.per_frame)
        all.per_frame[frame].insert(all.per_frame[frame].end(), boxes.begin(), boxes.end());
      result.second_round = true;
      blackOutWanted(image, again, options.padding, result);
      save(*image.file, temporary.path());
    }
    // Only an image whose pixels really changed and was then found free of text lines is marked.
    if (passed && result.samples_changed > 0) {
      DcmDataset& dataset = *image.file->getDataset();
      if (dataset.putAndInsertString(DCM_BurnedInAnnotation, "NO").bad())
        throw Error(ErrorCode::Internal, "cannot set Burned In Annotation", where);
      if (options.mark_clean_pixel_data) {
        std::vector<std::string> method{options.clean_pixel_method};
        if (options.region_mark)
          for (const RedactedBox& r : result.applied) method.push_back(options.region_mark(r));
        bridge::writeDeidentificationMarks(dataset, method, {{"113101", "Clean Pixel Data Option"}},
                                           bridge::MarkMode::Append);
        result.clean_pixel_data_marked = true;
      }
      save(*image.file, temporary.path());
      result.burned_in_annotation_cleared = true;
    }
  }

  std::error_code ec;
  std::filesystem::rename(temporary.path(), output, ec);
  if (ec) throw Error(ErrorCode::Io, "cannot write: " + ec.message(), output.string());
  temporary.release();
  return result;
}

}  // namespace imaging
