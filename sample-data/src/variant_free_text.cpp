// The free-text disk: two patients whose kept text (comments, history, occupation, descriptions,
// image comments) names third parties, the other patient, places and employers, and carries
// phones, e-mails, an ID without its prefix, dates in many forms and an original Study Instance
// UID. The manifest lists each such value under its patient's "planted": none may survive an export,
// while the series descriptions and protocol names a reviewer needs must.
#include <string>
#include <utility>
#include <vector>

#include "sample_writer.h"
#include "variants.h"
#include "volume_series.h"

namespace imaging::sample {

namespace {

PatientIdentity freeTextPatientA() {
  PatientIdentity p = kneePatient();
  p.id = "KH4471030";
  p.studyDescription = "MRI KNEE RIGHT compare 14-Mar-2025 ref 4471030 Talvik";
  p.patientComments = "ask for husband Martin 555-0142; mother Rosalind Thackeray on (555) 014-9921";
  p.additionalHistory = "baker at Millbrook, fell while hiking near Hollowmere on 2024-09-02. Seen 4 July 2024 "
                        "by Dr. Vanterpool, e-mail r.thackeray@millbrook-bakery.example";
  p.imageComment = "call 555 014 9921 at 09:35 on 11/06, see www.hollowmere-clinic.example";
  p.extraPlanted = {"Martin", "555-0142", "Rosalind", "Thackeray", "014-9921", "Millbrook", "Hollowmere", "2024-09-02",
                    "4 July 2024", "Vanterpool", "thackeray@", "14-Mar-2025", "4471030", "555 014 9921", "09:35",
                    "11/06", "hollowmere-clinic", "Talvik"};
  return p;
}

PatientIdentity freeTextPatientB() {
  PatientIdentity p = latin1Patient();
  p.dicomName = "Talvik^Jürgen^Günther";
  p.nameParts = {"Talvik", "Jürgen", "Günther"};
  p.typedName = "Jürgen Talvik";
  p.id = "PM-3381503";
  p.studyDescription = "CT Knie links axial";
  p.patientComments = "Ehemann Jürgen anrufen: 0761 5550 193, Tochter Annelie Wendeborn";
  p.additionalHistory = "Sturz beim Wandern bei Quellenhof am 04.07.1956; von Doe-Smith empfohlen";
  p.imageComment = "gesehen 20250314 um 09:35, E-Mail a.wendeborn@klinik-nord.example";
  p.extraPlanted = {"Annelie", "Wendeborn", "0761 5550 193", "Quellenhof", "04.07.1956", "Doe-Smith", "20250314",
                    "wendeborn@", "klinik-nord"};
  return p;
}

VolumeSeriesSpec small(VolumeSeriesSpec spec, int slices, const std::string& folder, std::uint64_t seed) {
  spec = smallSeries(std::move(spec), slices);
  spec.folder = folder;
  spec.noiseSeed = seed;
  return spec;
}

}  // namespace

void generateFreeText(SampleWriter& writer) {
  static const PatientIdentity a = freeTextPatientA();
  static const PatientIdentity b = freeTextPatientB();
  writer.addPatient(a);
  writer.addPatient(b);
  std::vector<std::string> files;

  const StudyContext studyA = newStudy(writer, a);
  // The original Study Instance UID quoted in a comment must go with the rest.
  writer.addPlanted(a.id, studyA.studyUid);
  VolumeSeriesSpec sagittal = small(sagittalProtonDensityFatSat(), 6, "DICOM/PA/ST1/SE1", 61);
  sagittal.series.uid = writer.uids().next();
  sagittal.series.number = 1;
  sagittal.series.time = "083530";
  const WrittenSeries sagittalFiles = writeVolumeSeries(writer, studyA, sagittal, [&](TextPutter& put, int k) {
    put.text(DCM_Occupation, "baker at Millbrook Bakery");
    put.text(DCM_ImageComments, k == 0 ? "orig study " + studyA.studyUid : a.imageComment);
  });
  files.insert(files.end(), sagittalFiles.files.begin(), sagittalFiles.files.end());
  VolumeSeriesSpec coronal = small(coronalT1(), 4, "DICOM/PA/ST1/SE2", 62);
  coronal.series.uid = writer.uids().next();
  coronal.series.number = 2;
  coronal.series.time = "084210";
  const WrittenSeries coronalFiles = writeVolumeSeries(writer, studyA, coronal);
  files.insert(files.end(), coronalFiles.files.begin(), coronalFiles.files.end());

  const StudyContext studyB = newStudy(writer, b);
  VolumeSeriesSpec axial = small(axialT2(), 5, "DICOM/PB/ST1/SE1", 63);
  axial.series.uid = writer.uids().next();
  axial.series.number = 1;
  axial.series.time = "141200";
  axial.series.description = "Knie links axial T2";
  const WrittenSeries axialFiles = writeVolumeSeries(writer, studyB, axial, [&](TextPutter& put, int) {
    put.text(DCM_Occupation, "Bäcker bei Quellenhof");
    put.text(DCM_ImageComments, b.imageComment);
  });
  files.insert(files.end(), axialFiles.files.begin(), axialFiles.files.end());
  writer.writeDicomdir("DICOMDIR", files, "FREE_TEXT");
}

}  // namespace imaging::sample
