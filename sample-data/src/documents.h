#pragma once
// The non-image objects of the demo study: a Basic Text SR report and a secondary-capture
// "scanned request form" with the patient's name burned into its pixels.
#include <string>

#include "clinical_header.h"

namespace imaging::sample {

class SampleWriter;

struct ReportSpec {
  SeriesContext series;         // modality "SR"
  std::string path;             // relative file path
  std::string reportDate;       // ContentDate of the report (a planted date)
  std::string referencedSeries;  // an image the report refers to
  std::string referencedClass;
  std::string referencedInstance;
};

// Returns the SOP Instance UID written.
std::string writeTextReport(SampleWriter& writer, const StudyContext& study, const ReportSpec& spec);

struct ScannedFormSpec {
  SeriesContext series;  // modality "OT"
  std::string path;
};

std::string writeScannedRequestForm(SampleWriter& writer, const StudyContext& study, const ScannedFormSpec& spec);

inline constexpr const char* kBasicTextSrStorage = "1.2.840.10008.5.1.4.1.1.88.11";
inline constexpr const char* kSecondaryCaptureStorage = "1.2.840.10008.5.1.4.1.1.7";

}  // namespace imaging::sample
