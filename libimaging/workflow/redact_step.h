#pragma once
// The pipeline's step for a burned-in candidate the user asked to send: de-identify the header as
// usual, then black out the text OCR finds (and the user's regions), then re-check with OCR.
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging/workflow/anonymize.h"

namespace imaging::workflow {

// Writes target; returns the engine's outcome, turned into Excluded (target removed) when OCR
// still finds an identifying word after redaction, and Failed when pixels cannot be redacted.
// When kept, audit receives every region blacked out; the written image records them too, one
// De-identification Method value each ("Redacted frame 2 x,y,w,h ocr-text-line").
InstanceOutcome deidentifyAndRedact(const Deidentifier& deid, const std::filesystem::path& input,
                                    const std::filesystem::path& target, const PatientContext& patient,
                                    const Series& series, const AnonymizeOptions& options,
                                    std::vector<PixelRedaction>& audit);

// A projection X-ray the header lets through (WorkItem::screen): de-identified, then screened for
// burned-in text by OCR (screenDetection). Without text it is written as it is (kept). With text it
// is left out (BurnedInTextFound), or, when redact_if_text, blacked out and re-checked exactly as
// deidentifyAndRedact does, from the same detection. redacted says which happened.
InstanceOutcome deidentifyAndScreen(const Deidentifier& deid, const std::filesystem::path& input,
                                    const std::filesystem::path& target, const PatientContext& patient,
                                    const Series& series, const AnonymizeOptions& options, bool redact_if_text,
                                    std::vector<PixelRedaction>& audit, bool& redacted);

// "Redacted frame 2 10,20,100,16 ocr-text-line" ("Redacted all frames ..." for frame 0): at most
// 64 characters, one LO value.
std::string redactionMark(const PixelRedaction& r);

}  // namespace imaging::workflow
