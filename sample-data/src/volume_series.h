#pragma once
// Writes one MR or CT series of the knee phantom as single-frame images forming a real volume.
#include <functional>
#include <string>
#include <vector>

#include "clinical_header.h"
#include "knee_phantom.h"
#include "slice_stack.h"

namespace imaging::sample {

class SampleWriter;

struct MrParameters {
  std::string sequenceName;       // (0018,0024)
  std::string scanningSequence = "SE";
  std::string sequenceVariant = "SK\\SP";
  std::string scanOptions;        // "FS" for fat saturation, "" otherwise
  double repetitionTime = 500;
  double echoTime = 12;
  double flipAngle = 90;
  int echoTrainLength = 3;
};

struct VolumeSeriesSpec {
  SeriesContext series;
  SliceStack stack;
  Contrast contrast = Contrast::T1;
  MrParameters mr;                       // ignored for CT
  std::vector<int> windowCentres, windowWidths;
  std::vector<std::string> windowNames;
  std::string folder;                    // relative to the media root, e.g. "DICOM/PAT1/STUDY1/SER1"
  std::string filePrefix = "IMG";        // files are <folder>/<prefix><number><suffix>
  int digits = 0;                        // zero-padding of number; 0 = pad prefix+number to 8 chars
  std::string fileSuffix;
  std::uint64_t noiseSeed = 1;
};

// Optional per-image additions (overlay, cross-references, comments): called with the dataset
// and the 0-based slice index before the file is written.
using ImageDecorator = std::function<void(TextPutter&, int slice)>;

struct WrittenSeries {
  std::vector<std::string> sopInstanceUids;
  std::vector<std::string> files;  // relative paths
  std::string sopClassUid;
};

WrittenSeries writeVolumeSeries(SampleWriter& writer, const StudyContext& study, const VolumeSeriesSpec& spec,
                                const ImageDecorator& decorate = {});

inline constexpr const char* kMrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
inline constexpr const char* kCtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

}  // namespace imaging::sample
