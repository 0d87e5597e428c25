#pragma once
// Pure geometry of the three orthogonal MPR planes through a volume (no Qt, no VTK).
// Patient coordinates are DICOM's LPS in mm. Each plane has a screen-right axis u and a
// screen-down axis v, chosen as radiologists read them: axial seen from the feet (patient's right
// on the left, anterior up), coronal from the front, sagittal from the patient's left (anterior
// on the left), head up in both.
#include <array>

#include "imaging/pixels/volume.h"

using Vec3 = std::array<double, 3>;

enum class MprPlane { Axial = 0, Coronal = 1, Sagittal = 2 };

struct PlaneAxes {
  Vec3 u, v, normal;
};
PlaneAxes planeAxes(MprPlane plane);

Vec3 add(const Vec3& a, const Vec3& b);
Vec3 subtract(const Vec3& a, const Vec3& b);
Vec3 scaled(const Vec3& a, double s);
double dot(const Vec3& a, const Vec3& b);

// Between voxel (column, row, slice) indices and patient coordinates, through the volume's
// origin, spacing and direction (row direction, column direction, slice normal).
Vec3 voxelToPatient(const imaging::Volume& volume, const Vec3& index);
Vec3 patientToVoxel(const imaging::Volume& volume, const Vec3& point);
// The same, in the volume's own image space (mm from the first voxel along its axes), which is
// where VTK holds the data.
Vec3 patientToImageSpace(const imaging::Volume& volume, const Vec3& point);
Vec3 directionToImageSpace(const imaging::Volume& volume, const Vec3& direction);

// Centre of the volume and the in-plane bounds (min u, max u, min v, max v, in mm from the centre)
// of its voxel centres seen in a plane.
Vec3 volumeCentre(const imaging::Volume& volume);
std::array<double, 4> planeBounds(const imaging::Volume& volume, MprPlane plane);

// Keeps a point inside the volume's voxel-centre box.
Vec3 clampToVolume(const imaging::Volume& volume, const Vec3& point);
