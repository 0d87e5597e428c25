#pragma once
// MPR: three planes (axial, coronal, sagittal in patient coordinates) through a volume, resliced by
// VTK (vtkImageReslice) and shown in one offscreen render window with three viewports, whose pixels
// are painted here like SliceView's (OffscreenVtkWidget). The three planes share one cursor point: a
// click (or drag) in one plane moves the other two planes there; the crosshair lines in each pane
// are where the other two planes cut it. Rotating the crosshair in a pane (Shift+left-drag, or
// rotateCrosshair) turns the other two planes about the cursor into oblique planes (geometry in
// mpr_geometry). The grey look (window or VOI LUT) is the slice view's; the pane parallel to the
// acquired slices also draws their overlays.
#include <QRectF>
#include <QString>
#include <QStringList>
#include <array>
#include <memory>
#include <optional>

#include <vtkNew.h>

#include "imaging/pixels/volume.h"
#include "mpr_geometry.h"
#include "offscreen_frame.h"

class vtkImageData;
class vtkImageReslice;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkRenderer;

class MprView : public OffscreenVtkWidget {
  Q_OBJECT
 public:
  explicit MprView(QWidget* parent = nullptr);
  ~MprView() override;

  // A volume MPR can show: monochrome, at least two slices.
  static bool canShow(const imaging::Volume& volume);
  void setVolume(std::shared_ptr<const imaging::Volume> volume, const QString& label);
  void clear();
  bool hasVolume() const { return volume_ != nullptr; }

  // A linear window; replaces a VOI LUT chosen before (as in SliceView).
  void setWindow(const imaging::Window& window);
  imaging::Window window() const { return window_; }
  // Shows the planes through a VOI LUT (the slice view's current preset) until a window is set.
  void setVoiLut(std::shared_ptr<const imaging::VoiLut> lut);
  bool showsVoiLut() const { return lut_ != nullptr; }
  // On top of MONOCHROME1's own inversion, as the slice view's Invert.
  void setInvert(bool invert);
  // Overlay planes (60xx) of the acquired slice nearest the cursor, in white on the pane parallel
  // to the slices; on by default.
  void setShowImageOverlays(bool show);
  // The pane whose plane is parallel to the acquired slices (within about 2.5 degrees), if any.
  std::optional<MprPlane> nativePlane() const;
  // The shared cursor, in patient coordinates (mm) or as (column, row, slice) voxel indices.
  void setCursorPoint(const Vec3& patient);
  Vec3 cursorPoint() const { return cursor_; }
  void setCursorVoxel(const Vec3& index);
  Vec3 cursorVoxel() const;

  // Oblique planes: turns the crosshair in `plane`'s pane by `degrees` (clockwise as seen there), so
  // the other two planes turn about the cursor around that pane's normal. A new series, and
  // resetRotation, return to the orthogonal planes.
  void rotateCrosshair(MprPlane plane, double degrees);
  void resetRotation();
  bool isRotated() const;
  // The plane's axes as they are now (orthogonal ones unless rotated).
  const PlaneAxes& axesOf(MprPlane plane) const;
  // The orientation letters on the pane's left, top, right and bottom sides.
  QStringList paneLetters(MprPlane plane) const;

  // Zoom and pan of one pane (Ctrl+wheel, middle-drag over it); a new series fits every pane again.
  void zoomPane(MprPlane plane, double factor);
  void panPane(MprPlane plane, const QPointF& screen_delta);

  // Thick-slab maximum intensity projection: each plane shows the brightest value within about
  // mm / 2 on either side of it (slab sampled every 1 mm); 0 turns it off (a thin plane).
  void setSlabMip(double mm);
  double slabMip() const { return slab_mm_; }

  // Where each plane's pane and its image lie in widget coordinates (for tests).
  QRect paneRect(MprPlane plane) const;
  QRectF imageRect(MprPlane plane) const;

 signals:
  void cursorChanged();
  void windowChanged(imaging::Window window);
  // A mouse button was pressed over the view: viewport 1 becomes the active one.
  void activated();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void prepareRender(int w, int h) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  struct Pane;
  Pane& pane(MprPlane plane) const { return *panes_[static_cast<std::size_t>(plane)]; }
  int paneAt(const QPointF& point) const;
  double worldPerScreenPixel(const Pane& pane) const;
  QPointF planeToScreen(const Pane& pane, double a, double b) const;
  std::array<double, 2> screenToPlane(const Pane& pane, const QPointF& screen) const;
  void updateReslice(Pane& pane);
  void setResliceExtent(Pane& pane);
  void applyGreyLookToPanes();
  void drawImageOverlay(QPainter& painter);
  void drawOverlays(QPainter& painter);
  void moveCursorTo(const Pane& pane, const QPointF& screen);
  QPointF cursorOnScreen(const Pane& pane) const;

  std::shared_ptr<const imaging::Volume> volume_;
  QString label_;
  vtkNew<vtkImageData> image_data_;
  std::array<std::unique_ptr<Pane>, 3> panes_;
  Vec3 centre_{0, 0, 0};
  Vec3 cursor_{0, 0, 0};
  imaging::Window window_;
  std::shared_ptr<const imaging::VoiLut> lut_;
  bool invert_ = false;
  double slab_mm_ = 0.0;
  bool show_image_overlays_ = true;
  double step_mm_ = 1.0;  // in-plane sampling and wheel step

  enum class Drag { None, Cursor, WindowLevel, Pan, Rotate } drag_ = Drag::None;
  int drag_pane_ = -1;
  QPointF drag_start_;
  imaging::Window drag_window_;
};
