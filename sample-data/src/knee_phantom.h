#pragma once
// A right knee built from simple 3D shapes (ellipsoids, cylinders, capsules) in patient
// coordinates (LPS, mm; joint line at z = 0), sampled per slice with a contrast per sequence.
#include <cstdint>
#include <vector>

#include "slice_stack.h"

namespace imaging::sample {

enum class Tissue : std::uint8_t {
  Air, Fat, Muscle, CorticalBone, Marrow, Cartilage, Meniscus, Fluid, Ligament, Vessel, Count
};

enum class Contrast { T1, T2, ProtonDensityFatSat, CT };

Tissue kneeTissueAt(Vec3 point);

// Stored pixel values of slice k of the stack (rows*columns, row-major), with mild noise from
// seed and a gentle surface-coil shading for MR. CT values are HU + 1024. The shapes describe a
// left knee (fibula on the patient's left, +x); rightKnee mirrors them.
std::vector<std::uint16_t> renderKneeSlice(const SliceStack& stack, int k, Contrast contrast, bool rightKnee,
                                           std::uint64_t seed);

}  // namespace imaging::sample
