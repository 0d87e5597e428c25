// scanshare ocr FILE [--json] [--frame N] [--max-frames N] [--identifier VALUE]... [--show-text]
// Finds burned-in text in the pixels of one DICOM file and says whether it names the patient
// (compared with the file's own patient name, ID and birth date, plus any --identifier). Words
// that match are printed masked unless --show-text. Exit code: 0 no text beyond orientation
// letters and scale numbers, 1 text found (suspect or identifying), 2 error.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/ocr/text_detection.h"

namespace scanshare_cli {
namespace {

struct OcrArgs {
  std::string input;
  bool json = false;
  bool show_text = false;
  int frame = 0;       // 1-based; 0: all frames
  int max_frames = 0;  // 0: every frame
  std::vector<std::string> identifiers;
};

// The patient's identifying values from the file's own header.
std::vector<std::string> headerIdentifiers(const std::string& file) {
  std::vector<std::string> values;
  const imaging::Inventory inventory = imaging::scan(file);
  for (const imaging::Patient& patient : inventory.patients)
    for (const std::string* value : {&patient.name, &patient.id, &patient.birth_date})
      if (!value->empty()) values.push_back(*value);
  return values;
}

std::string shownText(const imaging::RecognizedWord& word, bool show_text) {
  return word.kind == imaging::WordKind::Identifying && !show_text ? "[identifying]" : word.text;
}

void printText(const OcrArgs& args, const imaging::TextDetection& detection) {
  std::cout << args.input << ": " << imaging::toString(detection.verdict) << " (" << detection.words.size()
            << " words, " << detection.frames_checked.size() << " of " << detection.frame_count << " frames checked)\n";
  for (const auto& word : detection.words) {
    std::cout << "  frame " << word.frame_index + 1 << "  " << word.box.x << "," << word.box.y << " " << word.box.width
              << "x" << word.box.height << "  " << imaging::toString(word.kind) << "  "
              << static_cast<int>(word.confidence) << "%  " << shownText(word, args.show_text) << "\n";
  }
  for (const auto& line : detection.lines) {
    std::cout << "  frame " << line.frame_index + 1 << "  line " << line.box.x << "," << line.box.y << " " << line.box.width
              << "x" << line.box.height << "  " << (line.harmless ? "harmless" : "blacked out") << "  ("
              << (line.from_layout ? "layout" : "") << (line.from_layout && line.from_strokes ? "+" : "")
              << (line.from_strokes ? "strokes" : "") << ")\n";
  }
}

void printJson(const OcrArgs& args, const imaging::TextDetection& detection) {
  nlohmann::ordered_json out;
  out["file"] = args.input;
  out["verdict"] = imaging::toString(detection.verdict);
  out["frame_count"] = detection.frame_count;
  nlohmann::ordered_json frames = nlohmann::ordered_json::array();
  for (int f : detection.frames_checked) frames.push_back(f + 1);
  out["frames_checked"] = frames;
  out["words"] = nlohmann::ordered_json::array();
  for (const auto& word : detection.words) {
    nlohmann::ordered_json entry;
    entry["frame"] = word.frame_index + 1;
    entry["box"] = {{"x", word.box.x}, {"y", word.box.y}, {"width", word.box.width}, {"height", word.box.height}};
    entry["line"] = {{"x", word.line.x}, {"y", word.line.y}, {"width", word.line.width}, {"height", word.line.height}};
    entry["kind"] = imaging::toString(word.kind);
    entry["confidence"] = static_cast<int>(word.confidence);
    if (word.kind == imaging::WordKind::Identifying && !args.show_text) entry["text"] = nullptr;
    else entry["text"] = word.text;
    out["words"].push_back(entry);
  }
  out["lines"] = nlohmann::ordered_json::array();
  for (const auto& line : detection.lines) {
    out["lines"].push_back({{"frame", line.frame_index + 1},
                            {"box", {{"x", line.box.x}, {"y", line.box.y}, {"width", line.box.width}, {"height", line.box.height}}},
                            {"harmless", line.harmless},
                            {"from_layout", line.from_layout},
                            {"from_strokes", line.from_strokes}});
  }
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int runOcr(const OcrArgs& args) {
  try {
    std::vector<std::string> identifiers = headerIdentifiers(args.input);
    identifiers.insert(identifiers.end(), args.identifiers.begin(), args.identifiers.end());
    imaging::DetectTextOptions options;
    options.max_frames = args.max_frames;
    const auto detection =
        imaging::detectText(args.input, args.frame > 0 ? args.frame - 1 : imaging::kAllFrames, identifiers, options);
    if (args.json) printJson(args, detection);
    else printText(args, detection);
    return detection.verdict == imaging::BurnedInVerdict::Clean ? kExitOk : kExitProblems;
  } catch (const imaging::Error& e) {
    return reportError(e);
  }
}

}  // namespace

void addOcrCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<OcrArgs>();
  CLI::App* cmd = root.add_subcommand("ocr", "find burned-in text in a DICOM file's pixels (OCR) and whether it names the patient");
  cmd->add_option("FILE", args->input, "a DICOM image file")->required();
  cmd->add_flag("--json", args->json, "JSON output (boxes, kinds, confidences; identifying words as null)");
  cmd->add_flag("--show-text", args->show_text, "print identifying words instead of masking them");
  cmd->add_option("--frame", args->frame, "check only this frame (1 = first); default all")->check(CLI::PositiveNumber);
  cmd->add_option("--max-frames", args->max_frames, "check at most N frames, evenly spaced")->check(CLI::NonNegativeNumber);
  cmd->add_option("--identifier", args->identifiers,
                  "another identifying value to look for (repeatable); the file's patient name, ID and birth date are always used");
  cmd->callback([args, &ctx] { ctx.exit_code = runOcr(*args); });
}

}  // namespace scanshare_cli
