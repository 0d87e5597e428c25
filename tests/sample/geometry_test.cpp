#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <set>

#include "sample_support.h"

using namespace sample_test;

namespace {

using Vec = std::array<double, 3>;

struct Slice {
  Vec position{};
  std::array<double, 6> orientation{};
  double spacingBetween = 0, thickness = 0, pixelSpacing = 0;
  std::string frameOfReference, study;
};

double value(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0) {
  Float64 v = std::nan("");
  item.findAndGetFloat64(tag, v, index);
  return v;
}

// Checks every MR/CT series: one orientation, positions stepping along the normal by exactly
// SpacingBetweenSlices, one frame of reference per study.
void expectConsistentVolumes(const Generated& g) {
  std::map<std::string, std::vector<Slice>> bySeries;
  for (const auto& f : g.dicomFiles()) {
    auto dicom = load(g.root / f);
    ASSERT_NE(dicom, nullptr);
    DcmDataset& data = *dicom->getDataset();
    const std::string modality = stringOf(data, DCM_Modality);
    if (modality != "MR" && modality != "CT") continue;
    Slice s;
    for (int i = 0; i < 3; ++i) s.position[static_cast<std::size_t>(i)] = value(data, DCM_ImagePositionPatient, static_cast<unsigned long>(i));
    for (int i = 0; i < 6; ++i) s.orientation[static_cast<std::size_t>(i)] = value(data, DCM_ImageOrientationPatient, static_cast<unsigned long>(i));
    s.spacingBetween = value(data, DCM_SpacingBetweenSlices);
    s.thickness = value(data, DCM_SliceThickness);
    s.pixelSpacing = value(data, DCM_PixelSpacing);
    s.frameOfReference = stringOf(data, DCM_FrameOfReferenceUID);
    s.study = stringOf(data, DCM_StudyInstanceUID);
    bySeries[stringOf(data, DCM_SeriesInstanceUID)].push_back(s);
  }
  ASSERT_FALSE(bySeries.empty());
  std::map<std::string, std::set<std::string>> framesOfStudy;
  for (auto& [series, slices] : bySeries) {
    SCOPED_TRACE(series);
    ASSERT_GE(slices.size(), 2u);
    const auto& o = slices.front().orientation;
    const Vec row{o[0], o[1], o[2]}, column{o[3], o[4], o[5]};
    const Vec normal{row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2],
                     row[0] * column[1] - row[1] * column[0]};
    EXPECT_NEAR(row[0] * row[0] + row[1] * row[1] + row[2] * row[2], 1.0, 1e-6);
    EXPECT_NEAR(row[0] * column[0] + row[1] * column[1] + row[2] * column[2], 0.0, 1e-6);
    std::vector<double> along;
    for (const auto& s : slices) {
      EXPECT_EQ(s.orientation, o);
      EXPECT_GT(s.pixelSpacing, 0);
      EXPECT_GT(s.thickness, 0);
      EXPECT_LE(s.thickness, s.spacingBetween + 1e-6);
      EXPECT_FALSE(s.frameOfReference.empty());
      framesOfStudy[s.study].insert(s.frameOfReference);
      along.push_back(s.position[0] * normal[0] + s.position[1] * normal[1] + s.position[2] * normal[2]);
    }
    std::vector<std::size_t> order(slices.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return along[a] < along[b]; });
    for (std::size_t i = 1; i < order.size(); ++i) {
      const Slice& previous = slices[order[i - 1]];
      const Slice& current = slices[order[i]];
      EXPECT_NEAR(along[order[i]] - along[order[i - 1]], current.spacingBetween, 1e-3);
      // The in-plane offset between consecutive slices is zero: they stack straight along the normal.
      for (int axis = 0; axis < 3; ++axis) {
        const auto a = static_cast<std::size_t>(axis);
        EXPECT_NEAR(current.position[a] - previous.position[a], normal[a] * current.spacingBetween, 1e-3);
      }
    }
  }
  for (const auto& [study, frames] : framesOfStudy) EXPECT_EQ(frames.size(), 1u) << study;
}

}  // namespace

TEST(Geometry, DemoSeriesAreConsistentVolumes) { expectConsistentVolumes(generate("demo", "demo-geometry")); }

TEST(Geometry, DemoKneeHasThreeOrthogonalPlanesOf24Slices) {
  const Generated g = generate("demo", "demo-planes");
  int mrSeries = 0;
  for (const auto& s : g.manifest.at("series")) {
    if (s.at("modality") != "MR") continue;
    ++mrSeries;
    EXPECT_EQ(s.at("instances").get<int>(), 24);
    EXPECT_EQ(s.at("rows").get<int>(), 256);
  }
  EXPECT_EQ(mrSeries, 3);
}

TEST(Geometry, BenchAndMultiCharsetSeriesAreConsistentVolumes) {
  expectConsistentVolumes(generate("bench-large", "bench-geometry"));
  expectConsistentVolumes(generate("multi-charset", "multi-geometry"));
}

TEST(Pixels, SequencesHaveDifferentContrast) {
  // Fat is bright on T1 and dark on fat-saturated PD: the same anatomy, different histograms.
  const Generated g = generate("demo", "demo-contrast");
  auto meanOf = [&](const std::string& file) {
    auto dicom = load(g.root / file);
    EXPECT_NE(dicom, nullptr);
    const Uint16* pixels = nullptr;
    unsigned long count = 0;
    EXPECT_TRUE(dicom->getDataset()->findAndGetUint16Array(DCM_PixelData, pixels, &count).good());
    double sum = 0;
    for (unsigned long i = 0; i < count; ++i) sum += pixels[i];
    return sum / static_cast<double>(count);
  };
  const double fatSat = meanOf("DICOM/PAT1/STUDY1/SER1/IMG00013");
  const double t1 = meanOf("DICOM/PAT1/STUDY1/SER2/IMG00013");
  EXPECT_GT(t1, fatSat * 1.5);
  EXPECT_GT(fatSat, 20.0);
}
