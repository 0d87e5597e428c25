// The stroke detector. Rendered text is ink of (nearly) one level: a "flat zone" (4-connected
// pixels whose neighbours differ by little) that is much brighter, or much darker, than the pixels
// around it. Speckle and anatomy vary from pixel to pixel and make no such zones of any size.
// Ink pixels are joined across 1-2 pixel gaps (dot-matrix fonts, touching letters), the pieces
// kept when they have the height of characters, and pieces side by side at one height make a line.
#include "stroke_lines.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

namespace imaging::ocr_detail {
namespace {

constexpr int kNeighbourStep = 12;   // grey levels between neighbours inside one zone
constexpr int kInkContrast = 40;     // zone mean against the pixels around it
constexpr int kMinZoneArea = 3;
constexpr int kMinLonePieceHeight = 8;  // a line of one piece (letters that touch): specks are smaller
constexpr int kMinGroundArea = 1000;  // a plain ground around text is at least this large
constexpr int kMinHeight = 5, kMaxHeight = 50;  // character heights of burned-in text
// Lines of the smallest characters (5 pixels) must be a few characters long (4 heights wide, 6
// for one piece of touching letters): two specks of speckle side by side are no text. Their
// letters are as wide as high or wider, so a word space is up to 2 heights.
constexpr int kClearHeight = 6, kMinSmallLineWidths = 4, kMinSmallPieceWidths = 6, kMinSmallPieceInk = 8;

struct Piece {
  int x0, y0, x1, y1;  // inclusive
  int height() const { return y1 - y0 + 1; }
  int width() const { return x1 - x0 + 1; }
};

// Text on a plain ground (black, a gradient, paper): the ground is one large flat zone, and
// whatever stands out from it nearby is ink, whether flat or not (anti-aliased edges, dot-matrix
// dots of a pixel or two). Each pixel outside the ground is compared with the ground pixels
// within 2 pixels. Speckle has no large flat zone, so nothing is added there.
void offGroundInk(const Rgb8Image& gray, bool bright, const std::vector<int>& zone, const std::vector<int>& areas,
                  std::vector<unsigned char>& mask) {
  const int w = gray.width, h = gray.height;
  const int ground_area = std::max(kMinGroundArea, w * h / 64);
  auto ground = [&](std::size_t i) { return areas[static_cast<std::size_t>(zone[i])] >= ground_area; };
  // Only islands in the ground of at most a text line's height count: the edge of a speckle
  // sector or band also borders the ground, but belongs to an island far larger.
  std::vector<unsigned char> island(mask.size(), 0);  // 0 unvisited, 1 small island, 2 large or ground
  std::vector<int> stack, members;
  for (std::size_t start = 0; start < island.size(); ++start) {
    if (island[start] != 0) continue;
    if (ground(start) || zone[start] == 0) {
      island[start] = 2;
      continue;
    }
    members.clear();
    stack.assign(1, static_cast<int>(start));
    island[start] = 3;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      members.push_back(i);
      const int x = i % w, y = i / w;
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          if (x + dx < 0 || x + dx >= w || y + dy < 0 || y + dy >= h) continue;
          const int n = (y + dy) * w + x + dx;
          if (island[n] == 0 && zone[n] != 0 && !ground(static_cast<std::size_t>(n))) island[n] = 3, stack.push_back(n);
        }
    }
    const unsigned char kind = y1 - y0 + 1 <= kMaxHeight && x1 - x0 + 1 <= 8 * kMaxHeight ? 1 : 2;
    for (int i : members) island[i] = kind;
  }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * w + x;
      if (mask[i] || island[i] != 1) continue;
      long sum = 0;
      int count = 0;
      for (int yy = std::max(0, y - 2); yy <= std::min(h - 1, y + 2); ++yy)
        for (int xx = std::max(0, x - 2); xx <= std::min(w - 1, x + 2); ++xx) {
          const std::size_t j = static_cast<std::size_t>(yy) * w + xx;
          if (ground(j)) sum += gray.pixels[j], ++count;
        }
      if (count == 0) continue;
      const double level = static_cast<double>(sum) / count;
      const double contrast = bright ? gray.pixels[i] - level : level - gray.pixels[i];
      if (contrast >= kInkContrast) mask[i] = 1;
    }
}

// Zones (flat regions) labelled; returns the mask of ink pixels of the polarity asked for.
// ignore (optional, one byte per pixel): pixels that are not there (regions blacked out already):
// zone 0, never ink, never ground, left out of every ring.
std::vector<unsigned char> inkMask(const Rgb8Image& gray, bool bright, int min_zone_area = kMinZoneArea,
                                   const std::vector<unsigned char>* ignore = nullptr) {
  const int w = gray.width, h = gray.height;
  const auto& p = gray.pixels;
  std::vector<int> zone(static_cast<std::size_t>(w) * h, -1);
  std::vector<unsigned char> mask(zone.size(), 0);
  std::vector<int> stack, members;
  std::vector<int> areas{0};
  int next = 1;
  if (ignore != nullptr)
    for (std::size_t i = 0; i < zone.size(); ++i)
      if ((*ignore)[i]) zone[i] = 0;
  for (int start = 0; start < w * h; ++start) {
    if (zone[start] >= 0) continue;
    const int id = next++;
    areas.push_back(0);
    members.clear();
    stack.assign(1, start);
    zone[start] = id;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    long sum = 0;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      members.push_back(i);
      const int x = i % w, y = i / w;
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      sum += p[i];
      const int neighbours[4] = {x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1};
      for (int n : neighbours)
        if (n >= 0 && zone[n] < 0 && std::abs(p[n] - p[i]) <= kNeighbourStep) {
          zone[n] = id;
          stack.push_back(n);
        }
    }
    const int area = static_cast<int>(members.size());
    areas[static_cast<std::size_t>(id)] = area;
    if (area < min_zone_area || y1 - y0 + 1 > kMaxHeight || x1 - x0 + 1 > 40 * kMaxHeight) continue;
    // The ring: pixels within 2 of the zone's box that belong to other zones. Ink must stand out
    // from the ring's median by 40 levels and by twice the ring's spread (mean distance from its
    // median): speckle's dark and bright spots do not stand out from speckle, text on it does.
    int histogram[256] = {0};
    long ring_count = 0;
    for (int y = std::max(0, y0 - 2); y <= std::min(h - 1, y1 + 2); ++y)
      for (int x = std::max(0, x0 - 2); x <= std::min(w - 1, x1 + 2); ++x)
        if (const int z = zone[static_cast<std::size_t>(y) * w + x]; z != id && z != 0) ++histogram[p[static_cast<std::size_t>(y) * w + x]], ++ring_count;
    if (ring_count == 0) continue;
    int median = 0;
    for (long seen = 0; median < 255 && (seen += histogram[median]) * 2 < ring_count;) ++median;
    double spread = 0.0;
    for (int v = 0; v < 256; ++v) spread += static_cast<double>(histogram[v]) * std::abs(v - median);
    spread /= static_cast<double>(ring_count);
    const double mean = static_cast<double>(sum) / area;
    const double contrast = bright ? mean - median : median - mean;
    const bool ink = contrast >= kInkContrast && contrast >= 2.0 * spread;
    if (ink)
      for (int i : members) mask[i] = 1;
  }
  offGroundInk(gray, bright, zone, areas, mask);
  return mask;
}

// The most ink runs met along a row at a third, half and two thirds of the piece's height.
int mostRuns(const std::vector<unsigned char>& mask, int w, const Piece& piece) {
  int most = 0;
  for (int k = 1; k <= 3; ++k) {
    const int y = piece.y0 + piece.height() * (k + 1) / 6;
    int runs = 0;
    bool inside = false;
    // Two rows, and one-pixel gaps bridged, so that dot-matrix text is crossed like solid text;
    // not in the smallest text, whose letters stand one pixel apart.
    const bool bridge = piece.height() >= kClearHeight;
    auto at = [&](int x) {
      const std::size_t i = static_cast<std::size_t>(y) * w + x;
      return mask[i] || (y < piece.y1 && mask[i + static_cast<std::size_t>(w)]);
    };
    for (int x = piece.x0; x <= piece.x1; ++x) {
      const bool ink = at(x) || (bridge && x > piece.x0 && x < piece.x1 && at(x - 1) && at(x + 1));
      if (ink && !inside) ++runs;
      inside = ink;
    }
    most = std::max(most, runs);
  }
  return most;
}

// Ink pixels per horizontal run of ink inside the piece's box.
double meanRun(const std::vector<unsigned char>& mask, int w, const Piece& piece) {
  long ink = 0, runs = 0;
  for (int y = piece.y0; y <= piece.y1; ++y) {
    bool inside = false;
    for (int x = piece.x0; x <= piece.x1; ++x) {
      const bool on = mask[static_cast<std::size_t>(y) * w + x] != 0;
      ink += on;
      if (on && !inside) ++runs;
      inside = on;
    }
  }
  return runs > 0 ? static_cast<double>(ink) / runs : 0.0;
}

// 8-connected pieces of the mask grown by one pixel (bridges gaps of up to 2 pixels).
std::vector<Piece> pieces(const std::vector<unsigned char>& mask, int w, int h, bool sideways) {
  std::vector<unsigned char> grown(mask.size(), 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (mask[static_cast<std::size_t>(y) * w + x])
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx)
            if (x + dx >= 0 && x + dx < w && y + dy >= 0 && y + dy < h) grown[static_cast<std::size_t>(y + dy) * w + x + dx] = 1;
  std::vector<Piece> out;
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (grown[start] != 1) continue;
    Piece piece{w, h, -1, -1};
    long ink = 0;
    stack.assign(1, start);
    grown[start] = 2;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      const int x = i % w, y = i / w;
      if (mask[i]) {
        ++ink;
        piece.x0 = std::min(piece.x0, x), piece.x1 = std::max(piece.x1, x);
        piece.y0 = std::min(piece.y0, y), piece.y1 = std::max(piece.y1, y);
      }
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          if (x + dx < 0 || x + dx >= w || y + dy < 0 || y + dy >= h) continue;
          const int n = (y + dy) * w + x + dx;
          if (grown[n] == 1) grown[n] = 2, stack.push_back(n);
        }
    }
    if (ink == 0) continue;
    const int ph = piece.height(), pw = piece.width();
    if (ph < kMinHeight || ph > kMaxHeight) continue;
    // A small character's strokes hold 8 pixels of ink or more; a few specks joined across gaps do
    // not (for the smallest pieces, and in the transposed look, where speckle at the edge of a
    // sector lined up as a column otherwise).
    if (ph < kMinLonePieceHeight && (ph < kClearHeight || sideways) && ink < kMinSmallPieceInk) continue;
    // A solid block (a redaction box, a bar) is no character; a thin upright stroke ("I", "1") is.
    const double density = static_cast<double>(ink) / (static_cast<double>(pw) * ph);
    if (density > 0.9 && pw * 5 >= ph * 3) continue;
    // Strokes are thin next to the height of the character; a filled shape (a disc, a blob of
    // contrast) is as thick as it is high.
    if (ph >= 10 && meanRun(mask, w, piece) * 2 > ph) continue;
    // A piece wider than a character is letters that touch: crossing it, one meets a stroke for
    // about every character. An arc or the edge of a shape is crossed once or twice.
    // Small letters lying on their side (stacked letters, transposed; their gaps bridged into
    // one piece) are 7/5 of their height wide.
    const int letter_width = sideways && ph < kMinLonePieceHeight ? 7 : 5;
    if (pw * 2 > ph * 3 && mostRuns(mask, w, piece) * ph * letter_width < pw * 5) continue;
    out.push_back(piece);
  }
  return out;
}

int findRoot(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Pieces side by side: overlapping in height by half, of similar height, at most ~1.2 heights apart.
bool sameLine(const Piece& a, const Piece& b, bool capitals) {
  const int overlap = std::min(a.y1, b.y1) - std::max(a.y0, b.y0) + 1;
  const int lo = std::min(a.height(), b.height()), hi = std::max(a.height(), b.height());
  if (overlap * 2 < lo || hi * 2 > lo * 5) return false;
  // Letters of a line share their top or their baseline (up to descenders and a slight tilt);
  // capitals and digits share both.
  const bool top = std::abs(a.y0 - b.y0) * 5 <= hi, base = std::abs(a.y1 - b.y1) * 5 <= hi;
  if (capitals ? !(top && base) : !(top || base)) return false;
  const int gap = std::max(a.x0, b.x0) - std::min(a.x1, b.x1) - 1;
  // Characters stand side by side; a shape inside another (a ring and what it encloses) is no
  // pair of characters.
  if (-gap * 10 > std::min(a.width(), b.width()) * 4) return false;
  return gap * 5 <= hi * 6 || (hi < kClearHeight && gap <= 2 * hi);
}

std::vector<PixelBox> group(const std::vector<Piece>& found, const StrokeLook& look) {
  std::vector<int> parent(found.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (std::size_t i = 0; i < found.size(); ++i)
    for (std::size_t j = i + 1; j < found.size(); ++j)
      if (sameLine(found[i], found[j], look.capitals))
        parent[findRoot(parent, static_cast<int>(i))] = findRoot(parent, static_cast<int>(j));
  std::vector<Piece> lines(found.size(), Piece{0, 0, -1, -1});
  std::vector<int> members(found.size(), 0);
  for (std::size_t i = 0; i < found.size(); ++i) {
    const int r = findRoot(parent, static_cast<int>(i));
    Piece& line = lines[r];
    if (members[r]++ == 0) line = found[i];
    line.x0 = std::min(line.x0, found[i].x0), line.y0 = std::min(line.y0, found[i].y0);
    line.x1 = std::max(line.x1, found[i].x1), line.y1 = std::max(line.y1, found[i].y1);
  }
  std::vector<PixelBox> boxes;
  for (std::size_t r = 0; r < found.size(); ++r) {
    if (members[r] == 0) continue;
    const Piece& line = lines[r];
    // Two characters or more, or one piece as wide as a short word (letters that touch), at least
    // 8 pixels high; under 6, one long piece (the smallest letters touching, or stacked ones).
    // Sideways, one letter is already 1.4 heights wide and the two sides of a ring are a pair
    // "( )": fewer than 3 pieces must be 2.5 heights wide.
    if (members[r] < look.min_pieces) continue;
    const bool long_small = line.height() < kClearHeight && line.width() >= kMinSmallPieceWidths * line.height();
    if (members[r] < (look.sideways ? 3 : 2) && (line.width() * 2 < line.height() * (look.sideways ? 5 : 3) ||
                                                  (line.height() < kMinLonePieceHeight && !long_small)))
      continue;
    if (line.height() < kClearHeight && line.width() < kMinSmallLineWidths * line.height()) continue;
    boxes.push_back({line.x0, line.y0, line.width(), line.height()});
  }
  return boxes;
}

}  // namespace

std::vector<unsigned char> inkPixels(const Rgb8Image& gray, bool bright) {
  if (gray.channels != 1 || gray.width <= 0 || gray.height <= 0) return {};
  return inkMask(gray, bright);
}

std::vector<PixelBox> strokeTextLines(const Rgb8Image& gray, const StrokeLook& look, const std::vector<unsigned char>* ignore) {
  std::vector<PixelBox> lines;
  if (gray.channels != 1 || gray.width <= 0 || gray.height <= 0) return lines;
  if (ignore != nullptr && ignore->size() != gray.pixels.size()) ignore = nullptr;
  for (bool bright : {true, false}) {
    const std::vector<unsigned char> ink = inkMask(gray, bright, look.min_zone_area, ignore);
    const std::vector<PixelBox> found = group(pieces(ink, gray.width, gray.height, look.sideways), look);
    lines.insert(lines.end(), found.begin(), found.end());
  }
  return lines;
}

Rgb8Image extremePixels(const Rgb8Image& gray, bool bright) {
  Rgb8Image out;
  if (gray.channels != 1 || gray.pixels.empty()) return out;
  out.width = gray.width;
  out.height = gray.height;
  out.channels = 1;
  out.pixels.resize(gray.pixels.size());
  std::size_t count = 0;
  for (std::size_t i = 0; i < gray.pixels.size(); ++i) {
    const bool on = bright ? gray.pixels[i] >= 230 : gray.pixels[i] <= 25;
    out.pixels[i] = on ? 255 : 0;
    count += on;
  }
  if (count == 0 || count * 100 > gray.pixels.size() * 6) out.pixels.clear();
  return out;
}

std::vector<PixelBox> standingAlone(const Rgb8Image& binary, const std::vector<PixelBox>& lines) {
  std::vector<PixelBox> kept;
  const int w = binary.width, h = binary.height;
  auto count = [&](int x0, int y0, int x1, int y1, long& on, long& all) {
    for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(w, x1); ++x) on += binary.pixels[static_cast<std::size_t>(y) * w + x] != 0, ++all;
  };
  for (const PixelBox& b : lines) {
    long in_on = 0, in_all = 0, out_on = 0, out_all = 0;
    count(b.x, b.y, b.x + b.width, b.y + b.height, in_on, in_all);
    const int dy = std::max(2, b.height / 3), dx = b.height;
    long grown_on = 0, grown_all = 0;
    count(b.x - dx, b.y - dy, b.x + b.width + dx, b.y + b.height + dy, grown_on, grown_all);
    out_on = grown_on - in_on, out_all = grown_all - in_all;
    if (in_all == 0 || in_on == 0) continue;
    const double inside = static_cast<double>(in_on) / in_all;
    const double around = out_all > 0 ? static_cast<double>(out_on) / out_all : 0.0;
    // And a line of several characters: short clusters of clipped speckle also stand alone.
    if (around * 3 < inside && b.width >= 3 * b.height && b.height >= kMinLonePieceHeight) kept.push_back(b);
  }
  return kept;
}

Rgb8Image chroma(const Rgb8Image& rgb) {
  Rgb8Image out;
  if (rgb.channels != 3) return out;
  out.width = rgb.width;
  out.height = rgb.height;
  out.channels = 1;
  out.pixels.resize(static_cast<std::size_t>(rgb.width) * rgb.height);
  for (std::size_t i = 0; i < out.pixels.size(); ++i) {
    const unsigned char* p = &rgb.pixels[i * 3];
    const auto [lo, hi] = std::minmax({p[0], p[1], p[2]});
    out.pixels[i] = static_cast<unsigned char>(hi - lo);
  }
  return out;
}

}  // namespace imaging::ocr_detail
