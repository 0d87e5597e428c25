#pragma once
// Why an instance was left out of an export or failed, as a code. Programs decide on the code
// (the viewer offers redaction for burned-in exclusions, the CLI does not warn about series the
// user did not select, tests assert it); words for people are made at the edge from describe() and
// the outcome's detail. toString() is the stable token written in reports and JSON.
#include <string>

#include "imaging/core/error.h"
#include "imaging/model/model.h"

namespace imaging {

enum class OutcomeCode {
  None,                        // kept
  // Left out by policy.
  SeriesNotSelected,           // the user did not select the series
  StructuredReportExcluded,    // --exclude-sr
  StructuredReportNotCleaned,  // SR without option clean-structured-content
  BurnedInAnnotation,          // Burned In Annotation (0028,0301) is YES
  BurnedInLikely,              // a SOP class or modality whose pixels usually carry text
  BurnedInTextFound,           // a projection X-ray whose header says nothing: OCR screened it and found text
  // Left out after trying to black out the text (--redact-burned-in).
  BurnedInNoTextFound,         // OCR found no text, so no pixel changed
  BurnedInNothingChanged,      // the boxes changed no pixel
  BurnedInStillIdentifying,    // the re-check still reads identifying text
  BurnedInStillText,           // the re-check still reads text (no identifiers to tell)
  RedactionFailed,             // the pixels could not be decoded or written
  // Left out by policy: content nobody can check, whatever --include-burned-in says.
  AudioNotCheckable,           // an audio waveform (dictation): spoken names cannot be checked
  DocumentNotCheckable,        // an encapsulated document (PDF, CDA, 3D model) that would go out emptied
  // Failed: the input.
  InputNotDicom,
  InputTruncated,
  InputUnreadable,
  InputUnsafeStructure,        // refused at the door: nesting too deep, impossible lengths
  InputIncomplete,             // parses, but lacks what an export needs (SOP Instance UID)
  UnknownTransferSyntax,       // newer than DCMTK and not explicit VR little endian encapsulated
  InputPixelDataMismatch,      // native pixel data longer than its declared image, and no certain cut
  InputPixelBitsUnchecked,     // compressed pixel data with room above High Bit that cannot be decoded here
  // Failed: this program or the output.
  NotConfigured,               // the de-identifier lacks a required part (UID mapper)
  EncodeFailed,                // the de-identified data set cannot be written in its encoding
  OutputWriteFailed,           // disk full, permissions
  NotListable,                 // no DICOMDIR record can describe the file (a required key missing)
  Internal,
};

// Stable token: "series-not-selected", "burned-in-likely", "input-truncated", ...
const char* toString(OutcomeCode code) noexcept;
// Plain words for people, without values from the file: "burned-in text likely in the pixels".
const char* describe(OutcomeCode code) noexcept;
// Every code about text in the pixels (offered for redaction by the viewer).
bool isBurnedIn(OutcomeCode code) noexcept;
// Exclusions by policy and after redaction: expected outcomes, not problems (exit code 0).
bool isExclusion(OutcomeCode code) noexcept;

// The failure matching a problem found at the door or an error thrown while processing.
OutcomeCode outcomeOf(ProblemKind kind) noexcept;
OutcomeCode outcomeOf(ErrorCode code) noexcept;

// Which header rule left an instance out: the typed detail of an Exclusion's code, so that words
// and scripts can tell a secondary capture from a slide label or a CT screenshot.
enum class ExclusionCause {
  None,
  StructuredReport,       // an SR (code says whether excluded or not cleaned)
  AnnotationFlag,         // Burned In Annotation YES
  SecondaryCapture,       // a Secondary Capture SOP class (1.2.840.10008.5.1.4.1.1.7, .7.x)
  Ultrasound,             // an ultrasound SOP class or modality US
  VisibleLight,           // endoscopic, photographic, microscopic, whole-slide, dermoscopic images
  Ophthalmic,             // ophthalmic photography and tomography
  CaptureModality,        // Modality OT, SC or XC
  ScreenCapture,          // Image Type says SCREEN SAVE (or screenshot, dose screen), any class
  ColourInGrayscaleClass, // RGB/YBR/PALETTE COLOR in a class that is grayscale (CT, MR, PET, ...)
  Audio,                  // an audio waveform SOP class or modality AU
  EncapsulatedDocument,   // an Encapsulated Document class whose document would be emptied
};

// A policy decision made before the file is de-identified.
struct Exclusion {
  OutcomeCode code = OutcomeCode::None;
  std::string detail;  // words with specifics ("ultrasound image: ..."); never identifying
  bool ultrasound = false;  // BurnedInLikely for an ultrasound SOP class or modality US (words for people)
  ExclusionCause cause = ExclusionCause::None;
};

}  // namespace imaging
