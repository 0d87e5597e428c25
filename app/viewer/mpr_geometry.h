#pragma once
// Pure geometry of the three MPR planes through a volume (no Qt, no VTK): orthogonal at first,
// oblique once the crosshair is rotated in a pane.
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
Vec3 cross(const Vec3& a, const Vec3& b);
// Turns `v` by `degrees` about the unit vector `axis` (right-handed).
Vec3 rotatedAbout(const Vec3& v, const Vec3& axis, double degrees);

// The axes of the three planes as they are now, indexed by MprPlane.
using MprFrames = std::array<PlaneAxes, 3>;
MprFrames orthogonalFrames();
// Rotating the crosshair in `pane` by `degrees` (positive: clockwise as seen in that pane, whose
// screen v points down) turns the other two planes about the pane's screen normal (u x v); the
// pane's own plane and picture stay. The three planes stay perpendicular to one another.
void rotateCrosshair(MprFrames& frames, MprPlane pane, double degrees);
// True when every plane is its orthogonal one again (within `tolerance` on each axis component).
bool isOrthogonal(const MprFrames& frames, double tolerance = 1e-9);
// The plane through `cursor` with these axes, as the point nearest to `centre`: the origin of its
// in-plane coordinates (mm along u and v), so every plane passes through the cursor.
Vec3 planeOrigin(const Vec3& centre, const PlaneAxes& axes, const Vec3& cursor);
// The unit direction, in `pane`'s (u, v), of the line where plane `other` cuts it (the crosshair
// line drawn for `other`); {0, 0} when the planes are parallel.
std::array<double, 2> traceDirection(const PlaneAxes& pane, const PlaneAxes& other);
// The signed angle (degrees) from screen vector a to b, clockwise positive with y pointing down.
double screenAngleDegrees(double ax, double ay, double bx, double by);

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
std::array<double, 4> planeBounds(const imaging::Volume& volume, const PlaneAxes& axes);
std::array<double, 4> planeBounds(const imaging::Volume& volume, MprPlane plane);

// Keeps a point inside the volume's voxel-centre box.
Vec3 clampToVolume(const imaging::Volume& volume, const Vec3& point);
