// The MR series of a routine knee protocol: geometry, sequence parameters and window presets.
#include "variants.h"
#include "volume_series.h"

namespace imaging::sample {

VolumeSeriesSpec sagittalProtonDensityFatSat() {
  VolumeSeriesSpec s;
  s.series.modality = "MR";
  s.series.description = "PD FS SAG";
  s.series.protocol = "knee_pd_tse_fs_sag";
  s.series.laterality = "R";
  s.stack.rowDirection = {0, 1, 0};
  s.stack.columnDirection = {0, 0, -1};
  s.stack.centre = {0, 0, 5};
  s.stack.spacingBetweenSlices = 3.5;
  s.stack.sliceThickness = 3.0;
  s.contrast = Contrast::ProtonDensityFatSat;
  s.mr = {"*tse2d1_5", "SE", "SK\\SP", "FS", 3200, 35, 150, 5};
  s.windowCentres = {700, 900};
  s.windowWidths = {1400, 2000};
  s.windowNames = {"NORMAL", "FLUID"};
  return s;
}

VolumeSeriesSpec coronalT1() {
  VolumeSeriesSpec s;
  s.series.modality = "MR";
  s.series.description = "T1 COR";
  s.series.protocol = "knee_t1_tse_cor";
  s.series.laterality = "R";
  s.stack.rowDirection = {1, 0, 0};
  s.stack.columnDirection = {0, 0, -1};
  s.stack.centre = {0, 4, 5};
  s.stack.spacingBetweenSlices = 3.5;
  s.stack.sliceThickness = 3.0;
  s.contrast = Contrast::T1;
  s.mr = {"*tse2d1_3", "SE", "SK\\SP", "", 550, 11, 150, 3};
  s.windowCentres = {1000, 1200};
  s.windowWidths = {2000, 2600};
  s.windowNames = {"NORMAL", "BONE MARROW"};
  return s;
}

VolumeSeriesSpec axialT2() {
  VolumeSeriesSpec s;
  s.series.modality = "MR";
  s.series.description = "T2 AX";
  s.series.protocol = "knee_t2_tse_tra";
  s.series.laterality = "R";
  s.stack.rowDirection = {1, 0, 0};
  s.stack.columnDirection = {0, 1, 0};
  s.stack.centre = {0, 4, 8};
  s.stack.spacingBetweenSlices = 4.0;
  s.stack.sliceThickness = 3.5;
  s.contrast = Contrast::T2;
  s.mr = {"*tse2d1_15", "SE", "SK\\SP", "", 4200, 90, 150, 15};
  s.windowCentres = {900, 1100};
  s.windowWidths = {1800, 2400};
  s.windowNames = {"NORMAL", "FLUID"};
  return s;
}

}  // namespace imaging::sample
