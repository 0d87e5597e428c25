#include "imaging/pixels/slice_link.h"

#include <array>
#include <cmath>
#include <vector>

namespace imaging {

namespace {

using Vec = std::array<double, 3>;

double dot(const Vec& a, const Vec& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec sub(const Vec& a, const Vec& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec axis(const Volume& v, int i) { return {v.direction[3 * i], v.direction[3 * i + 1], v.direction[3 * i + 2]}; }

// ImagePositionPatient of slice k (the first pixel's centre), from the slice when known.
Vec sliceOrigin(const Volume& v, int k) {
  const auto& ref = v.slices[static_cast<std::size_t>(k)];
  if (ref.image_position) return *ref.image_position;
  const Vec n = axis(v, 2);
  return {v.origin[0] + k * v.spacing[2] * n[0], v.origin[1] + k * v.spacing[2] * n[1], v.origin[2] + k * v.spacing[2] * n[2]};
}

bool usable(const Volume& v, int k) {
  return v.has_geometry && k >= 0 && k < v.dimensions[2] && static_cast<std::size_t>(k) < v.slices.size();
}

}  // namespace

bool sameFrameOfReference(const Volume& a, const Volume& b) {
  return a.has_geometry && b.has_geometry && !a.frame_of_reference_uid.empty() && a.frame_of_reference_uid == b.frame_of_reference_uid;
}

std::optional<int> nearestSlice(const Volume& from, int from_slice, const Volume& to) {
  if (!usable(from, from_slice) || !to.has_geometry || to.dimensions[2] <= 0 || to.slices.empty()) return std::nullopt;
  const Vec n_to = axis(to, 2);
  if (std::abs(dot(axis(from, 2), n_to)) < std::cos(M_PI / 4)) return std::nullopt;
  int best = -1;
  double best_distance = 0.0;
  const int count = std::min(to.dimensions[2], static_cast<int>(to.slices.size()));
  if (sameFrameOfReference(from, to)) {
    // The centre of the `from` slice in patient coordinates.
    const Vec o = sliceOrigin(from, from_slice), r = axis(from, 0), c = axis(from, 1);
    const double u = (from.dimensions[0] - 1) / 2.0 * from.spacing[0], v = (from.dimensions[1] - 1) / 2.0 * from.spacing[1];
    const Vec centre{o[0] + u * r[0] + v * c[0], o[1] + u * r[1] + v * c[1], o[2] + u * r[2] + v * c[2]};
    for (int k = 0; k < count; ++k) {
      const double d = std::abs(dot(sub(centre, sliceOrigin(to, k)), n_to));
      if (best < 0 || d < best_distance) best = k, best_distance = d;
    }
  } else {
    const double location = from.slices[static_cast<std::size_t>(from_slice)].position;
    for (int k = 0; k < count; ++k) {
      const double d = std::abs(to.slices[static_cast<std::size_t>(k)].position - location);
      if (best < 0 || d < best_distance) best = k, best_distance = d;
    }
  }
  return best;
}

std::optional<std::pair<PixelPoint, PixelPoint>> referenceLine(const Volume& from, int from_slice, const Volume& to, int to_slice) {
  if (!usable(from, from_slice) || !usable(to, to_slice) || !sameFrameOfReference(from, to)) return std::nullopt;
  const Vec n = axis(from, 2);
  if (std::abs(dot(n, axis(to, 2))) > std::cos(10.0 * M_PI / 180.0)) return std::nullopt;
  // Pixel (u, v) of `to` lies at o + u*sx*row + v*sy*col; it is on the plane when a*u + b*v = d.
  const Vec o = sliceOrigin(to, to_slice);
  const double a = to.spacing[0] * dot(axis(to, 0), n), b = to.spacing[1] * dot(axis(to, 1), n);
  const double d = dot(sub(sliceOrigin(from, from_slice), o), n);
  const double u0 = -0.5, u1 = to.dimensions[0] - 0.5, v0 = -0.5, v1 = to.dimensions[1] - 0.5;
  std::vector<PixelPoint> hits;
  auto add = [&](double u, double v) {
    if (u < u0 - 1e-9 || u > u1 + 1e-9 || v < v0 - 1e-9 || v > v1 + 1e-9) return;
    for (const auto& h : hits)
      if (std::abs(h.column - u) < 1e-6 && std::abs(h.row - v) < 1e-6) return;
    hits.push_back({u, v});
  };
  if (std::abs(b) > 1e-12) {
    add(u0, (d - a * u0) / b);
    add(u1, (d - a * u1) / b);
  }
  if (std::abs(a) > 1e-12) {
    add((d - b * v0) / a, v0);
    add((d - b * v1) / a, v1);
  }
  if (hits.size() < 2) return std::nullopt;
  return std::make_pair(hits[0], hits[1]);
}

}  // namespace imaging
