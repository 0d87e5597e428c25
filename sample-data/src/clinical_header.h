#pragma once
// The patient, study, series, equipment and request attributes every generated instance carries,
// with the fake identity spread over all the places real scanners put it.
#include <string>

#include "dicom_text.h"
#include "identity.h"

namespace imaging::sample {

struct StudyContext {
  const PatientIdentity* patient = nullptr;
  std::string studyUid;
  std::string frameOfReferenceUid;
  std::string performedProcedureStepUid;
  std::string manufacturer = "ACME Medical Systems";
  std::string model = "Magnus 3T";
  std::string softwareVersions = "AMS 4.2.1";
};

struct SeriesContext {
  std::string uid;
  std::string modality;
  int number = 1;
  std::string description;
  std::string protocol;
  std::string bodyPart = "KNEE";
  std::string laterality;  // "R", "L" or "" (not applicable)
  std::string time;        // series/acquisition start time (HHMMSS); date is the study date
};

inline constexpr const char* kVendorPrivateCreator = "ACME MR 1.0";

// Everything but the modality-specific image attributes. contentTime is the instance's own time.
void putClinicalHeader(DcmItem& item, const StudyContext& study, const SeriesContext& series,
                       const std::string& sopClassUid, const std::string& sopInstanceUid, int instanceNumber,
                       const std::string& contentTime);

// Private group 0029 ("ACME MR 1.0") holding the name and ID, as some vendors do.
void putVendorPrivateGroup(TextPutter& put, const PatientIdentity& patient);

// Overlay plane 6000 with a graphic box and a label/description naming the patient.
void putAnnotatedOverlay(TextPutter& put, int rows, int columns, const PatientIdentity& patient);

// A ReferencedImageSequence item pointing at another instance (cross-reference between series).
void putReferencedImage(DcmItem& item, const std::string& sopClassUid, const std::string& sopInstanceUid);

}  // namespace imaging::sample
