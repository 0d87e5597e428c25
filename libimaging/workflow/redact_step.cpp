#include "redact_step.h"

#include <optional>
#include <system_error>

#include "imaging/core/error.h"
#include "imaging/ocr/redaction.h"
#include "imaging/ocr/screening.h"
#include "imaging/ocr/text_detection.h"
#include "work_plan.h"

namespace imaging::workflow {
namespace {

// Cine loops can hold hundreds of frames and OCR costs about a second per frame; text burned into
// ultrasound loops sits in the same place in every frame, so evenly spaced samples find it and the
// union of their boxes is blacked out in every frame.
constexpr int kMaxOcrFrames = 8;

// Why a candidate stays out; each says what a person can do about it.
constexpr const char* kHandHint = "; cover the text by hand with --blackout x,y,w,h (or the viewer's box tool)";

PixelRedaction auditOf(const RedactedBox& r) {
  return {r.frame < 0 ? 0 : r.frame + 1, r.box.x, r.box.y, r.box.width, r.box.height, toString(r.why), r.samples_changed};
}

std::vector<PixelRedaction> auditOf(const RedactionResult& result) {
  std::vector<PixelRedaction> audit;
  for (const RedactedBox& r : result.applied) audit.push_back(auditOf(r));
  return audit;
}

TextDetection detect(const std::filesystem::path& file, const std::vector<std::string>& identifiers) {
  DetectTextOptions detect;
  detect.max_frames = kMaxOcrFrames;
  return detectText(file, kAllFrames, identifiers, detect);
}

void addBlackouts(RedactionRegions& regions, const Series& series, const AnonymizeOptions& options) {
  for (const BlackoutRegion& b : options.blackouts)
    if (b.series.empty() || seriesMatches(series, b.series)) regions.manual.push_back({b.x, b.y, b.width, b.height});
}

// Blacks out regions of the de-identified header_only into target, re-checks, and decides: kept as
// redacted, or excluded with the refusal's code. header_only is removed either way. Throws Error
// when the pixels cannot be redacted.
InstanceOutcome blackOut(const std::filesystem::path& header_only, const std::filesystem::path& target,
                         InstanceOutcome outcome, const std::vector<std::string>& identifiers,
                         const RedactionRegions& regions, std::vector<PixelRedaction>& audit) {
  RedactOptions redact;
  redact.identifiers = identifiers;
  redact.recheck_options.max_frames = kMaxOcrFrames;
  // The image says what was done in the same write that clears Burned In Annotation.
  redact.mark_clean_pixel_data = true;
  redact.region_mark = [](const RedactedBox& r) { return redactionMark(auditOf(r)); };
  const std::optional<RedactionResult> result =
      regions.empty() ? std::nullopt : std::optional<RedactionResult>(redactRegions(header_only, target, regions, redact));
  std::error_code ec;
  std::filesystem::remove(header_only, ec);
  OutcomeCode refusal = OutcomeCode::None;
  if (!result) refusal = OutcomeCode::BurnedInNoTextFound;
  else if (result->samples_changed == 0) refusal = OutcomeCode::BurnedInNothingChanged;
  else if (result->recheck.verdict == BurnedInVerdict::Identifying) refusal = OutcomeCode::BurnedInStillIdentifying;
  else if (!result->burned_in_annotation_cleared || !result->clean_pixel_data_marked)
    refusal = OutcomeCode::BurnedInStillText;
  if (refusal != OutcomeCode::None) {
    // Written as redacted only when pixels changed and OCR re-reads nothing identifying: anything
    // else would be the unchanged image carrying a Clean Pixel Data claim.
    std::filesystem::remove(target, ec);
    outcome.status = InstanceOutcome::Status::Excluded;
    outcome.code = refusal;
    outcome.reason = std::string(describe(refusal)) + kHandHint;
    outcome.action_counts.clear();
    return outcome;
  }
  audit = auditOf(*result);
  // Pixel data was re-encoded: the DICOMDIR facts must be read from the written file.
  outcome.written = WrittenHeader{};
  outcome.pixel_data_streamed = false;
  outcome.action_counts["redact-pixels"] += static_cast<int>(result->boxes_applied);
  return outcome;
}

InstanceOutcome failedRedaction(InstanceOutcome outcome, const Error& e, const std::filesystem::path& header_only,
                                const std::filesystem::path& target) {
  std::error_code ec;
  std::filesystem::remove(header_only, ec);
  std::filesystem::remove(target, ec);
  outcome.status = InstanceOutcome::Status::Failed;
  outcome.code = OutcomeCode::RedactionFailed;
  outcome.reason = std::string(describe(OutcomeCode::RedactionFailed)) + ": " + e.what();
  return outcome;
}

std::filesystem::path headerOnlyPath(const std::filesystem::path& target) {
  std::filesystem::path p = target;
  p += ".deid";
  return p;
}

}  // namespace

std::string redactionMark(const PixelRedaction& r) {
  return "Redacted " + (r.frame == 0 ? std::string("all frames") : "frame " + std::to_string(r.frame)) + " " +
         std::to_string(r.x) + "," + std::to_string(r.y) + "," + std::to_string(r.width) + "," +
         std::to_string(r.height) + " " + r.why;
}

namespace {

// The engine's file written at `header_only` beside the target, for the pixels to be looked at
// before it takes the target's name; nothing is left there when the engine did not keep it.
InstanceOutcome deidentifyBeside(const Deidentifier& deid, const std::filesystem::path& input,
                                 const std::filesystem::path& header_only, const PatientContext& patient) {
  InstanceOutcome outcome = deid.deidentifyFile(input, header_only, patient, false);
  std::error_code ec;
  if (outcome.status != InstanceOutcome::Status::Kept) std::filesystem::remove(header_only, ec);
  return outcome;
}

}  // namespace

InstanceOutcome deidentifyAndRedact(const Deidentifier& deid, const std::filesystem::path& input,
                                    const std::filesystem::path& target, const PatientContext& patient,
                                    const Series& series, const AnonymizeOptions& options,
                                    std::vector<PixelRedaction>& audit) {
  const std::filesystem::path header_only = headerOnlyPath(target);
  InstanceOutcome outcome = deidentifyBeside(deid, input, header_only, patient);
  if (outcome.status != InstanceOutcome::Status::Kept) return outcome;
  try {
    const std::vector<std::string> identifiers = contextIdentifiers(patient, options.deid.profile);
    RedactionRegions regions;
    if (options.redact_burned_in) regions = regionsFromDetection(detect(header_only, identifiers));
    addBlackouts(regions, series, options);
    return blackOut(header_only, target, std::move(outcome), identifiers, regions, audit);
  } catch (const Error& e) {
    return failedRedaction(std::move(outcome), e, header_only, target);
  }
}

InstanceOutcome deidentifyAndScreen(const Deidentifier& deid, const std::filesystem::path& input,
                                    const std::filesystem::path& target, const PatientContext& patient,
                                    const Series& series, const AnonymizeOptions& options, bool redact_if_text,
                                    std::vector<PixelRedaction>& audit, bool& redacted) {
  redacted = false;
  const std::filesystem::path header_only = headerOnlyPath(target);
  InstanceOutcome outcome = deidentifyBeside(deid, input, header_only, patient);
  if (outcome.status != InstanceOutcome::Status::Kept) return outcome;
  std::error_code ec;
  const std::vector<std::string> identifiers = contextIdentifiers(patient, options.deid.profile);
  std::optional<TextDetection> detection;
  try {
    detection = detect(header_only, identifiers);
  } catch (const Error& e) {
    // Pixels that cannot be screened are not known to be clean: left out, like a flagged image.
    std::filesystem::remove(header_only, ec);
    outcome.status = InstanceOutcome::Status::Excluded;
    outcome.code = OutcomeCode::BurnedInLikely;
    outcome.reason = std::string("projection X-ray: the pixels cannot be screened for burned-in text (") + e.what() +
                     "); --trust-burned-in-flag exports such images unscreened";
    outcome.action_counts.clear();
    return outcome;
  }
  const ScreeningResult screening = screenDetection(*detection);
  if (!screening.textFound()) {
    // The file written is the export's file: same bytes, so the engine's header facts stay true.
    std::filesystem::rename(header_only, target, ec);
    if (ec) {
      std::filesystem::remove(header_only, ec);
      outcome.status = InstanceOutcome::Status::Failed;
      outcome.code = OutcomeCode::OutputWriteFailed;
      outcome.reason = std::string(describe(OutcomeCode::OutputWriteFailed)) + ": " + ec.message();
      outcome.output_error = true;
    }
    return outcome;
  }
  if (!redact_if_text) {
    std::filesystem::remove(header_only, ec);
    outcome.status = InstanceOutcome::Status::Excluded;
    outcome.code = OutcomeCode::BurnedInTextFound;
    outcome.reason = std::string(describe(OutcomeCode::BurnedInTextFound)) + " (" +
                     std::to_string(screening.text_lines) + " text line(s), " +
                     std::to_string(screening.identifying_words) + " identifying word(s))";
    outcome.action_counts.clear();
    return outcome;
  }
  redacted = true;
  try {
    RedactionRegions regions;
    if (options.redact_burned_in) regions = regionsFromDetection(*detection);
    addBlackouts(regions, series, options);
    return blackOut(header_only, target, std::move(outcome), identifiers, regions, audit);
  } catch (const Error& e) {
    return failedRedaction(std::move(outcome), e, header_only, target);
  }
}

}  // namespace imaging::workflow
