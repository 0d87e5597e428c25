#include "imaging/deid/outcome.h"

namespace imaging {

const char* toString(OutcomeCode code) noexcept {
  switch (code) {
    case OutcomeCode::None: return "none";
    case OutcomeCode::SeriesNotSelected: return "series-not-selected";
    case OutcomeCode::StructuredReportExcluded: return "structured-report-excluded";
    case OutcomeCode::StructuredReportNotCleaned: return "structured-report-not-cleaned";
    case OutcomeCode::BurnedInAnnotation: return "burned-in-annotation";
    case OutcomeCode::BurnedInLikely: return "burned-in-likely";
    case OutcomeCode::BurnedInTextFound: return "burned-in-text-found";
    case OutcomeCode::BurnedInNoTextFound: return "burned-in-no-text-found";
    case OutcomeCode::BurnedInNothingChanged: return "burned-in-nothing-changed";
    case OutcomeCode::BurnedInStillIdentifying: return "burned-in-still-identifying";
    case OutcomeCode::BurnedInStillText: return "burned-in-still-text";
    case OutcomeCode::RedactionFailed: return "redaction-failed";
    case OutcomeCode::AudioNotCheckable: return "audio-not-checkable";
    case OutcomeCode::DocumentNotCheckable: return "document-not-checkable";
    case OutcomeCode::InputNotDicom: return "input-not-dicom";
    case OutcomeCode::InputTruncated: return "input-truncated";
    case OutcomeCode::InputUnreadable: return "input-unreadable";
    case OutcomeCode::InputUnsafeStructure: return "input-unsafe-structure";
    case OutcomeCode::InputIncomplete: return "input-incomplete";
    case OutcomeCode::UnknownTransferSyntax: return "unknown-transfer-syntax";
    case OutcomeCode::InputPixelDataMismatch: return "input-pixel-data-mismatch";
    case OutcomeCode::InputPixelBitsUnchecked: return "input-pixel-bits-unchecked";
    case OutcomeCode::NotConfigured: return "not-configured";
    case OutcomeCode::EncodeFailed: return "encode-failed";
    case OutcomeCode::OutputWriteFailed: return "output-write-failed";
    case OutcomeCode::NotListable: return "not-listable";
    case OutcomeCode::Internal: return "internal";
  }
  return "internal";
}

const char* describe(OutcomeCode code) noexcept {
  switch (code) {
    case OutcomeCode::None: return "kept";
    case OutcomeCode::SeriesNotSelected: return "series not selected";
    case OutcomeCode::StructuredReportExcluded: return "structured report excluded (--exclude-sr)";
    case OutcomeCode::StructuredReportNotCleaned:
      return "structured report excluded: its content tree is only cleaned with option clean-structured-content";
    case OutcomeCode::BurnedInAnnotation: return "burned-in annotation (BurnedInAnnotation is YES)";
    case OutcomeCode::BurnedInLikely: return "likely burned-in text in the pixels";
    case OutcomeCode::BurnedInTextFound:
      return "burned-in text found: the pixels were screened by OCR and hold text other than orientation marks and scales";
    case OutcomeCode::BurnedInNoTextFound: return "burned-in text: OCR found no text to black out, so no pixel was changed";
    case OutcomeCode::BurnedInNothingChanged:
      return "burned-in text: blacking out changed no pixel (the regions are black already)";
    case OutcomeCode::BurnedInStillIdentifying: return "burned-in text: identifying text still found after redaction";
    case OutcomeCode::BurnedInStillText: return "burned-in text: OCR still reads text after redaction";
    case OutcomeCode::RedactionFailed: return "cannot redact burned-in text";
    case OutcomeCode::AudioNotCheckable:
      return "audio recording: a spoken name or birth date cannot be checked, so it is left out";
    case OutcomeCode::DocumentNotCheckable:
      return "encapsulated document: its content cannot be cleaned and would be sent empty, so it is left out";
    case OutcomeCode::InputNotDicom: return "not a DICOM file";
    case OutcomeCode::InputTruncated: return "the file is cut short";
    case OutcomeCode::InputUnreadable: return "cannot read the file";
    case OutcomeCode::InputUnsafeStructure: return "refused: built in a way that cannot be parsed safely";
    case OutcomeCode::InputIncomplete: return "lacks an attribute an export needs";
    case OutcomeCode::UnknownTransferSyntax: return "transfer syntax unknown to this program";
    case OutcomeCode::InputPixelDataMismatch: return "the pixel data is longer than the image it declares";
    case OutcomeCode::InputPixelBitsUnchecked:
      return "the compressed pixels cannot be decoded here to clear bits outside the stored range";
    case OutcomeCode::NotConfigured: return "de-identifier not configured";
    case OutcomeCode::EncodeFailed: return "cannot encode the de-identified file";
    case OutcomeCode::OutputWriteFailed: return "cannot write the output";
    case OutcomeCode::NotListable: return "cannot be listed in a DICOMDIR";
    case OutcomeCode::Internal: return "internal error";
  }
  return "internal error";
}

bool isBurnedIn(OutcomeCode code) noexcept {
  switch (code) {
    case OutcomeCode::BurnedInAnnotation:
    case OutcomeCode::BurnedInLikely:
    case OutcomeCode::BurnedInTextFound:
    case OutcomeCode::BurnedInNoTextFound:
    case OutcomeCode::BurnedInNothingChanged:
    case OutcomeCode::BurnedInStillIdentifying:
    case OutcomeCode::BurnedInStillText: return true;
    default: return false;
  }
}

bool isExclusion(OutcomeCode code) noexcept {
  return code == OutcomeCode::SeriesNotSelected || code == OutcomeCode::StructuredReportExcluded ||
         code == OutcomeCode::StructuredReportNotCleaned || code == OutcomeCode::AudioNotCheckable ||
         code == OutcomeCode::DocumentNotCheckable || isBurnedIn(code);
}

OutcomeCode outcomeOf(ProblemKind kind) noexcept {
  switch (kind) {
    case ProblemKind::NotDicom: return OutcomeCode::InputNotDicom;
    case ProblemKind::Truncated: return OutcomeCode::InputTruncated;
    case ProblemKind::UnsafeStructure: return OutcomeCode::InputUnsafeStructure;
    case ProblemKind::Incomplete: return OutcomeCode::InputIncomplete;
    case ProblemKind::Unsupported: return OutcomeCode::UnknownTransferSyntax;
    default: return OutcomeCode::InputUnreadable;
  }
}

OutcomeCode outcomeOf(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::NotDicom: return OutcomeCode::InputNotDicom;
    case ErrorCode::Truncated: return OutcomeCode::InputTruncated;
    case ErrorCode::UnsafeStructure: return OutcomeCode::InputUnsafeStructure;
    case ErrorCode::Corrupt:
    case ErrorCode::NotFound: return OutcomeCode::InputUnreadable;
    case ErrorCode::Unsupported: return OutcomeCode::UnknownTransferSyntax;
    case ErrorCode::Io: return OutcomeCode::OutputWriteFailed;
    case ErrorCode::Configuration: return OutcomeCode::NotConfigured;
    default: return OutcomeCode::Internal;
  }
}

}  // namespace imaging
