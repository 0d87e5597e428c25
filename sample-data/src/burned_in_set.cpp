#include "burned_in_set.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "text_raster.h"

namespace imaging::sample {
namespace {

enum class Ground { Black, Speckle, Gradient, Paper, LightGradient, Sector, MidGrey };
enum class Place { TopLeft, TopRight, BottomLeft, BottomRight, Centre };

struct Patient {
  const char* dicom_name;
  const char* shown_name;
  const char* id;
  const char* birth;      // YYYYMMDD
  const char* shown_birth;
};

const std::array<Patient, 6> kPatients{{
    {"BRANDT^OLIVIA", "BRANDT, OLIVIA", "QX7730152", "19810927", "DOB 27.09.1981"},
    {"FRANKE^ROSALIN", "FRANKE ROSALIN", "FR-3390127", "19750412", "BORN 1975-04-12"},
    {"OKAFOR^CHIDI", "OKAFOR CHIDI", "MRN 55102934", "19620130", "01/30/1962"},
    {"LINDQVIST^MAJA", "LINDQVIST, MAJA", "ZK4471029", "20010805", "DOB: 05.08.2001"},
    {"MORETTI^GIULIA", "MORETTI G", "PID 8830-1177", "19890316", "16-03-1989"},
    {"NAKAMURA^KENJI", "NAKAMURA KENJI", "JP0099214", "19550723", "DOB 23/07/1955"},
}};

const std::array<Rgb, 5> kLightInks{{{255, 255, 255}, {255, 255, 80}, {80, 255, 80}, {170, 170, 170}, {255, 160, 40}}};
const std::array<Rgb, 3> kDarkInks{{{20, 20, 20}, {20, 30, 110}, {70, 70, 70}}};

struct Spec {
  Ground ground = Ground::Black;
  Place place = Place::TopLeft;
  Rgb ink;
  TextLook look;
  int patient = 0;
  int size = 256;  // width; height is 256 (or as the text needs)
  bool mono = false;
  bool jpeg = false;
  int frames = 1, text_frame = 0;
  bool shadow = false;    // a dark drop shadow one pixel below right (ultrasound overlays)
  bool label = false;     // the text on a light label box
  bool one_line = false;  // name, ID and birth date on one line
  std::string name;
};

std::uint8_t clamp8(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

void speckle(RgbImage& image, int x0, int y0, int x1, int y1, std::mt19937& random) {
  std::exponential_distribution<double> spot(1.0);
  for (int y = std::max(0, y0); y < std::min(image.height, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(image.width, x1); ++x) {
      const std::uint8_t v = clamp8(std::min(170.0, 50.0 * spot(random)));
      image.set(x, y, {v, v, v});
    }
}

// The ground, before text; text_box: where the text block will be (speckle goes behind it only).
void paintGround(RgbImage& image, Ground ground, const std::array<int, 4>& text_box, std::mt19937& random) {
  std::uniform_int_distribution<int> grain(-7, 7);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      double v = 0;
      if (ground == Ground::Gradient) v = 15.0 + 100.0 * x / image.width + 30.0 * y / image.height;
      if (ground == Ground::LightGradient) v = 245.0 - 70.0 * x / image.width - 20.0 * y / image.height;
      if (ground == Ground::Paper) v = (y % 26 == 25 ? 205 : 232) + grain(random);
      if (ground == Ground::MidGrey) v = 128 + grain(random) / 2;
      const std::uint8_t g = clamp8(v);
      image.set(x, y, {g, g, g});
    }
  if (ground == Ground::Speckle) speckle(image, text_box[0] - 20, text_box[1] - 16, text_box[2] + 20, text_box[3] + 16, random);
  if (ground == Ground::Sector) {
    // An ultrasound sector below the text band.
    std::exponential_distribution<double> spot(1.0);
    const double ax = image.width / 2.0, ay = image.height * 0.3, radius = image.height * 0.68;
    for (int y = static_cast<int>(ay); y < image.height; ++y)
      for (int x = 0; x < image.width; ++x) {
        const double dx = x - ax, dy = y - ay, r = std::hypot(dx, dy);
        if (r > radius || std::abs(std::atan2(dx, dy)) > 0.6) continue;
        const std::uint8_t v = clamp8(std::min(180.0, 70.0 * (1.0 - 0.5 * r / radius) * spot(random)));
        image.set(x, y, {v, v, v});
      }
  }
}

TruthLine truthOf(const std::vector<std::uint8_t>& mask, int width, int frame) {
  TruthLine line;
  line.frame = frame;
  int x0 = width, y0 = 1 << 30, x1 = -1, y1 = -1;
  for (std::size_t i = 0; i < mask.size(); ++i)
    if (mask[i]) {
      line.glyph.push_back(static_cast<std::uint32_t>(i));
      const int x = static_cast<int>(i % static_cast<std::size_t>(width)), y = static_cast<int>(i / static_cast<std::size_t>(width));
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  if (x1 >= 0) line.x = x0, line.y = y0, line.width = x1 - x0 + 1, line.height = y1 - y0 + 1;
  return line;
}

BurnedInImage make(const Spec& spec) {
  const Patient& patient = kPatients[static_cast<std::size_t>(spec.patient) % kPatients.size()];
  std::vector<std::string> texts{patient.shown_name, std::string(patient.id).find(' ') == std::string::npos
                                                          ? std::string("ID ") + patient.id
                                                          : std::string(patient.id),
                                  patient.shown_birth};
  if (spec.one_line) texts = {texts[0] + "  " + texts[1] + "  " + texts[2]};
  const double cap = spec.look.cap_height, step = std::round(cap * 1.7 + 4);
  double block_w = 0;
  for (const auto& t : texts) block_w = std::max(block_w, textLineWidth(t, cap, spec.look.spacing) + std::abs(spec.look.slant) * cap);
  const double block_h = step * static_cast<double>(texts.size() - 1) + cap;
  const double tilt = std::abs(std::sin(spec.look.angle * 3.14159265358979 / 180.0)) * block_w;
  const int margin = 10 + static_cast<int>(std::ceil(tilt));
  const int width = std::max(spec.size, static_cast<int>(block_w) + 2 * margin + 4);
  const int height = std::max(256, static_cast<int>(block_h) + 2 * margin + 40);
  double bx = margin, by = margin + (spec.look.angle > 0 ? tilt : 0);
  if (spec.place == Place::TopRight || spec.place == Place::BottomRight) bx = width - margin - block_w;
  if (spec.place == Place::BottomLeft || spec.place == Place::BottomRight) by = height - margin - block_h - (spec.look.angle < 0 ? tilt : 0);
  if (spec.place == Place::Centre) bx = (width - block_w) / 2, by = (height - block_h) / 2;

  BurnedInImage image;
  image.name = spec.name;
  image.width = width;
  image.height = height;
  image.colour = !spec.mono;
  image.jpeg = spec.jpeg;
  image.modality = spec.ground == Ground::Sector ? "US" : "OT";
  image.identifiers = {patient.dicom_name, std::string(patient.id).substr(std::string(patient.id).find(' ') + 1), patient.birth};
  std::mt19937 random(static_cast<std::uint32_t>(std::hash<std::string>{}(spec.name) & 0xffffffu));
  const std::array<int, 4> text_box{static_cast<int>(bx), static_cast<int>(by - tilt), static_cast<int>(bx + block_w),
                                    static_cast<int>(by + block_h + tilt)};
  for (int f = 0; f < spec.frames; ++f) {
    RgbImage canvas(width, height);
    std::mt19937 frame_random(random());
    paintGround(canvas, spec.ground, text_box, frame_random);
    if (spec.ground == Ground::Sector) {
      // Orientation letter and a depth mark: harmless, must stay.
      for (const char* mark : {"R", "5"}) {
        std::vector<std::uint8_t> mask(static_cast<std::size_t>(width) * height, 0);
        TextLook plain;
        plain.cap_height = 12;
        plain.smooth = false;
        drawTextLine(canvas, mask, width - 24, mark[0] == 'R' ? height * 0.35 : height * 0.7, mark, plain, {200, 200, 200});
        if (f == spec.text_frame) image.marks.push_back(truthOf(mask, width, f));
      }
    }
    if (f == spec.text_frame && spec.label)
      for (int y = text_box[1] - 6; y < text_box[3] + 6; ++y)
        for (int x = text_box[0] - 6; x < text_box[2] + 6; ++x) canvas.set(x, y, {200, 200, 200});
    if (f == spec.text_frame)
      for (std::size_t k = 0; k < texts.size(); ++k) {
        std::vector<std::uint8_t> mask(static_cast<std::size_t>(width) * height, 0);
        // Rotation turns the block about its top-left corner: each line starts further along.
        const double a = spec.look.angle * 3.14159265358979 / 180.0;
        const double lx = bx + std::sin(a) * step * k, ly = by + std::cos(a) * step * k;
        if (spec.shadow) {
          std::vector<std::uint8_t> shade(mask.size(), 0);
          drawTextLine(canvas, shade, lx + 1, ly + 1, texts[k], spec.look, {0, 0, 0});
        }
        drawTextLine(canvas, mask, lx, ly, texts[k], spec.look, spec.ink);
        image.identifying.push_back(truthOf(mask, width, f));
      }
    image.frames.push_back(std::move(canvas.rgb));
  }
  if (spec.mono)
    for (auto& frame : image.frames)
      for (std::size_t i = 0; i < frame.size(); i += 3) frame[i + 1] = frame[i + 2] = frame[i];
  return image;
}

TextLook look(double cap, int style, double angle) {
  TextLook l;
  l.cap_height = cap;
  l.angle = angle;
  switch (style % 6) {
    case 0: l.smooth = false; break;                   // console font, hard edges
    case 1: break;                                     // anti-aliased
    case 2: l.weight = 1.35; break;                    // bold
    case 3: l.weight = 0.7; break;                     // thin
    case 4: l.slant = 0.22; break;                     // slanted
    case 5: l.dotted = cap >= 13; l.smooth = !l.dotted; break;  // dot matrix where dots can be seen
  }
  return l;
}

const char* placeName(Place p) {
  switch (p) {
    case Place::TopLeft: return "tl";
    case Place::TopRight: return "tr";
    case Place::BottomLeft: return "bl";
    case Place::BottomRight: return "br";
    case Place::Centre: return "c";
  }
  return "";
}

const char* groundName(Ground g) {
  switch (g) {
    case Ground::Black: return "black";
    case Ground::Speckle: return "speckle";
    case Ground::Gradient: return "gradient";
    case Ground::Paper: return "paper";
    case Ground::LightGradient: return "lightgrad";
    case Ground::Sector: return "us";
    case Ground::MidGrey: return "midgrey";
  }
  return "";
}

}  // namespace

std::vector<BurnedInImage> burnedInSet() {
  const std::array<double, 7> sizes{9, 11, 13, 16, 20, 26, 12};
  const std::array<double, 7> angles{0, 2, 0, -3, 5, 0, -5};
  const std::array<const char*, 5> colours{"white", "yellow", "green", "grey", "orange"};
  std::vector<Spec> specs;
  // Light on dark: 30 images over black, speckle and gradient.
  for (int i = 0; i < 30; ++i) {
    Spec s;
    s.ground = std::array<Ground, 3>{Ground::Black, Ground::Speckle, Ground::Gradient}[static_cast<std::size_t>(i % 3)];
    s.place = static_cast<Place>((i / 3) % 5);
    s.ink = kLightInks[static_cast<std::size_t>(i % 5)];
    s.look = look(sizes[static_cast<std::size_t>(i % 7)], i % 6, angles[static_cast<std::size_t>((i / 2) % 7)]);
    s.patient = i;
    s.mono = i % 5 == 3 && i % 2 == 0;  // some grey text in MONOCHROME2
    s.name = "light-" + std::to_string(i) + "-" + colours[static_cast<std::size_t>(i % 5)] + "-" + groundName(s.ground) + "-" +
             placeName(s.place) + "-" + std::to_string(static_cast<int>(s.look.cap_height));
    specs.push_back(s);
  }
  // Dark on light: 10 images on paper and a light gradient (scanned forms, screenshots).
  for (int i = 0; i < 10; ++i) {
    Spec s;
    s.ground = i % 2 == 0 ? Ground::Paper : Ground::LightGradient;
    s.place = static_cast<Place>((i + 2) % 5);
    s.ink = kDarkInks[static_cast<std::size_t>(i % 3)];
    s.look = look(sizes[static_cast<std::size_t>((i + 3) % 7)], i % 6, angles[static_cast<std::size_t>((i + 1) % 7)]);
    s.patient = i + 2;
    s.mono = i % 3 == 0;
    s.name = "dark-" + std::to_string(i) + "-" + groundName(s.ground) + "-" + placeName(s.place) + "-" +
             std::to_string(static_cast<int>(s.look.cap_height));
    specs.push_back(s);
  }
  // JPEG-compressed ultrasound: text over black above a speckle sector, marks beside it.
  for (int i = 0; i < 4; ++i) {
    Spec s;
    s.ground = Ground::Sector;
    s.place = i % 2 == 0 ? Place::TopLeft : Place::TopRight;
    s.ink = kLightInks[static_cast<std::size_t>((i * 2) % 5)];
    s.look = look(std::array<double, 4>{11, 14, 18, 10}[static_cast<std::size_t>(i)], i, i == 3 ? 2.0 : 0.0);
    s.patient = i + 1;
    s.mono = i % 2 == 1;
    s.jpeg = true;
    s.name = "us-jpeg-" + std::to_string(i);
    specs.push_back(s);
  }
  // Cine: the text appears in one later frame only.
  for (int i = 0; i < 2; ++i) {
    Spec s;
    s.ground = Ground::Sector;
    s.place = Place::TopLeft;
    s.ink = kLightInks[static_cast<std::size_t>(i + 1)];
    s.look = look(i == 0 ? 12 : 16, 1, 0);
    s.patient = i + 4;
    s.mono = i == 0;
    s.frames = i == 0 ? 4 : 12;
    s.text_frame = i == 0 ? 2 : 7;
    s.name = "cine-" + std::to_string(s.frames) + "-text-in-frame-" + std::to_string(s.text_frame + 1);
    specs.push_back(s);
  }
  std::vector<BurnedInImage> images;
  for (const Spec& spec : specs) images.push_back(make(spec));
  return images;
}

std::vector<BurnedInImage> burnedInUnseenSet() {
  // Drawn in ways the detector was not tuned on: drop shadows, label boxes, one long line, wide
  // letter spacing, back-slanted and heavier strokes, mid-grey grounds, cyan, pink and red ink,
  // other sizes and angles.
  const std::array<Rgb, 5> inks{{{80, 255, 255}, {255, 120, 200}, {255, 60, 60}, {255, 255, 255}, {230, 230, 120}}};
  const std::array<double, 5> sizes{10, 15, 19, 23, 12};
  const std::array<double, 5> angles{-1.5, 0, 4, 0, 1};
  std::vector<Spec> specs;
  for (int i = 0; i < 20; ++i) {
    Spec s;
    s.ground = std::array<Ground, 4>{Ground::MidGrey, Ground::Speckle, Ground::Black, Ground::Gradient}[static_cast<std::size_t>(i % 4)];
    s.place = static_cast<Place>((i * 3) % 5);
    s.ink = inks[static_cast<std::size_t>(i % 5)];
    s.look.cap_height = sizes[static_cast<std::size_t>((i / 2) % 5)];
    s.look.angle = angles[static_cast<std::size_t>((i / 3) % 5)];
    s.look.smooth = i % 3 != 0;
    s.look.weight = std::array<double, 3>{1.15, 0.85, 1.0}[static_cast<std::size_t>(i % 3)];
    s.look.slant = i % 4 == 1 ? -0.12 : 0.0;
    s.look.spacing = i % 5 == 2 ? 1.35 : 1.0;
    s.shadow = i % 2 == 0;
    s.label = i % 7 == 3;
    if (s.label) s.ink = {30, 30, 30};
    s.one_line = i % 6 == 5;
    s.patient = i + 3;
    s.mono = i % 8 == 6;
    s.size = s.one_line ? 320 : 256;
    s.name = "unseen-" + std::to_string(i) + "-" + groundName(s.ground) + "-" + std::to_string(static_cast<int>(s.look.cap_height)) +
             (s.shadow ? "-shadow" : "") + (s.label ? "-label" : "") + (s.one_line ? "-oneline" : "");
    specs.push_back(s);
  }
  std::vector<BurnedInImage> images;
  for (const Spec& spec : specs) images.push_back(make(spec));
  return images;
}

}  // namespace imaging::sample
