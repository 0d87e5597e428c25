#include "mpr_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QRegion>
#include <QTransform>
#include <QWheelEvent>

#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageReslice.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

#include "grey_look.h"
#include "overlay_image.h"
#include "slice_geometry.h"

namespace {

const char* planeName(MprPlane plane) {
  switch (plane) {
    case MprPlane::Axial: return "Axial";
    case MprPlane::Coronal: return "Coronal";
    case MprPlane::Sagittal: return "Sagittal";
  }
  return "";
}

QColor planeColour(MprPlane plane) {
  switch (plane) {
    case MprPlane::Axial: return {255, 200, 60};
    case MprPlane::Coronal: return {90, 230, 110};
    case MprPlane::Sagittal: return {90, 180, 255};
  }
  return Qt::white;
}

Vec3 negated(const Vec3& a) { return {-a[0], -a[1], -a[2]}; }

}  // namespace

struct MprView::Pane {
  MprPlane plane = MprPlane::Axial;
  vtkNew<vtkImageReslice> reslice;
  vtkNew<vtkImageSliceMapper> mapper;
  vtkNew<vtkImageSlice> slice;
  vtkNew<vtkRenderer> renderer;
  PlaneAxes axes;                             // as now: orthogonal, or turned by a rotated crosshair
  std::array<double, 4> bounds{0, 1, 0, 1};  // in-plane extent of the volume (mm from its centre)
  // The orthogonal plane's extent: the scale of the pane, so that turning the plane does not
  // zoom it.
  std::array<double, 4> fit_bounds{0, 1, 0, 1};
  QRect rect;                                 // widget coordinates
  double zoom = 1.0;                          // relative to fitting the pane
  std::array<double, 2> pan{0.0, 0.0};        // the pane's centre moved in the plane (mm)
};

MprView::MprView(QWidget* parent) : OffscreenVtkWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(320, 240);
  for (MprPlane plane : {MprPlane::Axial, MprPlane::Coronal, MprPlane::Sagittal}) {
    auto p = std::make_unique<Pane>();
    p->plane = plane;
    p->axes = planeAxes(plane);
    p->reslice->SetInputData(image_data_);
    p->reslice->SetOutputDimensionality(2);
    p->reslice->SetInterpolationModeToLinear();
    p->mapper->SetInputConnection(p->reslice->GetOutputPort());
    p->mapper->SetOrientationToZ();
    p->slice->SetMapper(p->mapper);
    p->slice->GetProperty()->SetInterpolationTypeToLinear();
    p->renderer->AddViewProp(p->slice);
    p->renderer->SetBackground(0.0, 0.0, 0.0);
    p->renderer->SetBackgroundAlpha(1.0);
    p->renderer->GetActiveCamera()->ParallelProjectionOn();
    renderWindow().AddRenderer(p->renderer);
    panes_[static_cast<std::size_t>(plane)] = std::move(p);
  }
}

MprView::~MprView() = default;

bool MprView::canShow(const imaging::Volume& volume) {
  return volume.samples_per_pixel == 1 && volume.dimensions[2] >= 2 && volume.dimensions[0] >= 2 && volume.dimensions[1] >= 2;
}

void MprView::clear() {
  volume_.reset();
  lut_.reset();
  invalidateFrame();
}

void MprView::setVolume(std::shared_ptr<const imaging::Volume> volume, const QString& label) {
  volume_ = std::move(volume);
  label_ = label;
  if (!volume_ || !canShow(*volume_)) return clear();
  const auto& v = *volume_;
  // VTK holds the data in the volume's image space (mm along its own axes, origin at the first
  // voxel); each plane's reslice axes carry the patient orientation into that space.
  auto values = vtkSmartPointer<vtkFloatArray>::New();
  values->SetNumberOfComponents(1);
  values->SetArray(const_cast<float*>(v.values.data()), static_cast<vtkIdType>(v.values.size()), 1);
  image_data_->SetDimensions(v.dimensions[0], v.dimensions[1], v.dimensions[2]);
  image_data_->SetSpacing(v.spacing[0], v.spacing[1], v.spacing[2]);
  image_data_->SetOrigin(0.0, 0.0, 0.0);
  image_data_->GetPointData()->SetScalars(values);
  image_data_->Modified();
  const float lowest = v.values.empty() ? 0.0f : *std::min_element(v.values.begin(), v.values.end());

  centre_ = volumeCentre(v);
  // Sample the planes at the finest voxel size, but keep each plane under about 1024 pixels.
  double extent = 0.0;
  for (std::size_t k = 0; k < 3; ++k) extent = std::max(extent, v.dimensions[k] * v.spacing[k]);
  step_mm_ = std::max(std::min({v.spacing[0], v.spacing[1], v.spacing[2]}), extent / 1024.0);
  for (auto& p : panes_) {
    p->axes = planeAxes(p->plane);
    p->fit_bounds = planeBounds(v, p->axes);
    p->zoom = 1.0;
    p->pan = {0.0, 0.0};
    p->reslice->SetBackgroundLevel(lowest);
    p->reslice->SetOutputSpacing(step_mm_, step_mm_, 1.0);
    setResliceExtent(*p);
  }
  window_ = v.default_window;
  lut_.reset();
  invert_ = false;
  applyGreyLookToPanes();
  setCursorPoint(centre_);
}

void MprView::setResliceExtent(Pane& p) {
  // An oblique plane cuts the volume over a larger rectangle than the orthogonal one.
  p.bounds = planeBounds(*volume_, p.axes);
  p.reslice->SetOutputOrigin(p.bounds[0], p.bounds[2], 0.0);
  p.reslice->SetOutputExtent(0, static_cast<int>(std::floor((p.bounds[1] - p.bounds[0]) / step_mm_)), 0,
                             static_cast<int>(std::floor((p.bounds[3] - p.bounds[2]) / step_mm_)), 0, 0);
}

void MprView::rotateCrosshair(MprPlane plane, double degrees) {
  if (!volume_) return;
  MprFrames frames;
  for (std::size_t k = 0; k < panes_.size(); ++k) frames[k] = panes_[k]->axes;
  ::rotateCrosshair(frames, plane, degrees);
  for (std::size_t k = 0; k < panes_.size(); ++k) panes_[k]->axes = frames[k];
  for (auto& p : panes_) {
    setResliceExtent(*p);
    updateReslice(*p);
  }
  invalidateFrame();
}

void MprView::resetRotation() {
  if (!volume_) return;
  for (auto& p : panes_) {
    p->axes = planeAxes(p->plane);
    setResliceExtent(*p);
    updateReslice(*p);
  }
  invalidateFrame();
}

bool MprView::isRotated() const {
  MprFrames frames;
  for (std::size_t k = 0; k < panes_.size(); ++k) frames[k] = panes_[k]->axes;
  return !isOrthogonal(frames);
}

const PlaneAxes& MprView::axesOf(MprPlane plane) const { return pane(plane).axes; }

QStringList MprView::paneLetters(MprPlane plane) const {
  // Without ImageOrientationPatient the planes follow the image axes, not the patient's: letters
  // would claim a side of the body nobody knows (a cine without geometry showed R, A, H...), so
  // there are none, as on the slice view.
  if (!volume_ || !volume_->has_geometry) return {QString(), QString(), QString(), QString()};
  // The slice view's letters, combined for oblique directions ("LP"): u points right, v down.
  const PlaneAxes& axes = pane(plane).axes;
  QStringList sides;
  for (const Vec3& direction : {negated(axes.u), negated(axes.v), axes.u, axes.v})
    sides << QString::fromStdString(orientationLetters(direction));
  return sides;
}

void MprView::setWindow(const imaging::Window& window) {
  window_ = {window.center, std::max(1.0, window.width)};
  lut_.reset();
  applyGreyLookToPanes();
}

void MprView::setVoiLut(std::shared_ptr<const imaging::VoiLut> lut) {
  if (!volume_) return;
  lut_ = std::move(lut);
  applyGreyLookToPanes();
}

void MprView::applyGreyLookToPanes() {
  // The slice view's look: MONOCHROME1 is inverted by default.
  const bool inverted = invert_ != (volume_ && volume_->monochrome1);
  for (auto& p : panes_) applyGreyLook(*p->slice->GetProperty(), window_, lut_.get(), inverted);
  invalidateFrame();
}

void MprView::setInvert(bool invert) {
  invert_ = invert;
  applyGreyLookToPanes();
}

void MprView::setSlabMip(double mm) {
  slab_mm_ = std::max(0.0, mm);
  // The reslice's output slices are 1 mm apart along the plane's normal (output spacing z = 1).
  const int slices = slab_mm_ > 0.0 ? std::max(2, static_cast<int>(std::lround(slab_mm_)) + 1) : 1;
  for (auto& p : panes_) {
    p->reslice->SetSlabModeToMax();
    p->reslice->SetSlabNumberOfSlices(slices);
  }
  invalidateFrame();
}

void MprView::zoomPane(MprPlane plane, double factor) {
  Pane& p = pane(plane);
  p.zoom = std::clamp(p.zoom * factor, 0.2, 20.0);
  invalidateFrame();
}

void MprView::panPane(MprPlane plane, const QPointF& screen_delta) {
  Pane& p = pane(plane);
  const double wpp = worldPerScreenPixel(p);
  p.pan = {p.pan[0] - screen_delta.x() * wpp, p.pan[1] - screen_delta.y() * wpp};
  invalidateFrame();
}

void MprView::setShowImageOverlays(bool show) {
  show_image_overlays_ = show;
  update();
}

std::optional<MprPlane> MprView::nativePlane() const {
  if (!volume_) return std::nullopt;
  const auto& d = volume_->direction;
  const Vec3 slice_normal{d[6], d[7], d[8]};
  for (MprPlane plane : {MprPlane::Axial, MprPlane::Coronal, MprPlane::Sagittal})
    if (std::abs(dot(pane(plane).axes.normal, slice_normal)) > 0.999) return plane;
  return std::nullopt;
}

void MprView::setCursorPoint(const Vec3& patient) {
  if (!volume_) return;
  cursor_ = clampToVolume(*volume_, patient);
  for (auto& p : panes_) updateReslice(*p);
  invalidateFrame();
  emit cursorChanged();
}

void MprView::setCursorVoxel(const Vec3& index) {
  if (volume_) setCursorPoint(voxelToPatient(*volume_, index));
}

Vec3 MprView::cursorVoxel() const { return volume_ ? patientToVoxel(*volume_, cursor_) : Vec3{0, 0, 0}; }

void MprView::updateReslice(Pane& p) {
  const auto& v = *volume_;
  const PlaneAxes& axes = p.axes;
  // The plane keeps its in-plane frame centred on the volume; only its depth follows the cursor.
  const Vec3 origin = planeOrigin(centre_, axes, cursor_);
  const Vec3 u = directionToImageSpace(v, axes.u), w = directionToImageSpace(v, axes.v);
  const Vec3 n = directionToImageSpace(v, axes.normal), o = patientToImageSpace(v, origin);
  vtkNew<vtkMatrix4x4> matrix;
  for (int r = 0; r < 3; ++r) {
    const auto k = static_cast<std::size_t>(r);
    matrix->SetElement(r, 0, u[k]);
    matrix->SetElement(r, 1, w[k]);
    matrix->SetElement(r, 2, n[k]);
    matrix->SetElement(r, 3, o[k]);
  }
  p.reslice->SetResliceAxes(matrix);
}

QRect MprView::paneRect(MprPlane plane) const {
  // 2 x 2: axial top left, coronal top right, sagittal bottom left; the fourth shows the cursor.
  const int w = width() / 2, h = height() / 2;
  switch (plane) {
    case MprPlane::Axial: return {0, 0, w - 1, h - 1};
    case MprPlane::Coronal: return {w + 1, 0, width() - w - 1, h - 1};
    case MprPlane::Sagittal: return {0, h + 1, w - 1, height() - h - 1};
  }
  return {};
}

double MprView::worldPerScreenPixel(const Pane& p) const {
  const double w_mm = p.fit_bounds[1] - p.fit_bounds[0] + step_mm_, h_mm = p.fit_bounds[3] - p.fit_bounds[2] + step_mm_;
  return std::max(w_mm / std::max(1, p.rect.width()), h_mm / std::max(1, p.rect.height())) * 1.04 / p.zoom;
}

// The point of the plane (mm) at the centre of the pane: the plane's centre, moved by the pan.
static std::array<double, 2> paneCentre(const std::array<double, 4>& bounds, const std::array<double, 2>& pan) {
  return {(bounds[0] + bounds[1]) / 2.0 + pan[0], (bounds[2] + bounds[3]) / 2.0 + pan[1]};
}

QPointF MprView::planeToScreen(const Pane& p, double a, double b) const {
  const double wpp = worldPerScreenPixel(p);
  const auto [ca, cb] = paneCentre(p.bounds, p.pan);
  const QPointF c = QRectF(p.rect).center();
  return {c.x() + (a - ca) / wpp, c.y() + (b - cb) / wpp};
}

std::array<double, 2> MprView::screenToPlane(const Pane& p, const QPointF& screen) const {
  const double wpp = worldPerScreenPixel(p);
  const auto [ca, cb] = paneCentre(p.bounds, p.pan);
  const QPointF c = QRectF(p.rect).center();
  return {ca + (screen.x() - c.x()) * wpp, cb + (screen.y() - c.y()) * wpp};
}

QRectF MprView::imageRect(MprPlane plane) const {
  const Pane& p = pane(plane);
  const double half = step_mm_ / 2.0;
  return QRectF(planeToScreen(p, p.bounds[0] - half, p.bounds[2] - half), planeToScreen(p, p.bounds[1] + half, p.bounds[3] + half));
}

void MprView::prepareRender(int w, int h) {
  for (auto& p : panes_) {
    p->rect = paneRect(p->plane);
    const QRect r = p->rect;
    // VTK viewports are normalised with the origin at the bottom left.
    p->renderer->SetViewport(r.left() / double(w), 1.0 - (r.top() + r.height()) / double(h), (r.left() + r.width()) / double(w),
                             1.0 - r.top() / double(h));
    const auto [ca, cb] = paneCentre(p->bounds, p->pan);
    vtkCamera* camera = p->renderer->GetActiveCamera();
    camera->SetFocalPoint(ca, cb, 0.0);
    camera->SetPosition(ca, cb, -1000.0);
    camera->SetViewUp(0.0, -1.0, 0.0);
    camera->SetParallelScale(worldPerScreenPixel(*p) * r.height() / 2.0);
    p->renderer->ResetCameraClippingRange();
  }
}

void MprView::resizeEvent(QResizeEvent* event) {
  for (auto& p : panes_) p->rect = paneRect(p->plane);
  OffscreenVtkWidget::resizeEvent(event);
}

void MprView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  if (!volume_) {
    painter.fillRect(rect(), Qt::black);
    painter.setPen(QColor(160, 160, 160));
    painter.drawText(rect(), Qt::AlignCenter, tr("MPR needs a series of at least two parallel slices"));
    drawHighlight(painter);
    return;
  }
  drawFrame(painter);
  // Separators between the panes, over what lies outside every viewport (no renderer clears it).
  QRegion separators(rect());
  for (const auto& p : panes_) separators -= p->rect;
  painter.setClipRegion(separators);
  painter.fillRect(rect(), QColor(60, 60, 60));
  painter.setClipping(false);
  drawImageOverlay(painter);
  drawOverlays(painter);
  drawHighlight(painter);
}

void MprView::drawImageOverlay(QPainter& painter) {
  // An overlay is drawn on one acquired slice: only the pane parallel to the slices can show it,
  // and it shows the overlay of the slice nearest its plane. Reformatted panes cut across many
  // slices and show none.
  const std::optional<MprPlane> native = nativePlane();
  if (!show_image_overlays_ || !native) return;
  const auto& v = *volume_;
  const int slice = std::clamp(static_cast<int>(std::lround(cursorVoxel()[2])), 0, v.dimensions[2] - 1);
  const QImage overlay = overlayImage(v, slice);
  if (overlay.isNull()) return;
  // The bitmap's pixel (x, y) covers voxel (x - 0.5 .. x + 0.5, ...) of that slice: map its
  // corners through patient space into the pane (this also turns or flips it as the pane does).
  const Pane& p = pane(*native);
  const PlaneAxes& axes = p.axes;
  auto screenOf = [&](double column, double row) {
    const Vec3 offset = subtract(voxelToPatient(v, {column, row, static_cast<double>(slice)}), centre_);
    return planeToScreen(p, dot(offset, axes.u), dot(offset, axes.v));
  };
  const QPointF origin = screenOf(-0.5, -0.5), along_row = screenOf(0.5, -0.5) - origin, along_column = screenOf(-0.5, 0.5) - origin;
  painter.save();
  painter.setClipRect(p.rect);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // a bitmap: sharp edges
  painter.setTransform(QTransform(along_row.x(), along_row.y(), along_column.x(), along_column.y(), origin.x(), origin.y()));
  painter.drawImage(QPointF(0, 0), overlay);
  painter.restore();
}

void MprView::drawOverlays(QPainter& painter) {
  painter.setRenderHint(QPainter::Antialiasing);
  QFont font = painter.font();
  font.setPointSizeF(10);
  painter.setFont(font);
  const int line = QFontMetrics(font).height();
  auto text = [&](const QRect& box, const QString& s, int flags, const QColor& colour) {
    painter.setPen(QColor(0, 0, 0, 200));
    painter.drawText(box.translated(1, 1), flags, s);
    painter.setPen(colour);
    painter.drawText(box, flags, s);
  };
  const QColor corner(255, 230, 120);
  for (auto& p : panes_) {
    const PlaneAxes& axes = p->axes;
    const QPointF at = cursorOnScreen(*p);
    const QRectF image = imageRect(p->plane);
    // Crosshair: where each other plane cuts this one, through the cursor, in that plane's colour;
    // slanted once the planes are rotated. Drawn over the image only.
    painter.setClipRect(QRectF(p->rect).intersected(image));
    const double reach = std::hypot(image.width(), image.height());
    for (const auto& other : panes_) {
      if (other == p) continue;
      const auto d = traceDirection(axes, other->axes);
      painter.setPen(QPen(planeColour(other->plane), 1));
      painter.drawLine(at - QPointF(d[0], d[1]) * reach, at + QPointF(d[0], d[1]) * reach);
    }
    painter.setClipRect(p->rect);

    const QRect r = p->rect.adjusted(6, 4, -6, -4);
    text(QRect(r.left(), r.top(), r.width(), line), tr(planeName(p->plane)), Qt::AlignLeft | Qt::AlignVCenter, planeColour(p->plane));
    QFont bold = font;
    bold.setBold(true);
    bold.setPointSizeF(12);
    painter.setFont(bold);
    const QColor letters(120, 220, 255);
    const QStringList sides = paneLetters(p->plane);
    text(r, sides[0], Qt::AlignLeft | Qt::AlignVCenter, letters);
    text(r, sides[1], Qt::AlignHCenter | Qt::AlignTop, letters);
    text(r, sides[2], Qt::AlignRight | Qt::AlignVCenter, letters);
    text(r, sides[3], Qt::AlignHCenter | Qt::AlignBottom, letters);
    painter.setFont(font);
  }
  painter.setClipping(false);
  // Fourth quadrant: what the cursor points at. Never identity: series label and geometry only.
  const QRect info(width() / 2 + 1, height() / 2 + 1, width() - width() / 2 - 1, height() - height() / 2 - 1);
  painter.fillRect(info, Qt::black);
  const Vec3 voxel = cursorVoxel();
  const QStringList lines = {
      label_,
      tr("MPR: click or drag in a plane to move the other two"),
      tr("Cursor: column %1, row %2, slice %3").arg(std::lround(voxel[0]) + 1).arg(std::lround(voxel[1]) + 1).arg(std::lround(voxel[2]) + 1),
      tr("Position (x, y, z): %1, %2, %3 mm").arg(cursor_[0], 0, 'f', 1).arg(cursor_[1], 0, 'f', 1).arg(cursor_[2], 0, 'f', 1),
      lut_ ? tr("VOI LUT %1").arg(QString::fromStdString(lut_->explanation))
           : tr("W %1  L %2").arg(window_.width, 0, 'f', 0).arg(window_.center, 0, 'f', 0),
      slab_mm_ > 0.0 ? tr("Thick slab: MIP over %1 mm").arg(slab_mm_, 0, 'f', 0) : QString(),
      isRotated() ? tr("Oblique planes (Shift+drag rotates, Shift+M resets)") : tr("Shift+drag in a plane rotates the crosshair"),
      volume_->has_geometry ? QString() : tr("No patient geometry in the files: planes follow the image axes")};
  int y = info.top() + 8;
  for (const QString& s : lines) {
    text(QRect(info.left() + 10, y, info.width() - 20, line), s, Qt::AlignLeft | Qt::AlignVCenter, corner);
    y += line + 2;
  }
}

int MprView::paneAt(const QPointF& point) const {
  for (std::size_t i = 0; i < panes_.size(); ++i)
    if (panes_[i]->rect.contains(point.toPoint())) return static_cast<int>(i);
  return -1;
}

QPointF MprView::cursorOnScreen(const Pane& p) const {
  const Vec3 offset = subtract(cursor_, centre_);
  return planeToScreen(p, dot(offset, p.axes.u), dot(offset, p.axes.v));
}

void MprView::moveCursorTo(const Pane& p, const QPointF& screen) {
  const PlaneAxes& axes = p.axes;
  const auto ab = screenToPlane(p, screen);
  const double depth = dot(subtract(cursor_, centre_), axes.normal);
  setCursorPoint(add(centre_, add(scaled(axes.normal, depth), add(scaled(axes.u, ab[0]), scaled(axes.v, ab[1])))));
}

void MprView::mousePressEvent(QMouseEvent* event) {
  emit activated();
  if (!volume_) return;
  drag_pane_ = paneAt(event->position());
  drag_start_ = event->position();
  if (event->button() == Qt::RightButton) {
    drag_ = Drag::WindowLevel;
    drag_window_ = window_;
  } else if (event->button() == Qt::MiddleButton && drag_pane_ >= 0) {
    drag_ = Drag::Pan;
  } else if (event->button() == Qt::LeftButton && drag_pane_ >= 0 && (event->modifiers() & Qt::ShiftModifier)) {
    drag_ = Drag::Rotate;  // turns the crosshair about the cursor by the angle the mouse sweeps
  } else if (event->button() == Qt::LeftButton && drag_pane_ >= 0) {
    drag_ = Drag::Cursor;
    moveCursorTo(*panes_[static_cast<std::size_t>(drag_pane_)], event->position());
  }
}

void MprView::mouseMoveEvent(QMouseEvent* event) {
  if (!volume_) return;
  if (drag_ == Drag::Cursor && drag_pane_ >= 0) {
    moveCursorTo(*panes_[static_cast<std::size_t>(drag_pane_)], event->position());
  } else if (drag_ == Drag::Rotate && drag_pane_ >= 0) {
    const Pane& p = *panes_[static_cast<std::size_t>(drag_pane_)];
    const QPointF centre = cursorOnScreen(p), from = drag_start_ - centre, to = event->position() - centre;
    if (std::hypot(from.x(), from.y()) > 3.0 && std::hypot(to.x(), to.y()) > 3.0)
      rotateCrosshair(p.plane, screenAngleDegrees(from.x(), from.y(), to.x(), to.y()));
    drag_start_ = event->position();
  } else if (drag_ == Drag::Pan && drag_pane_ >= 0) {
    panPane(panes_[static_cast<std::size_t>(drag_pane_)]->plane, event->position() - drag_start_);
    drag_start_ = event->position();
  } else if (drag_ == Drag::WindowLevel) {
    const QPointF delta = event->position() - drag_start_;
    const double rate = std::max(1.0, drag_window_.width) / 300.0;
    setWindow({drag_window_.center + delta.y() * rate, std::max(1.0, drag_window_.width + delta.x() * rate * 2.0)});
    emit windowChanged(window_);
  }
}

void MprView::mouseReleaseEvent(QMouseEvent*) { drag_ = Drag::None; }

void MprView::wheelEvent(QWheelEvent* event) {
  const int index = paneAt(event->position());
  if (!volume_ || index < 0) return;
  // The wheel moves this plane through the volume (along its normal), one sample at a time;
  // Ctrl+wheel zooms this pane.
  const int steps = event->angleDelta().y() / 120;
  if (event->modifiers() & Qt::ControlModifier) {
    zoomPane(panes_[static_cast<std::size_t>(index)]->plane, std::pow(1.15, steps));
    event->accept();
    return;
  }
  setCursorPoint(add(cursor_, scaled(panes_[static_cast<std::size_t>(index)]->axes.normal, -steps * step_mm_)));
  event->accept();
}
