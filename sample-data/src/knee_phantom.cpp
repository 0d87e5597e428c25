#include "knee_phantom.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "random.h"

namespace imaging::sample {

namespace {

// Quadratic form of an axis-aligned ellipsoid: <= 1 inside.
double ellipsoid(Vec3 p, Vec3 c, Vec3 r) {
  const double dx = (p.x - c.x) / r.x, dy = (p.y - c.y) / r.y, dz = (p.z - c.z) / r.z;
  return dx * dx + dy * dy + dz * dz;
}

// Same for an infinite cylinder along z.
double cylinderZ(Vec3 p, double cx, double cy, double rx, double ry) {
  const double dx = (p.x - cx) / rx, dy = (p.y - cy) / ry;
  return dx * dx + dy * dy;
}

// Distance from p to the segment a-b.
double segmentDistance(Vec3 p, Vec3 a, Vec3 b) {
  const Vec3 ab = b - a;
  const double t = std::clamp(dot(p - a, ab) / dot(ab, ab), 0.0, 1.0);
  const Vec3 d = p - (a + ab * t);
  return std::sqrt(dot(d, d));
}

// Femur, tibia, fibula and patella, each with a ~2 mm cortical shell around fatty marrow.
// Returns Air when p is not in bone.
Tissue boneAt(Vec3 p) {
  struct Shape { Vec3 c, r; };
  static const std::array<Shape, 7> ellipsoids = {{
      {{-21, 6, 21}, {17, 24, 18}},   // medial femoral condyle
      {{21, 6, 21}, {17, 24, 18}},    // lateral femoral condyle
      {{0, 6, 40}, {34, 25, 22}},     // distal femoral metaphysis
      {{0, 6, -19}, {40, 30, 16}},    // tibial plateau
      {{32, 18, -40}, {9, 9, 12}},    // fibular head
      {{0, -41, 24}, {21, 8, 17}},    // patella
      {{0, 10, -34}, {22, 20, 14}},   // tibial metaphysis
  }};
  for (const auto& s : ellipsoids) {
    const double q = ellipsoid(p, s.c, s.r);
    if (q <= 1) {
      const double inner = ellipsoid(p, s.c, {s.r.x - 2, s.r.y - 2, s.r.z - 2});
      return inner <= 1 ? Tissue::Marrow : Tissue::CorticalBone;
    }
  }
  auto shaft = [&](double cx, double cy, double r) -> Tissue {
    const double q = cylinderZ(p, cx, cy, r, r);
    if (q > 1) return Tissue::Air;
    return cylinderZ(p, cx, cy, r - 3.5, r - 3.5) <= 1 ? Tissue::Marrow : Tissue::CorticalBone;
  };
  if (p.z > 40) return shaft(0, 8, 15);
  if (p.z < -34) {
    const Tissue tibia = shaft(0, 10, 16);
    if (tibia != Tissue::Air) return tibia;
    if (p.z < -46) return shaft(32, 20, 6);
  }
  return Tissue::Air;
}

bool cartilageAt(Vec3 p) {
  // Hyaline cartilage: a ~2.5 mm layer over the articular surfaces.
  if (p.z < 32 && (ellipsoid(p, {-21, 6, 21}, {19.5, 26.5, 20.5}) <= 1 ||
                   ellipsoid(p, {21, 6, 21}, {19.5, 26.5, 20.5}) <= 1))
    return true;
  if (p.z > -6 && std::abs(p.x) < 36 && ellipsoid(p, {0, 6, -19}, {40, 30, 18.5}) <= 1) return true;
  if (p.y > -41 && ellipsoid(p, {0, -41, 24}, {21, 11, 17}) <= 1) return true;
  return false;
}

bool meniscusAt(Vec3 p) {
  // A wedge-shaped ring around each tibial compartment, thick at the rim.
  for (double cx : {-20.0, 20.0}) {
    const double radial = std::hypot(p.x - cx, (p.y - 6) * 0.8);
    if (radial < 12 || radial > 21) continue;
    const double top = -3 + 6.5 * (radial - 12) / 9;
    if (p.z >= -3 && p.z <= top) return true;
  }
  return false;
}

bool ligamentAt(Vec3 p) {
  if (segmentDistance(p, {-5, 14, 14}, {4, -2, -7}) < 3.2) return true;    // anterior cruciate
  if (segmentDistance(p, {5, 0, 16}, {0, 22, -9}) < 3.6) return true;      // posterior cruciate
  if (std::abs(p.x) < 11 && p.y > -47 && p.y < -41 && p.z > -34 && p.z < 8) return true;  // patellar tendon
  if (std::abs(p.x) < 14 && p.y > -48 && p.y < -40 && p.z > 40 && p.z < 95) return true;  // quadriceps tendon
  return false;
}

bool fluidAt(Vec3 p) {
  if (ellipsoid(p, {0, -26, 46}, {26, 4.5, 20}) <= 1) return true;  // suprapatellar bursa
  if (std::abs(p.z) < 0.8 && ellipsoid(p, {0, 6, 0}, {38, 28, 10}) <= 1) return true;  // joint space
  if (ellipsoid(p, {-18, 40, -8}, {6, 4, 9}) <= 1) return true;  // small popliteal cyst
  return false;
}

bool muscleAt(Vec3 p) {
  if (p.z > 38 && cylinderZ(p, 0, 0, 50, 44) <= 1 && !(p.y < -36 && std::abs(p.x) < 16)) return true;  // thigh
  if (p.z < 20 && p.z > -95 && (cylinderZ(p, -22, 36, 17, 14) <= 1 || cylinderZ(p, 22, 36, 17, 14) <= 1))
    return true;  // gastrocnemius heads
  if (p.z < -44 && (cylinderZ(p, 18, -12, 12, 10) <= 1 || cylinderZ(p, 0, 34, 34, 16) <= 1)) return true;
  return false;
}

double signalOf(Tissue t, Contrast c) {
  //                                    Air   Fat   Muscle Cortex Marrow Cart  Menisc Fluid  Lig  Vessel
  static const double t1[] = {0, 1750, 560, 40, 1650, 700, 90, 330, 70, 240};
  static const double t2[] = {0, 900, 330, 30, 780, 480, 60, 2150, 55, 1500};
  static const double pdfs[] = {0, 170, 560, 40, 210, 1050, 95, 2050, 75, 1250};
  static const double ct[] = {-1000, -100, 50, 1400, 250, 80, 75, 10, 90, 45};
  const auto i = static_cast<std::size_t>(t);
  switch (c) {
    case Contrast::T1: return t1[i];
    case Contrast::T2: return t2[i];
    case Contrast::ProtonDensityFatSat: return pdfs[i];
    case Contrast::CT: return ct[i] + 1024;
  }
  return 0;
}

}  // namespace

Tissue kneeTissueAt(Vec3 p) {
  if (cylinderZ(p, 0, 0, 62, 56) > 1 || std::abs(p.z) > 130) return Tissue::Air;
  const Tissue bone = boneAt(p);
  if (bone != Tissue::Air) return bone;
  if (meniscusAt(p)) return Tissue::Meniscus;
  if (cartilageAt(p)) return Tissue::Cartilage;
  if (ligamentAt(p)) return Tissue::Ligament;
  if (fluidAt(p)) return Tissue::Fluid;
  if (cylinderZ(p, 0, 40, 4.5, 4.5) <= 1 || cylinderZ(p, 9, 40, 3, 3) <= 1) return Tissue::Vessel;  // popliteal
  if (muscleAt(p)) return Tissue::Muscle;
  return Tissue::Fat;
}

std::vector<std::uint16_t> renderKneeSlice(const SliceStack& stack, int k, Contrast contrast, bool rightKnee,
                                           std::uint64_t seed) {
  const double mirror = rightKnee ? -1.0 : 1.0;
  const int rows = stack.rows, columns = stack.columns;
  std::vector<double> signal(static_cast<std::size_t>(rows) * columns);
  const Vec3 origin = stack.position(k);
  const Vec3 rowStep = stack.rowDirection * stack.pixelSpacing;
  const Vec3 columnStep = stack.columnDirection * stack.pixelSpacing;
  for (int r = 0; r < rows; ++r) {
    Vec3 p = origin + columnStep * r;
    for (int c = 0; c < columns; ++c, p = p + rowStep)
      signal[static_cast<std::size_t>(r) * columns + c] = signalOf(kneeTissueAt({p.x * mirror, p.y, p.z}), contrast);
  }

  // A [1 2 1] blur in both directions softens the staircase edges (a stand-in for partial volume).
  std::vector<double> blurred(signal.size());
  auto at = [&](const std::vector<double>& img, int r, int c) {
    r = std::clamp(r, 0, rows - 1);
    c = std::clamp(c, 0, columns - 1);
    return img[static_cast<std::size_t>(r) * columns + c];
  };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c)
      blurred[static_cast<std::size_t>(r) * columns + c] =
          (at(signal, r, c - 1) + 2 * at(signal, r, c) + at(signal, r, c + 1)) / 4;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c)
      signal[static_cast<std::size_t>(r) * columns + c] =
          (at(blurred, r - 1, c) + 2 * at(blurred, r, c) + at(blurred, r + 1, c)) / 4;

  SeededRandom random(seed);
  const bool isMr = contrast != Contrast::CT;
  const double noise = isMr ? 22.0 : 12.0;
  std::vector<std::uint16_t> pixels(signal.size());
  for (int r = 0; r < rows; ++r) {
    Vec3 p = origin + columnStep * r;
    for (int c = 0; c < columns; ++c, p = p + rowStep) {
      const std::size_t i = static_cast<std::size_t>(r) * columns + c;
      double value = signal[i];
      if (isMr) {
        // Surface coil: brighter towards the skin; magnitude images keep noise positive (Rician-like).
        const double radial = std::min(1.0, (p.x * p.x + p.y * p.y) / (60.0 * 60.0));
        value *= 0.8 + 0.35 * radial;
        value = std::hypot(value + noise * random.gaussian(), noise * random.gaussian());
      } else {
        value += noise * random.gaussian();
      }
      pixels[i] = static_cast<std::uint16_t>(std::clamp(value, 0.0, 4095.0));
    }
  }
  return pixels;
}

}  // namespace imaging::sample
