#pragma once
// The geometry of one series: a stack of parallel, equally spaced slices (a real volume).
#include "vec3.h"

namespace imaging::sample {

struct SliceStack {
  Vec3 rowDirection;     // along a row (left to right in the image), ImageOrientationPatient[0..2]
  Vec3 columnDirection;  // down a column, ImageOrientationPatient[3..5]
  Vec3 centre;           // centre of the stack in patient coordinates
  int rows = 256;
  int columns = 256;
  int slices = 24;
  double pixelSpacing = 0.625;
  double sliceThickness = 3.0;
  double spacingBetweenSlices = 3.3;

  Vec3 normal() const { return cross(rowDirection, columnDirection); }

  // ImagePositionPatient of slice k: the centre of its first (top-left) pixel.
  Vec3 position(int k) const {
    const double offset = (k - (slices - 1) / 2.0) * spacingBetweenSlices;
    const Vec3 sliceCentre = centre + normal() * offset;
    return sliceCentre - rowDirection * ((columns - 1) / 2.0 * pixelSpacing) -
           columnDirection * ((rows - 1) / 2.0 * pixelSpacing);
  }

  // Patient coordinates of pixel (row r, column c) of slice k.
  Vec3 pointAt(int k, int r, int c) const {
    return position(k) + rowDirection * (c * pixelSpacing) + columnDirection * (r * pixelSpacing);
  }
};

}  // namespace imaging::sample
