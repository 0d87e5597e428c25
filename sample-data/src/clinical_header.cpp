#include "clinical_header.h"

#include <vector>

namespace imaging::sample {

namespace {
constexpr const char* kModalityPerformedProcedureStepClass = "1.2.840.10008.3.1.2.3.3";
}

void putClinicalHeader(DcmItem& item, const StudyContext& study, const SeriesContext& series,
                       const std::string& sopClassUid, const std::string& sopInstanceUid, int instanceNumber,
                       const std::string& contentTime) {
  const PatientIdentity& p = *study.patient;
  TextPutter put(item, p.charset);
  if (!p.charset.empty()) put.ascii(DCM_SpecificCharacterSet, p.charset);

  // SOP common and general study/series/equipment.
  put.ascii(DCM_SOPClassUID, sopClassUid);
  put.ascii(DCM_SOPInstanceUID, sopInstanceUid);
  put.ascii(DCM_InstanceCreationDate, p.studyDate);
  put.ascii(DCM_InstanceCreationTime, contentTime);
  put.ascii(DCM_StudyDate, p.studyDate);
  put.ascii(DCM_SeriesDate, p.studyDate);
  put.ascii(DCM_AcquisitionDate, p.studyDate);
  put.ascii(DCM_ContentDate, p.studyDate);
  put.ascii(DCM_StudyTime, p.studyTime);
  put.ascii(DCM_SeriesTime, series.time);
  put.ascii(DCM_AcquisitionTime, series.time);
  put.ascii(DCM_ContentTime, contentTime);
  put.ascii(DCM_AcquisitionDateTime, p.studyDate + series.time);
  put.text(DCM_AccessionNumber, p.accession);
  put.newItem(DCM_IssuerOfAccessionNumberSequence).text(DCM_LocalNamespaceEntityID, p.accessionIssuer);
  put.ascii(DCM_Modality, series.modality);
  put.text(DCM_Manufacturer, study.manufacturer);
  put.text(DCM_InstitutionName, p.institution);
  put.text(DCM_InstitutionAddress, p.institutionAddress);
  put.text(DCM_ReferringPhysicianName, p.referringPhysician);
  put.text(DCM_StationName, p.stationName);
  put.text(DCM_StudyDescription, p.studyDescription);
  put.text(DCM_SeriesDescription, series.description);
  put.text(DCM_InstitutionalDepartmentName, p.department);
  put.text(DCM_PerformingPhysicianName, p.performingPhysician);
  put.text(DCM_OperatorsName, p.operatorName);
  put.text(DCM_ManufacturerModelName, study.model);

  TextPutter pps = put.newItem(DCM_ReferencedPerformedProcedureStepSequence);
  pps.ascii(DCM_ReferencedSOPClassUID, kModalityPerformedProcedureStepClass);
  pps.ascii(DCM_ReferencedSOPInstanceUID, study.performedProcedureStepUid);

  // Patient.
  put.text(DCM_PatientName, p.dicomName);
  put.text(DCM_PatientID, p.id);
  put.text(DCM_IssuerOfPatientID, p.issuer);
  put.ascii(DCM_PatientBirthDate, p.birthDate);
  put.ascii(DCM_PatientSex, p.sex);
  put.text(DCM_RETIRED_OtherPatientIDs, p.otherId);
  TextPutter other = put.newItem(DCM_OtherPatientIDsSequence);
  other.text(DCM_PatientID, p.otherId);
  other.text(DCM_IssuerOfPatientID, p.otherIdIssuer);
  other.ascii(DCM_TypeOfPatientID, "TEXT");
  put.ascii(DCM_PatientAge, p.age);
  put.text(DCM_PatientAddress, p.address);
  put.text(DCM_PatientTelephoneNumbers, p.phone);
  put.text(DCM_AdditionalPatientHistory, p.additionalHistory);
  put.text(DCM_PatientComments, p.patientComments);

  put.ascii(DCM_BodyPartExamined, series.bodyPart);
  put.text(DCM_ProtocolName, series.protocol);
  put.text(DCM_DeviceSerialNumber, p.deviceSerial);
  put.text(DCM_SoftwareVersions, study.softwareVersions);

  put.ascii(DCM_StudyInstanceUID, study.studyUid);
  put.ascii(DCM_SeriesInstanceUID, series.uid);
  put.text(DCM_StudyID, p.studyId);
  put.ascii(DCM_SeriesNumber, std::to_string(series.number));
  put.ascii(DCM_InstanceNumber, std::to_string(instanceNumber));
  // Laterality itself stays absent: images carry ImageLaterality, which the standard then requires alone.

  // The order as the RIS sent it, with nested identifying data.
  TextPutter request = put.newItem(DCM_RequestAttributesSequence);
  request.text(DCM_AccessionNumber, p.accession);
  request.newItem(DCM_IssuerOfAccessionNumberSequence).text(DCM_LocalNamespaceEntityID, p.accessionIssuer);
  request.ascii(DCM_StudyInstanceUID, study.studyUid);
  request.text(DCM_RequestedProcedureID, p.requestedProcedureId);
  request.text(DCM_RequestedProcedureDescription, p.studyDescription);
  request.text(DCM_ScheduledProcedureStepID, p.scheduledStepId);
  request.text(DCM_ScheduledProcedureStepDescription, series.protocol);
  request.text(DCM_RequestingPhysician, p.requestingPhysician);
  request.text(DCM_ReasonForTheRequestedProcedure, "pain and locking, pt " + p.typedName);

  put.ascii(DCM_PerformedProcedureStepStartDate, p.studyDate);
  put.ascii(DCM_PerformedProcedureStepStartTime, p.studyTime);
  put.text(DCM_PerformedProcedureStepID, p.scheduledStepId);
}

void putVendorPrivateGroup(TextPutter& put, const PatientIdentity& patient) {
  put.ascii(DcmTagKey(0x0029, 0x0010), kVendorPrivateCreator);
  put.privateText(DcmTag(0x0029, 0x1008, EVR_LO), patient.dicomName.substr(0, patient.dicomName.find('=')));
  put.privateText(DcmTag(0x0029, 0x1009, EVR_LO), patient.id);
  put.privateText(DcmTag(0x0029, 0x1010, EVR_LT), "exam for " + patient.typedName + ", born " + patient.typedBirthDate);
}

void putAnnotatedOverlay(TextPutter& put, int rows, int columns, const PatientIdentity& patient) {
  DcmItem& item = put.item();
  check(item.putAndInsertUint16(DCM_OverlayRows, static_cast<Uint16>(rows)), "overlay rows");
  check(item.putAndInsertUint16(DCM_OverlayColumns, static_cast<Uint16>(columns)), "overlay columns");
  put.ascii(DCM_OverlayType, "G");
  put.ascii(DCM_OverlayOrigin, "1\\1");
  check(item.putAndInsertUint16(DCM_OverlayBitsAllocated, 1), "overlay bits");
  check(item.putAndInsertUint16(DCM_OverlayBitPosition, 0), "overlay bit position");
  put.text(DCM_OverlayDescription, "ROI drawn by Dr " + patient.staffNameParts.front() + " for " + patient.typedName);
  put.text(DCM_OverlayLabel, patient.nameParts.front() + " " + patient.id);

  // A rectangle outline (a marked region of interest), one bit per pixel, packed little-endian.
  std::vector<Uint16> bits((static_cast<std::size_t>(rows) * columns + 15) / 16, 0);
  auto set = [&](int r, int c) {
    const std::size_t index = static_cast<std::size_t>(r) * columns + c;
    bits[index / 16] |= static_cast<Uint16>(1u << (index % 16));
  };
  const int top = rows / 3, bottom = rows / 2, left = columns / 3, right = columns / 2;
  for (int c = left; c <= right; ++c) { set(top, c); set(bottom, c); }
  for (int r = top; r <= bottom; ++r) { set(r, left); set(r, right); }
  check(item.putAndInsertUint16Array(DCM_OverlayData, bits.data(), static_cast<unsigned long>(bits.size())),
        "overlay data");
}

void putReferencedImage(DcmItem& item, const std::string& sopClassUid, const std::string& sopInstanceUid) {
  DcmItem* reference = nullptr;
  check(item.findOrCreateSequenceItem(DCM_ReferencedImageSequence, reference, -2), "referenced image");
  check(reference->putAndInsertString(DCM_ReferencedSOPClassUID, sopClassUid.c_str()), "referenced class");
  check(reference->putAndInsertString(DCM_ReferencedSOPInstanceUID, sopInstanceUid.c_str()), "referenced uid");
}

}  // namespace imaging::sample
