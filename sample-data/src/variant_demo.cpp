// The bundled sample CD: a knee MRI study with SR, a scanned form and a presentation state for
// one patient, a small
// CT study for a second patient in Latin-1, a DICOMDIR, and the junk real hospital CDs carry.
#include <string>
#include <vector>

#include "documents.h"
#include "junk_files.h"
#include "presentation_state.h"
#include "sample_writer.h"
#include "variants.h"
#include "volume_series.h"

namespace imaging::sample {

namespace {

std::vector<std::string> writeKneeMriPatient(SampleWriter& writer, const PatientIdentity& patient) {
  std::vector<std::string> files;
  auto append = [&](const std::vector<std::string>& more) { files.insert(files.end(), more.begin(), more.end()); };
  StudyContext study;
  study.patient = &patient;
  study.studyUid = writer.uids().next();
  study.frameOfReferenceUid = writer.uids().next();
  study.performedProcedureStepUid = writer.uids().next();
  const std::string base = "DICOM/PAT1/STUDY1/";

  auto vendorGroup = [&](TextPutter& put) { putVendorPrivateGroup(put, patient); };

  VolumeSeriesSpec sagittal = sagittalProtonDensityFatSat();
  sagittal.series.uid = writer.uids().next();
  sagittal.series.number = 2;
  sagittal.series.time = "083530";
  sagittal.folder = base + "SER1";
  sagittal.noiseSeed = 11;
  const WrittenSeries sagittalFiles = writeVolumeSeries(writer, study, sagittal, [&](TextPutter& put, int k) {
    vendorGroup(put);
    if (k >= 10 && k <= 12) put.text(DCM_ImageComments, patient.imageComment);
    if (k == 12) putAnnotatedOverlay(put, sagittal.stack.rows, sagittal.stack.columns, patient);
  });
  append(sagittalFiles.files);
  const std::string sagittalMiddle = sagittalFiles.sopInstanceUids[12];

  VolumeSeriesSpec coronal = coronalT1();
  coronal.series.uid = writer.uids().next();
  coronal.series.number = 3;
  coronal.series.time = "084210";
  coronal.folder = base + "SER2";
  coronal.noiseSeed = 12;
  const WrittenSeries coronalFiles = writeVolumeSeries(writer, study, coronal, [&](TextPutter& put, int) {
    vendorGroup(put);
    putReferencedImage(put.item(), kMrImageStorage, sagittalMiddle);
  });
  append(coronalFiles.files);
  const std::string coronalMiddle = coronalFiles.sopInstanceUids[12];

  VolumeSeriesSpec axial = axialT2();
  axial.series.uid = writer.uids().next();
  axial.series.number = 4;
  axial.series.time = "084905";
  axial.folder = base + "SER3";
  axial.noiseSeed = 13;
  append(writeVolumeSeries(writer, study, axial, [&](TextPutter& put, int k) {
           vendorGroup(put);
           putReferencedImage(put.item(), kMrImageStorage, sagittalMiddle);
           putReferencedImage(put.item(), kMrImageStorage, coronalMiddle);
           if (k == 12) putAnnotatedOverlay(put, axial.stack.rows, axial.stack.columns, patient);
         }).files);

  ScannedFormSpec form;
  form.series = {writer.uids().next(), "OT", 100, "Scanned request form", "", "KNEE", "R", "082955"};
  form.path = base + "SER4/IMG00001";
  writeScannedRequestForm(writer, study, form);
  files.push_back(form.path);

  ReportSpec report;
  report.series = {writer.uids().next(), "SR", 200, "MRI knee report", "", "KNEE", "R", "171500"};
  report.path = base + "SER5/DOC00001";
  report.reportDate = "20240612";
  report.referencedSeries = sagittal.series.uid;
  report.referencedClass = kMrImageStorage;
  report.referencedInstance = sagittalMiddle;
  writeTextReport(writer, study, report);
  writer.addPlanted(patient.id, report.reportDate);
  files.push_back(report.path);

  {
    // The radiologist's saved view of sagittal slice 13: a narrower window, the tear boxed and
    // labelled with the patient's name (as real notes are), the edges of the field shuttered
    // (GSPS pixel units: 0\0 is the image's top left corner), signed by the performing physician.
    PresentationStateSpec pr;
    pr.series = {writer.uids().next(), "PR", 300, "Key image: meniscal tear", "", "KNEE", "R", "172000"};
    pr.path = base + "SER6/PR000001";
    pr.referencedSeries = sagittal.series.uid;
    pr.referencedClass = kMrImageStorage;
    pr.referencedInstance = sagittalMiddle;
    pr.rows = sagittal.stack.rows;
    pr.columns = sagittal.stack.columns;
    pr.windowCentre = 500;
    pr.windowWidth = 600;
    const double c = pr.columns, r = pr.rows;
    pr.rectangle = {0.40 * c, 0.55 * r, 0.62 * c, 0.70 * r};
    pr.text = "Meniscal tear " + patient.typedName;
    pr.creator = patient.performingPhysician;
    pr.textBox = {0.40 * c, 0.72 * r, 0.80 * c, 0.80 * r};
    pr.shutter = {static_cast<int>(0.10 * c) + 1, static_cast<int>(0.90 * c), static_cast<int>(0.08 * r) + 1, static_cast<int>(0.92 * r)};
    writePresentationState(writer, study, pr);
    files.push_back(pr.path);
  }
  return files;
}

std::vector<std::string> writeLatin1CtPatient(SampleWriter& writer, const PatientIdentity& patient) {
  StudyContext study;
  study.patient = &patient;
  study.studyUid = writer.uids().next();
  study.frameOfReferenceUid = writer.uids().next();
  study.performedProcedureStepUid = writer.uids().next();
  study.model = "Spirale 64";
  study.softwareVersions = "AMS CT 7.1";

  VolumeSeriesSpec axial;
  axial.series = {writer.uids().next(), "CT", 1, "Knie li. axial 2mm", "Knie_Routine", "KNEE", "L", "141230"};
  axial.stack.rowDirection = {1, 0, 0};
  axial.stack.columnDirection = {0, 1, 0};
  axial.stack.centre = {0, 4, 0};
  axial.stack.slices = 20;
  axial.stack.pixelSpacing = 0.7;
  axial.stack.sliceThickness = 2.0;
  axial.stack.spacingBetweenSlices = 4.0;
  axial.contrast = Contrast::CT;
  axial.windowCentres = {500, 40};
  axial.windowWidths = {2000, 400};
  axial.windowNames = {"KNOCHEN", "WEICHTEIL"};
  axial.folder = "DICOM/PAT2/STUDY1/SER1";
  axial.noiseSeed = 21;
  const WrittenSeries axialFiles = writeVolumeSeries(writer, study, axial, [&](TextPutter& put, int k) {
    if (k == 0) put.text(DCM_ImageComments, patient.imageComment);
  });

  VolumeSeriesSpec coronal = axial;
  coronal.series = {writer.uids().next(), "CT", 2, "Knie li. coronal MPR", "Knie_Routine", "KNEE", "L", "141530"};
  coronal.stack.columnDirection = {0, 0, -1};
  coronal.stack.slices = 16;
  coronal.stack.spacingBetweenSlices = 5.0;
  coronal.folder = "DICOM/PAT2/STUDY1/SER2";
  coronal.noiseSeed = 22;
  const std::string reference = axialFiles.sopInstanceUids[10];
  const WrittenSeries coronalFiles = writeVolumeSeries(writer, study, coronal, [&](TextPutter& put, int) {
    put.ascii(DCM_ImageType, "DERIVED\\SECONDARY\\REFORMATTED");
    putReferencedImage(put.item(), kCtImageStorage, reference);
  });

  std::vector<std::string> files = axialFiles.files;
  files.insert(files.end(), coronalFiles.files.begin(), coronalFiles.files.end());
  return files;
}

}  // namespace

void generateDemo(SampleWriter& writer) {
  const PatientIdentity knee = kneePatient();
  const PatientIdentity latin1 = latin1Patient();
  writer.addPatient(knee);
  writer.addPatient(latin1);
  std::vector<std::string> files = writeKneeMriPatient(writer, knee);
  const std::vector<std::string> second = writeLatin1CtPatient(writer, latin1);
  files.insert(files.end(), second.begin(), second.end());
  writer.writeDicomdir("DICOMDIR", files, "ALDRIC_MR");
  writeHospitalCdJunk(writer, knee);
}

}  // namespace imaging::sample
