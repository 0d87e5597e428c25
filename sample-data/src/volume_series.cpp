#include "volume_series.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <sstream>
#include <thread>

#include "sample_writer.h"

namespace imaging::sample {

namespace {

std::string decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string vectorText(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : "\\") + decimal(std::abs(v) < 1e-9 ? 0.0 : v);
  return out;
}

template <typename T>
std::string joined(const std::vector<T>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "\\" : "") << values[i];
  return out.str();
}

// Renders every slice, in parallel: each slice has its own seed, so the result does not depend
// on the number of threads.
std::vector<std::vector<std::uint16_t>> renderAll(const VolumeSeriesSpec& spec) {
  std::vector<std::vector<std::uint16_t>> slices(static_cast<std::size_t>(spec.stack.slices));
  std::atomic<int> nextSlice{0};
  auto work = [&] {
    for (int k = nextSlice++; k < spec.stack.slices; k = nextSlice++)
      slices[static_cast<std::size_t>(k)] =
          renderKneeSlice(spec.stack, k, spec.contrast, spec.series.laterality != "L", spec.noiseSeed * 1000003u + static_cast<unsigned>(k));
  };
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  return slices;
}

void putGeometry(TextPutter& put, const SliceStack& stack, int k, const std::string& frameOfReferenceUid) {
  const Vec3 position = stack.position(k);
  const Vec3 row = stack.rowDirection, column = stack.columnDirection;
  put.ascii(DCM_ImagePositionPatient, vectorText({position.x, position.y, position.z}));
  put.ascii(DCM_ImageOrientationPatient, vectorText({row.x, row.y, row.z, column.x, column.y, column.z}));
  put.ascii(DCM_FrameOfReferenceUID, frameOfReferenceUid);
  put.ascii(DCM_PositionReferenceIndicator, "");
  put.ascii(DCM_SliceLocation, decimal(dot(position, stack.normal())));
  put.ascii(DCM_PixelSpacing, vectorText({stack.pixelSpacing, stack.pixelSpacing}));
  put.ascii(DCM_SliceThickness, decimal(stack.sliceThickness));
  put.ascii(DCM_SpacingBetweenSlices, decimal(stack.spacingBetweenSlices));
}

void putPixels(DcmItem& item, int rows, int columns, const std::vector<std::uint16_t>& pixels) {
  check(item.putAndInsertUint16(DCM_SamplesPerPixel, 1), "samples");
  check(item.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2"), "photometric");
  check(item.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows)), "rows");
  check(item.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(columns)), "columns");
  check(item.putAndInsertUint16(DCM_BitsAllocated, 16), "bits allocated");
  check(item.putAndInsertUint16(DCM_BitsStored, 12), "bits stored");
  check(item.putAndInsertUint16(DCM_HighBit, 11), "high bit");
  check(item.putAndInsertUint16(DCM_PixelRepresentation, 0), "pixel representation");
  check(item.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size())),
        "pixel data");
}

void putMr(TextPutter& put, const VolumeSeriesSpec& spec) {
  const MrParameters& mr = spec.mr;
  put.ascii(DCM_ImageType, "ORIGINAL\\PRIMARY\\M\\ND");
  put.ascii(DCM_ScanningSequence, mr.scanningSequence);
  put.ascii(DCM_SequenceVariant, mr.sequenceVariant);
  put.ascii(DCM_ScanOptions, mr.scanOptions);
  put.ascii(DCM_MRAcquisitionType, "2D");
  put.text(DCM_SequenceName, mr.sequenceName);
  put.ascii(DCM_RepetitionTime, decimal(mr.repetitionTime));
  put.ascii(DCM_EchoTime, decimal(mr.echoTime));
  put.ascii(DCM_EchoTrainLength, std::to_string(mr.echoTrainLength));
  put.ascii(DCM_NumberOfAverages, "1");
  put.ascii(DCM_ImagingFrequency, "123.2");
  put.ascii(DCM_ImagedNucleus, "1H");
  put.ascii(DCM_MagneticFieldStrength, "3");
  put.ascii(DCM_PixelBandwidth, "250");
  put.ascii(DCM_FlipAngle, decimal(mr.flipAngle));
  put.text(DCM_ReceiveCoilName, "Knee 15ch");
  put.text(DCM_TransmitCoilName, "Knee 15ch");
  put.ascii(DCM_AcquisitionMatrix, "0\\256\\256\\0");
  put.ascii(DCM_InPlanePhaseEncodingDirection, "ROW");
  put.ascii(DCM_PatientPosition, "FFS");
}

void putCt(TextPutter& put) {
  put.ascii(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
  put.ascii(DCM_KVP, "120");
  put.ascii(DCM_XRayTubeCurrent, "180");
  put.ascii(DCM_ExposureTime, "750");
  put.text(DCM_ConvolutionKernel, "B60s");
  put.ascii(DCM_RescaleIntercept, "-1024");
  put.ascii(DCM_RescaleSlope, "1");
  put.ascii(DCM_RescaleType, "HU");
  put.ascii(DCM_PatientPosition, "FFS");
}

std::string fileName(const VolumeSeriesSpec& spec, int number) {
  const int digits = spec.digits > 0 ? spec.digits : 8 - static_cast<int>(spec.filePrefix.size());
  std::string text = std::to_string(number);
  if (static_cast<int>(text.size()) < digits) text.insert(0, static_cast<std::size_t>(digits) - text.size(), '0');
  return spec.folder + "/" + spec.filePrefix + text + spec.fileSuffix;
}

std::string addSeconds(const std::string& hhmmss, int seconds) {
  int total = std::stoi(hhmmss.substr(0, 2)) * 3600 + std::stoi(hhmmss.substr(2, 2)) * 60 +
              std::stoi(hhmmss.substr(4, 2)) + seconds;
  total %= 86400;
  char text[32];
  std::snprintf(text, sizeof text, "%02d%02d%02d", total / 3600, total / 60 % 60, total % 60);
  return text;
}

}  // namespace

WrittenSeries writeVolumeSeries(SampleWriter& writer, const StudyContext& study, const VolumeSeriesSpec& spec,
                                const ImageDecorator& decorate) {
  const bool isCt = spec.series.modality == "CT";
  WrittenSeries written;
  written.sopClassUid = isCt ? kCtImageStorage : kMrImageStorage;
  const auto slices = renderAll(spec);
  for (int k = 0; k < spec.stack.slices; ++k) {
    const std::string sopUid = writer.uids().next();
    DcmFileFormat file;
    DcmItem& dataset = *file.getDataset();
    putClinicalHeader(dataset, study, spec.series, written.sopClassUid, sopUid, k + 1,
                      addSeconds(spec.series.time, 20 + k * 7));
    TextPutter put(dataset, study.patient->charset);
    if (!spec.series.laterality.empty()) put.ascii(DCM_ImageLaterality, spec.series.laterality);
    if (isCt) putCt(put); else putMr(put, spec);
    putGeometry(put, spec.stack, k, study.frameOfReferenceUid);
    put.ascii(DCM_WindowCenter, joined(spec.windowCentres));
    put.ascii(DCM_WindowWidth, joined(spec.windowWidths));
    put.text(DCM_WindowCenterWidthExplanation, joined(spec.windowNames));
    put.ascii(DCM_AcquisitionNumber, "1");
    putPixels(dataset, spec.stack.rows, spec.stack.columns, slices[static_cast<std::size_t>(k)]);
    if (decorate) decorate(put, k);
    const std::string path = fileName(spec, k + 1);
    writer.saveDicom(path, file);
    written.sopInstanceUids.push_back(sopUid);
    written.files.push_back(path);
  }
  ManifestSeries record;
  record.seriesInstanceUid = spec.series.uid;
  record.patientId = study.patient->id;
  record.modality = spec.series.modality;
  record.number = spec.series.number;
  record.instances = spec.stack.slices;
  record.rows = spec.stack.rows;
  record.columns = spec.stack.columns;
  writer.addSeries(record);
  return written;
}

}  // namespace imaging::sample
