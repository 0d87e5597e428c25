#pragma once
// Geometry between the viewports of a layout (issue 14): which slice of one series lies nearest to
// the slice shown in another (linked scrolling), and where the plane of one series' slice cuts a
// slice of another (reference lines). Pure geometry on imaging::Volume; no file is read.
#include <optional>
#include <utility>

#include "imaging/pixels/measure.h"
#include "imaging/pixels/volume.h"

namespace imaging {

// True when both volumes have geometry and the same, non-empty Frame of Reference UID: their
// patient coordinates are the same space.
bool sameFrameOfReference(const Volume& a, const Volume& b);

// The slice of `to` nearest to slice `from_slice` of `from`:
// - same Frame of Reference: the slice of `to` whose plane is nearest to the centre of the `from`
//   slice, when the two stacks are about parallel (slice normals within 45 degrees);
// - otherwise (another study, or no Frame of Reference): the slice whose slice location (position
//   along its own normal) is nearest to that of the `from` slice, when the normals are about
//   parallel in their own coordinates.
// Empty when either has no geometry or the stacks are not parallel.
std::optional<int> nearestSlice(const Volume& from, int from_slice, const Volume& to);

// Where the plane of slice `from_slice` of `from` cuts slice `to_slice` of `to`, as a segment in
// the image pixels of `to` (column, row; clipped to the image's edges). Empty unless both share a
// Frame of Reference, the planes are not about parallel (within 10 degrees) and the line crosses
// the image.
std::optional<std::pair<PixelPoint, PixelPoint>> referenceLine(const Volume& from, int from_slice, const Volume& to, int to_slice);

}  // namespace imaging
