// The scan test disk: three patients in three character sets, cross-referenced series, a nested
// lower-case dicomdir that is both incomplete and points at a missing file, broken and junk files.
#include <fstream>
#include <string>
#include <vector>

#include "junk_files.h"
#include "sample_writer.h"
#include "text_encoding.h"
#include "variants.h"
#include "volume_series.h"

namespace fs = std::filesystem;

namespace imaging::sample {

// A new study of one patient: fresh study, frame of reference and procedure step UIDs.
StudyContext newStudy(SampleWriter& writer, const PatientIdentity& patient) {
  StudyContext study;
  study.patient = &patient;
  study.studyUid = writer.uids().next();
  study.frameOfReferenceUid = writer.uids().next();
  study.performedProcedureStepUid = writer.uids().next();
  return study;
}

// A knee series preset made small (64 x 64, 2.5 mm pixels) with the given number of slices.
VolumeSeriesSpec smallSeries(VolumeSeriesSpec spec, int slices) {
  spec.stack.rows = spec.stack.columns = 64;
  spec.stack.pixelSpacing = 2.5;
  spec.stack.slices = slices;
  return spec;
}

namespace {

// Offset of the first occurrence of text in the file, or 0.
std::uintmax_t findInFile(const fs::path& file, const std::string& text) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = bytes.find(text);
  return at == std::string::npos ? 0 : at;
}

}  // namespace

void generateMultiCharset(SampleWriter& writer) {
  const PatientIdentity french = frenchPatient();
  const PatientIdentity japanese = japanesePatient();
  const PatientIdentity cyrillic = cyrillicPatient();
  writer.addPatient(french);
  writer.addPatient(japanese);
  writer.addPatient(cyrillic);
  std::vector<std::string> listed;

  // Patient 1 (ISO_IR 100): slice 9 is truncated later and slice 10 removed after the dicomdir is written.
  const StudyContext frenchStudy = newStudy(writer, french);
  VolumeSeriesSpec frenchSagittal = smallSeries(sagittalProtonDensityFatSat(), 10);
  frenchSagittal.series.uid = writer.uids().next();
  frenchSagittal.series.number = 1;
  frenchSagittal.series.time = "101900";
  frenchSagittal.folder = "disk/sub/PAT1/SER1";
  frenchSagittal.filePrefix = "IM";
  frenchSagittal.noiseSeed = 31;
  const WrittenSeries sagittalFiles = writeVolumeSeries(writer, frenchStudy, frenchSagittal);
  VolumeSeriesSpec frenchCoronal = smallSeries(coronalT1(), 6);
  frenchCoronal.series.uid = writer.uids().next();
  frenchCoronal.series.number = 2;
  frenchCoronal.series.time = "102600";
  frenchCoronal.folder = "disk/sub/PAT1/SER2";
  frenchCoronal.filePrefix = "IM";
  frenchCoronal.noiseSeed = 32;
  const WrittenSeries coronalFiles = writeVolumeSeries(writer, frenchStudy, frenchCoronal, [&](TextPutter& put, int k) {
    putReferencedImage(put.item(), kMrImageStorage, sagittalFiles.sopInstanceUids[static_cast<std::size_t>(k % 8)]);
  });
  listed.insert(listed.end(), sagittalFiles.files.begin(), sagittalFiles.files.end());
  listed.insert(listed.end(), coronalFiles.files.begin(), coronalFiles.files.end());

  // Patient 2 (ISO_IR 192): the last image of series 2 is not in the dicomdir.
  const StudyContext japaneseStudy = newStudy(writer, japanese);
  VolumeSeriesSpec japaneseAxial = smallSeries(axialT2(), 6);
  japaneseAxial.series.uid = writer.uids().next();
  japaneseAxial.series.number = 1;
  japaneseAxial.series.time = "163500";
  japaneseAxial.series.description = "T2 横断";
  japaneseAxial.folder = "disk/sub/PAT2/SER1";
  japaneseAxial.filePrefix = "IM";
  japaneseAxial.noiseSeed = 41;
  const WrittenSeries axialFiles = writeVolumeSeries(writer, japaneseStudy, japaneseAxial);
  VolumeSeriesSpec japaneseSagittal = smallSeries(sagittalProtonDensityFatSat(), 5);
  japaneseSagittal.series.uid = writer.uids().next();
  japaneseSagittal.series.number = 2;
  japaneseSagittal.series.time = "164200";
  japaneseSagittal.series.description = "PD 脂肪抑制 矢状断";
  japaneseSagittal.folder = "disk/sub/PAT2/SER2";
  japaneseSagittal.filePrefix = "IM";
  japaneseSagittal.noiseSeed = 42;
  const WrittenSeries japaneseSagittalFiles = writeVolumeSeries(writer, japaneseStudy, japaneseSagittal, [&](TextPutter& put, int) {
    putReferencedImage(put.item(), kMrImageStorage, axialFiles.sopInstanceUids[3]);
  });
  listed.insert(listed.end(), axialFiles.files.begin(), axialFiles.files.end());
  listed.insert(listed.end(), japaneseSagittalFiles.files.begin(), japaneseSagittalFiles.files.end() - 1);

  // Patient 3 (ISO_IR 144): CT in another folder, none of it in the dicomdir; vendor-style names.
  StudyContext cyrillicStudy = newStudy(writer, cyrillic);
  cyrillicStudy.model = "Spirale 64";
  VolumeSeriesSpec ctAxial;
  ctAxial.series = {writer.uids().next(), "CT", 1, "Колено аксиально", "Knee_Routine", "KNEE", "R", "091500"};
  ctAxial.stack = {{1, 0, 0}, {0, 1, 0}, {0, 4, 0}, 64, 64, 9, 2.5, 3.0, 6.0};
  ctAxial.contrast = Contrast::CT;
  ctAxial.windowCentres = {500};
  ctAxial.windowWidths = {2000};
  ctAxial.windowNames = {"BONE"};
  ctAxial.folder = "disk/other/ct_a";
  ctAxial.filePrefix = "";
  ctAxial.digits = 4;
  ctAxial.noiseSeed = 51;
  const WrittenSeries ctAxialFiles = writeVolumeSeries(writer, cyrillicStudy, ctAxial);
  VolumeSeriesSpec ctCoronal = ctAxial;
  ctCoronal.series = {writer.uids().next(), "CT", 2, "Колено корональная реконструкция", "Knee_Routine", "KNEE", "R", "091800"};
  ctCoronal.stack.columnDirection = {0, 0, -1};
  ctCoronal.stack.slices = 6;
  ctCoronal.folder = "disk/other/ct_b";
  ctCoronal.filePrefix = "img";
  ctCoronal.fileSuffix = ".dcm";
  ctCoronal.noiseSeed = 52;
  writeVolumeSeries(writer, cyrillicStudy, ctCoronal, [&](TextPutter& put, int) {
    putReferencedImage(put.item(), kCtImageStorage, ctAxialFiles.sopInstanceUids[4]);
  });

  writer.writeDicomdir("disk/sub/dicomdir", listed, "SCAN_TEST");

  // Damage after the dicomdir is written, as a failed burn or copy would.
  const std::string truncatedPixels = sagittalFiles.files[8];
  writer.truncate(truncatedPixels, fs::file_size(writer.root() / truncatedPixels) - 3000);
  writer.truncatedFiles.push_back(truncatedPixels);
  writer.series(frenchSagittal.series.uid).instances = 8;
  writer.series(frenchSagittal.series.uid).truncatedInstances = 1;
  const std::string missing = sagittalFiles.files[9];
  writer.remove(missing);
  writer.missingDicomdirReferences.push_back(missing);

  // The last axial CT image is cut inside its Study Description, before the series UID.
  const std::string cutHeader = ctAxialFiles.files.back();
  const auto descriptionAt = findInFile(writer.root() / cutHeader, encodeText(cyrillic.charset, cyrillic.studyDescription));
  writer.truncate(cutHeader, descriptionAt + 5);
  writer.truncatedFiles.push_back(cutHeader);
  writer.series(ctAxial.series.uid).instances -= 1;

  writer.saveBytes("disk/notes.txt", "Disk burned for " + cyrillic.typedName + ". Call " + cyrillic.phone + "\n");
  writer.saveBytes("disk/EMPTY", "");
  writer.saveBytes("disk/sub/PAT1/RANDOM01", pseudoRandomBytes(4096, 61));
  writer.nonDicomFiles.insert(writer.nonDicomFiles.end(), {"disk/notes.txt", "disk/EMPTY", "disk/sub/PAT1/RANDOM01"});
  writer.saveBytes("disk/sub/PAT2/BADDICM1", std::string(128, '\0') + "DICM" + pseudoRandomBytes(2048, 62));
  writer.corruptFiles.push_back("disk/sub/PAT2/BADDICM1");
}

}  // namespace imaging::sample
