#include "slice_view.h"

#include <QApplication>
#include <QKeyEvent>
#include <QStringList>
#include <QMouseEvent>
#include <QImage>
#include <QPainter>
#include <QTransform>
#include <QWheelEvent>

#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkPointData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

#include "grey_look.h"
#include "imaging/pixels/measure.h"
#include "overlay_image.h"
#include "slice_geometry.h"

SliceView::SliceView(QWidget* parent) : OffscreenVtkWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);  // the pixel value under the mouse follows it
  setMinimumSize(320, 240);
  renderWindow().AddRenderer(renderer_);
  renderer_->SetBackground(0.0, 0.0, 0.0);
  renderer_->SetBackgroundAlpha(1.0);
  mapper_->SetInputData(image_data_);
  mapper_->SetOrientationToZ();
  image_slice_->SetMapper(mapper_);
  image_slice_->GetProperty()->SetInterpolationTypeToLinear();
  renderer_->AddViewProp(image_slice_);
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->ParallelProjectionOn();
}

SliceView::~SliceView() = default;

int SliceView::sliceCount() const { return volume_ ? volume_->dimensions[2] : 0; }

void SliceView::clear() {
  volume_.reset();
  reference_line_.reset();
  presentation_.reset();
  annotations_.clear();
  turn_ = {};
  probe_.reset();
  measurements_.clear();
  angles_.clear();
  angle_clicks_.clear();
  invalidateFrame();
}

void SliceView::setVolume(std::shared_ptr<const imaging::Volume> volume, const QString& label) {
  volume_ = std::move(volume);
  label_ = label;
  probe_.reset();
  measurements_.clear();
  drawing_.reset();
  angles_.clear();
  angle_clicks_.clear();
  annotations_.clear();
  turn_ = {};
  reference_line_.reset();
  presentation_.reset();
  if (!volume_) return clear();
  const auto& v = *volume_;
  // VTK shows the volume in image space (x = column, y = row, z = slice, mm spacing); patient
  // orientation is drawn as letters, so oblique series still appear as acquired.
  values_ = vtkSmartPointer<vtkFloatArray>::New();
  values_->SetNumberOfComponents(v.samples_per_pixel);
  // The volume is shared and outlives this array; VTK must not free it (save = 1).
  values_->SetArray(const_cast<float*>(v.values.data()), static_cast<vtkIdType>(v.values.size()), 1);
  inverted_colours_ = nullptr;
  image_data_->SetDimensions(v.dimensions[0], v.dimensions[1], v.dimensions[2]);
  image_data_->SetSpacing(v.spacing[0], v.spacing[1], v.spacing[2]);
  image_data_->SetOrigin(0.0, 0.0, 0.0);
  image_data_->GetPointData()->SetScalars(values_);
  image_data_->Modified();
  mapper_->Modified();
  window_ = v.samples_per_pixel == 1 ? v.default_window : imaging::Window{127.5, 256.0};
  // As in scanshare render: a file whose first preset is a VOI LUT is shown through it.
  lut_ = v.samples_per_pixel == 1 && !v.presets.empty() ? v.presets.front().lut : nullptr;
  invert_ = false;
  slice_ = v.dimensions[2] / 2;
  mapper_->SetSliceNumber(slice_);
  applyWindowToVtk();
  fit();
  emit sliceChanged(slice_, sliceCount());
  emit windowChanged(window_);
}

void SliceView::setSlice(int index) {
  if (!volume_) return;
  index = std::clamp(index, 0, sliceCount() - 1);
  if (index == slice_) return;
  slice_ = index;
  mapper_->SetSliceNumber(slice_);
  invalidateFrame();
  emit sliceChanged(slice_, sliceCount());
}

void SliceView::setVoiLut(std::shared_ptr<const imaging::VoiLut> lut) {
  if (!volume_ || volume_->samples_per_pixel != 1) return;
  lut_ = std::move(lut);
  applyWindowToVtk();
  invalidateFrame();
  emit voiLutChanged();
}

void SliceView::setWindow(const imaging::Window& window) {
  window_ = {window.center, std::max(1.0, window.width)};
  lut_.reset();
  applyWindowToVtk();
  invalidateFrame();
  emit windowChanged(window_);
}

void SliceView::setInvert(bool invert) {
  invert_ = invert;
  applyWindowToVtk();
  invalidateFrame();
}

void SliceView::applyWindowToVtk() {
  if (volume_ && volume_->samples_per_pixel > 1) {
    // Colour: a lookup table maps the first sample only, so an inverted colour image came out as
    // a grey picture of its red channel (found 2026-12-06: series=2;invert on an RGB image). The
    // samples are inverted instead (255 - v, the range the colour window assumes) and the window
    // mirrored with them, so each channel shows 1 - (what it showed).
    vtkFloatArray* shown = values_;
    imaging::Window look = window_;
    if (invert_) {
      if (!inverted_colours_) {
        inverted_colours_ = vtkSmartPointer<vtkFloatArray>::New();
        inverted_colours_->SetNumberOfComponents(volume_->samples_per_pixel);
        inverted_colours_->SetNumberOfTuples(values_->GetNumberOfTuples());
        float* out = inverted_colours_->GetPointer(0);
        const auto& in = volume_->values;
        for (std::size_t i = 0; i < in.size(); ++i) out[i] = kColourMaximum - in[i];
      }
      shown = inverted_colours_;
      look.center = kColourMaximum - window_.center;
    }
    if (image_data_->GetPointData()->GetScalars() != shown) {
      image_data_->GetPointData()->SetScalars(shown);
      image_data_->Modified();
      mapper_->Modified();
    }
    applyGreyLook(*image_slice_->GetProperty(), look, nullptr, false);
    return;
  }
  // MONOCHROME1 is inverted by default.
  const bool inverted = invert_ != (volume_ && volume_->monochrome1);
  applyGreyLook(*image_slice_->GetProperty(), window_, lut_.get(), inverted);
}

QString SliceView::windowText() const {
  // A VOI LUT is not a linear window: naming the last linear window over it showed numbers that
  // had nothing to do with the picture (found 2026-12-06 on a series whose first preset is a LUT).
  if (lut_) return tr("VOI LUT %1").arg(QString::fromStdString(lut_->explanation)).trimmed();
  return tr("W %1  L %2").arg(window_.width, 0, 'f', 0).arg(window_.center, 0, 'f', 0);
}

void SliceView::fit() {
  zoom_ = 1.0;
  pan_mm_ = {};
  invalidateFrame();
}

void SliceView::oneToOne() {
  if (!volume_ || height() <= 0) return;
  // One image pixel per screen pixel: world height of the view = widget height * row spacing.
  const double fit_scale = worldPerScreenPixel() * zoom_;
  zoom_ = fit_scale / volume_->spacing[1];
  invalidateFrame();
}

void SliceView::zoomBy(double factor) {
  zoom_ = std::clamp(zoom_ * factor, 0.05, 50.0);
  invalidateFrame();
}

void SliceView::panBy(const QPointF& screen_delta) {
  pan_mm_ -= turn_.toImage(screen_delta) * worldPerScreenPixel();
  invalidateFrame();
}

bool SliceView::canMeasure() const { return volume_ && volume_->has_pixel_spacing; }

void SliceView::clearMeasurements() {
  measurements_.clear();
  annotations_.clear();
  angles_.clear();
  angle_clicks_.clear();
  update();
}

void SliceView::removeLastMeasurement() {
  // An angle being drawn goes first, then the newest finished measurement of either kind.
  if (!angle_clicks_.empty()) angle_clicks_.clear();
  else if (!angles_.empty() && (measurements_.empty() || tool_ == Tool::Angle)) angles_.pop_back();
  else if (!measurements_.empty()) measurements_.pop_back();
  else if (!angles_.empty()) angles_.pop_back();
  update();
}

void SliceView::setTool(Tool tool) {
  tool_ = tool;
  angle_clicks_.clear();
  drawing_.reset();
  sketch_.reset();
  update();
}

double SliceView::addAngle(const QPointF& end_a, const QPointF& vertex, const QPointF& end_c) {
  if (!canMeasure()) return -1.0;
  const Angle angle{end_a, vertex, end_c};
  const auto degrees = angleDegrees(angle);
  if (!degrees) return -1.0;
  angles_.push_back(angle);
  update();
  return *degrees;
}

double SliceView::worldPerScreenPixel() const {
  if (!volume_ || width() <= 0 || height() <= 0) return 1.0;
  double w_mm = volume_->dimensions[0] * volume_->spacing[0];
  double h_mm = volume_->dimensions[1] * volume_->spacing[1];
  if (turn_.swapsAxes()) std::swap(w_mm, h_mm);
  const double fit = std::max(w_mm / width(), h_mm / height()) * 1.02;  // small margin
  return fit / zoom_;
}

QPointF SliceView::imageCentreMm() const {
  const auto& v = *volume_;
  return {(v.dimensions[0] - 1) * v.spacing[0] / 2.0 + pan_mm_.x(), (v.dimensions[1] - 1) * v.spacing[1] / 2.0 + pan_mm_.y()};
}

QPointF SliceView::imageToScreen(const QPointF& image) const {
  const double wpp = worldPerScreenPixel();
  const auto& v = *volume_;
  const QPointF offset = (QPointF(image.x() * v.spacing[0], image.y() * v.spacing[1]) - imageCentreMm()) / wpp;
  return QPointF(width() / 2.0, height() / 2.0) + turn_.toScreen(offset);
}

QPointF SliceView::screenToImage(const QPointF& screen) const {
  const double wpp = worldPerScreenPixel();
  const auto& v = *volume_;
  const QPointF mm = turn_.toImage(screen - QPointF(width() / 2.0, height() / 2.0)) * wpp + imageCentreMm();
  return {mm.x() / v.spacing[0], mm.y() / v.spacing[1]};
}

QRectF SliceView::imageRect() const {
  if (!volume_) return {};
  const QPointF a = imageToScreen({-0.5, -0.5});
  const QPointF b = imageToScreen({volume_->dimensions[0] - 0.5, volume_->dimensions[1] - 0.5});
  return QRectF(a, b).normalized();
}

void SliceView::updateCamera() {
  const auto& v = *volume_;
  vtkCamera* camera = renderer_->GetActiveCamera();
  const QPointF c = imageCentreMm();
  const double z = slice_ * v.spacing[2];
  // Unturned: looking along +z with -y up puts row 0 at the top and column 0 on the left, as DICOM
  // shows it. Turned: the image direction that lies up on the screen is the view-up, and a mirrored
  // picture is seen from the other side of the slice (looking along -z).
  const QPointF up = turn_.toImage({0.0, -1.0});
  const double look = turn_.mirrored ? -1.0 : 1.0;
  camera->SetFocalPoint(c.x(), c.y(), z);
  camera->SetPosition(c.x(), c.y(), z - 1000.0 * look);
  camera->SetViewUp(up.x(), up.y(), 0.0);
  camera->SetParallelScale(worldPerScreenPixel() * height() / 2.0);
  renderer_->ResetCameraClippingRange();
}

void SliceView::rotate(int degrees) {
  turn_ = turn_.rotated(degrees);
  invalidateFrame();
}

void SliceView::showArea(const QRectF& box, std::optional<double> screen_pixels_per_image_pixel, bool true_size) {
  if (!volume_ || width() <= 0 || height() <= 0 || box.isEmpty()) return;
  const auto& v = *volume_;
  double w_mm = box.width() * v.spacing[0], h_mm = box.height() * v.spacing[1];
  if (turn_.swapsAxes()) std::swap(w_mm, h_mm);
  // Millimetres per screen pixel wanted; fitting keeps the small margin fit() has.
  double wanted = std::max(w_mm / width(), h_mm / height()) * 1.02;
  if (screen_pixels_per_image_pixel) wanted = v.spacing[0] / *screen_pixels_per_image_pixel;
  if (true_size) wanted = 25.4 / logicalDpiX();
  zoom_ = 1.0;
  zoom_ = std::clamp(worldPerScreenPixel() / wanted, 0.05, 50.0);
  const QPointF centre = box.center();
  pan_mm_ = {(centre.x() - (v.dimensions[0] - 1) / 2.0) * v.spacing[0], (centre.y() - (v.dimensions[1] - 1) / 2.0) * v.spacing[1]};
  invalidateFrame();
}

void SliceView::flipHorizontally() {
  turn_ = turn_.flippedHorizontally();
  invalidateFrame();
}

void SliceView::flipVertically() {
  turn_ = turn_.flippedVertically();
  invalidateFrame();
}

QStringList SliceView::orientationLetters() const {
  if (!volume_ || !volume_->has_geometry) return {QString(), QString(), QString(), QString()};
  const auto& d = volume_->direction;
  // The image direction that lies towards each side of the screen, in patient coordinates.
  auto side = [&](const QPointF& screen) {
    const QPointF i = turn_.toImage(screen);
    const std::array<double, 3> p{i.x() * d[0] + i.y() * d[3], i.x() * d[1] + i.y() * d[4], i.x() * d[2] + i.y() * d[5]};
    return QString::fromStdString(::orientationLetters(p));
  };
  return {side({-1, 0}), side({0, -1}), side({1, 0}), side({0, 1})};
}

void SliceView::setPresentation(std::optional<ViewPresentation> presentation) {
  presentation_ = std::move(presentation);
  update();
}

void SliceView::setReferenceLine(const std::optional<QLineF>& line) {
  if (line == reference_line_) return;
  reference_line_ = line;
  update();
}

QImage SliceView::picture(bool with_annotations) {
  hide_annotations_ = !with_annotations;
  grabbing_picture_ = true;
  QImage image = grab().toImage().convertToFormat(QImage::Format_RGB32);
  grabbing_picture_ = false;
  hide_annotations_ = false;
  return image;
}

void SliceView::prepareRender(int, int) { updateCamera(); }

void SliceView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  if (!volume_) {
    painter.fillRect(rect(), Qt::black);
    painter.setPen(QColor(160, 160, 160));
    painter.drawText(rect(), Qt::AlignCenter, empty_text_);
    drawHighlight(painter);
    return;
  }
  drawFrame(painter);
  drawImageOverlay(painter);
  if (presentation_)
    drawPresentation(painter, *presentation_, volume_->dimensions[0], volume_->dimensions[1],
                     [this](const QPointF& p) { return imageToScreen(p); });
  drawOverlays(painter);
  drawHighlight(painter, grabbing_picture_);
  if (!first_shown_) {
    first_shown_ = true;
    emit firstImageShown();
  }
}

double SliceView::lengthMm(const Measurement& m) const {
  return imaging::distanceMm({m.a.x(), m.a.y()}, {m.b.x(), m.b.y()}, {volume_->spacing[0], volume_->spacing[1]});
}

std::optional<double> SliceView::angleDegrees(const Angle& angle) const {
  return imaging::angleDegrees({angle.a.x(), angle.a.y()}, {angle.vertex.x(), angle.vertex.y()}, {angle.c.x(), angle.c.y()},
                               {volume_->spacing[0], volume_->spacing[1]});
}

void SliceView::setShowImageOverlays(bool show) {
  show_image_overlays_ = show;
  update();
}

void SliceView::drawImageOverlay(QPainter& painter) {
  if (!show_image_overlays_) return;
  const QImage overlay = overlayImage(*volume_, slice_);
  if (overlay.isNull()) return;
  // Nearest neighbour: an overlay is a bitmap, its edges stay sharp when zoomed.
  painter.save();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  // Image pixel coordinates to the widget, rotation and flip included.
  const QPointF o = imageToScreen({0, 0}), ex = imageToScreen({1, 0}) - o, ey = imageToScreen({0, 1}) - o;
  painter.setTransform(QTransform(ex.x(), ex.y(), ey.x(), ey.y(), o.x(), o.y()), true);
  painter.drawImage(QRectF(-0.5, -0.5, volume_->dimensions[0], volume_->dimensions[1]), overlay);
  painter.restore();
}

void SliceView::drawOverlays(QPainter& painter) {
  const auto& v = *volume_;
  painter.setRenderHint(QPainter::Antialiasing);
  QFont font = painter.font();
  font.setPointSizeF(10);
  painter.setFont(font);
  const QFontMetrics metrics(font);
  const int line = metrics.height();
  auto text = [&](int x, int y, const QString& s, Qt::Alignment align) {
    const QRect box = align & Qt::AlignRight ? QRect(x - 400, y, 400, line) : QRect(x, y, 400, line);
    painter.setPen(QColor(0, 0, 0, 200));
    painter.drawText(box.translated(1, 1), static_cast<int>(align | Qt::AlignVCenter), s);
    painter.setPen(QColor(255, 230, 120));
    painter.drawText(box, static_cast<int>(align | Qt::AlignVCenter), s);
  };
  // Corner text: never the patient's identity, only what describes the picture.
  text(8, 6, label_, Qt::AlignLeft);
  text(8, 6 + line, tr("Slice %1/%2").arg(slice_ + 1).arg(v.dimensions[2]), Qt::AlignLeft);
  if (v.has_geometry) {
    const double position = v.slices[static_cast<std::size_t>(slice_)].position;
    text(8, 6 + 2 * line, tr("Position %1 mm").arg(position, 0, 'f', 1), Qt::AlignLeft);
    text(8, 6 + 3 * line, tr("Spacing %1 mm").arg(v.spacing[2], 0, 'f', 2), Qt::AlignLeft);
  }
  text(width() - 8, 6, windowText(), Qt::AlignRight);
  const double on_screen = v.spacing[0] / worldPerScreenPixel();
  text(width() - 8, 6 + line, tr("Zoom %1%").arg(on_screen * 100.0, 0, 'f', 0), Qt::AlignRight);
  if (invert_) text(width() - 8, 6 + 2 * line, tr("Inverted"), Qt::AlignRight);
  const QString probe = probeText();
  if (!probe.isEmpty()) text(width() - 8, height() - 6 - line, probe, Qt::AlignRight);

  if (v.has_geometry) {
    const QStringList letters = orientationLetters();
    QFont bold = font;
    bold.setBold(true);
    bold.setPointSizeF(12);
    painter.setFont(bold);
    const QRect r = rect().adjusted(6, 6, -6, -6);
    // With a shadow like the corner text: readable on an inverted (white) ground too.
    for (const bool shadow : {true, false}) {
      painter.setPen(shadow ? QColor(0, 0, 0, 200) : QColor(120, 220, 255));
      const QRect at = shadow ? r.translated(1, 1) : r;
      painter.drawText(at, Qt::AlignLeft | Qt::AlignVCenter, letters[0]);
      painter.drawText(at, Qt::AlignHCenter | Qt::AlignTop, letters[1]);
      painter.drawText(at, Qt::AlignRight | Qt::AlignVCenter, letters[2]);
      painter.drawText(at, Qt::AlignHCenter | Qt::AlignBottom, letters[3]);
    }
    painter.setFont(font);
  }

  if (v.has_pixel_spacing) {
    // Scale bar at the bottom left: a round length of at most a quarter of the view.
    const double mm_per_pixel = worldPerScreenPixel();
    const double length_mm = niceScaleLength(width() / 4.0 * mm_per_pixel);
    const double length_px = length_mm / mm_per_pixel;
    const int y = height() - 14;
    painter.setPen(QPen(QColor(255, 230, 120), 2));
    painter.drawLine(QPointF(10, y), QPointF(10 + length_px, y));
    painter.drawLine(QPointF(10, y - 4), QPointF(10, y + 4));
    painter.drawLine(QPointF(10 + length_px, y - 4), QPointF(10 + length_px, y + 4));
    text(10, y - line - 4, tr("%1 mm").arg(length_mm), Qt::AlignLeft);
  }

  auto drawMeasurement = [&](const Measurement& m) {
    const QPointF a = imageToScreen(m.a), b = imageToScreen(m.b);
    painter.setPen(QPen(QColor(80, 255, 120), 2));
    painter.drawLine(a, b);
    painter.drawEllipse(a, 3, 3);
    painter.drawEllipse(b, 3, 3);
    text(static_cast<int>(b.x()) + 6, static_cast<int>(b.y()) - line / 2, tr("%1 mm").arg(lengthMm(m), 0, 'f', 1),
         Qt::AlignLeft);
  };
  if (reference_line_) {
    painter.setPen(QPen(QColor(255, 220, 0), 2));
    painter.drawLine(imageToScreen(reference_line_->p1()), imageToScreen(reference_line_->p2()));
  }
  if (hide_annotations_) return;
  drawAnnotations(painter, annotations_, v, slice_, [this](const QPointF& p) { return imageToScreen(p); });
  if (sketch_) drawAnnotations(painter, sketchAnnotations(), v, slice_, [this](const QPointF& p) { return imageToScreen(p); });
  for (const auto& m : measurements_) drawMeasurement(m);
  if (drawing_) drawMeasurement(*drawing_);

  auto drawAngle = [&](const QPointF& a, const QPointF& vertex, const std::optional<QPointF>& c) {
    const QPointF sa = imageToScreen(a), sv = imageToScreen(vertex);
    painter.setPen(QPen(QColor(255, 140, 220), 2));
    painter.drawLine(sv, sa);
    painter.drawEllipse(sa, 3, 3);
    painter.drawEllipse(sv, 3, 3);
    if (!c) return;
    const QPointF sc = imageToScreen(*c);
    painter.drawLine(sv, sc);
    painter.drawEllipse(sc, 3, 3);
    if (const auto degrees = angleDegrees({a, vertex, *c}))
      text(static_cast<int>(sv.x()) + 8, static_cast<int>(sv.y()) + 4, tr("%1\u00B0").arg(*degrees, 0, 'f', 1), Qt::AlignLeft);
  };
  for (const auto& angle : angles_) drawAngle(angle.a, angle.vertex, angle.c);
  if (angle_clicks_.size() == 1) drawAngle(angle_clicks_[0], angle_hover_, std::nullopt);
  if (angle_clicks_.size() == 2) drawAngle(angle_clicks_[0], angle_clicks_[1], angle_hover_);
}

void SliceView::wheelEvent(QWheelEvent* event) {
  const int steps = event->angleDelta().y() / 120;
  if (event->modifiers() & Qt::ControlModifier) zoomBy(std::pow(1.15, steps));
  else setSlice(slice_ - steps);
  event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Up: case Qt::Key_Left: setSlice(slice_ - 1); break;
    case Qt::Key_Down: case Qt::Key_Right: setSlice(slice_ + 1); break;
    case Qt::Key_PageUp: setSlice(slice_ - 10); break;
    case Qt::Key_PageDown: setSlice(slice_ + 10); break;
    case Qt::Key_Home: setSlice(0); break;
    case Qt::Key_End: setSlice(sliceCount() - 1); break;
    case Qt::Key_Plus: case Qt::Key_Equal: zoomBy(1.25); break;
    case Qt::Key_Minus: zoomBy(0.8); break;
    case Qt::Key_Backspace: removeLastMeasurement(); break;
    case Qt::Key_Escape: angle_clicks_.clear(); update(); break;
    default: QWidget::keyPressEvent(event); return;
  }
  event->accept();
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  emit activated();
  if (!volume_) return;
  drag_start_ = event->position();
  if (event->button() == Qt::RightButton) {
    drag_ = Drag::WindowLevel;
    drag_window_ = window_;
  } else if (event->button() == Qt::LeftButton && tool_ == Tool::Angle && canMeasure()) {
    const QPointF p = screenToImage(event->position());
    angle_hover_ = p;
    if (angle_clicks_.size() < 2) {
      angle_clicks_.push_back(p);
    } else {
      addAngle(angle_clicks_[0], angle_clicks_[1], p);  // a degenerate angle is dropped
      angle_clicks_.clear();
    }
    update();
  } else if (event->button() == Qt::LeftButton && tool_ == Tool::Length && canMeasure()) {
    drag_ = Drag::Measure;
    const QPointF p = screenToImage(event->position());
    drawing_ = Measurement{p, p};
  } else if (event->button() == Qt::LeftButton && pressDrawingTool(event->position())) {
  } else if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) {
    drag_ = Drag::Pan;
    drag_pan_ = pan_mm_;
  }
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  if (!volume_) return;
  const QPointF pixel = screenToImage(event->position());
  const QPoint under(static_cast<int>(std::lround(pixel.x())), static_cast<int>(std::lround(pixel.y())));
  const bool inside = under.x() >= 0 && under.y() >= 0 && under.x() < volume_->dimensions[0] && under.y() < volume_->dimensions[1];
  const std::optional<QPoint> probe = inside ? std::optional<QPoint>(under) : std::nullopt;
  if (probe != probe_) {
    probe_ = probe;
    update();
  }
  if (!angle_clicks_.empty()) {
    angle_hover_ = screenToImage(event->position());
    update();
  }
  const QPointF delta = event->position() - drag_start_;
  switch (drag_) {
    case Drag::WindowLevel: {
      // Right/left changes width, down/up changes level; the rate follows the current width.
      const double rate = std::max(1.0, drag_window_.width) / 300.0;
      setWindow({drag_window_.center + delta.y() * rate, std::max(1.0, drag_window_.width + delta.x() * rate * 2.0)});
      break;
    }
    case Drag::Pan:
      pan_mm_ = drag_pan_ - turn_.toImage(delta) * worldPerScreenPixel();
      invalidateFrame();
      break;
    case Drag::Measure:
      drawing_->b = screenToImage(event->position());
      update();
      break;
    case Drag::Sketch:
      sketch_->second = screenToImage(event->position());
      update();
      break;
    case Drag::None: break;
  }
}

void SliceView::leaveEvent(QEvent* event) {
  if (probe_) {
    probe_.reset();
    update();
  }
  OffscreenVtkWidget::leaveEvent(event);
}

void SliceView::moveMouseToPixel(double column, double row) {
  if (!volume_) return;
  const QPointF at = imageToScreen({column, row});
  QMouseEvent move(QEvent::MouseMove, at, mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(this, &move);
}

QString SliceView::probeText() const {
  if (!volume_ || !probe_) return {};
  const auto& v = *volume_;
  const std::size_t at = v.sliceSize() * static_cast<std::size_t>(slice_) +
                         (static_cast<std::size_t>(probe_->y()) * v.dimensions[0] + probe_->x()) * v.samples_per_pixel;
  QStringList samples;
  for (int c = 0; c < v.samples_per_pixel; ++c) samples << QString::number(v.values[at + c], 'g', 6);
  QString text = samples.join(' ');
  if (!v.value_unit.empty()) text += ' ' + QString::fromStdString(v.value_unit);
  return tr("%1 at %2, %3").arg(text).arg(probe_->x()).arg(probe_->y());
}

void SliceView::mouseReleaseEvent(QMouseEvent*) {
  if (drag_ == Drag::Sketch && sketch_) {
    const auto sketch = sketchAnnotations();
    for (const auto& r : sketch.regions) annotations_.regions.push_back(r);
    for (const auto& a : sketch.arrows) annotations_.arrows.push_back(a);
    sketch_.reset();
    update();
  }
  if (drag_ == Drag::Measure && drawing_) {
    if (lengthMm(*drawing_) > 0.0) measurements_.push_back(*drawing_);
    drawing_.reset();
    update();
  }
  drag_ = Drag::None;
}
