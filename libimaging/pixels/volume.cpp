#include "imaging/pixels/volume.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "dataset_parts.h"

namespace imaging {
namespace {

using Vec3 = std::array<double, 3>;

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 normalized(const Vec3& v) {
  const double n = std::sqrt(dot(v, v));
  return n > 0 ? Vec3{v[0] / n, v[1] / n, v[2] / n} : Vec3{0, 0, 1};
}

std::array<Vec3, 3> axesFrom(const std::array<double, 6>& o) {
  const Vec3 row = normalized({o[0], o[1], o[2]});
  const Vec3 column = normalized({o[3], o[4], o[5]});
  return {row, column, normalized(cross(row, column))};
}

// The first orientation among the slices (per-frame or instance).
std::optional<std::array<Vec3, 3>> axesOf(const std::vector<SliceRef>& slices) {
  for (const auto& slice : slices)
    if (slice.image_orientation) return axesFrom(*slice.image_orientation);
  return std::nullopt;
}

// Per-frame geometry of a multi-frame file; empty when it has none or cannot be read.
std::vector<pixels_detail::FrameGeometry> enhancedGeometry(const Instance& instance) {
  if (instance.number_of_frames <= 1) return {};
  return pixels_detail::functionalGroupGeometry(instance.path);
}

double medianSpacing(const std::vector<SliceRef>& slices) {
  std::vector<double> gaps;
  for (std::size_t i = 1; i < slices.size(); ++i) {
    const double gap = std::abs(slices[i].position - slices[i - 1].position);
    if (gap > 1e-6) gaps.push_back(gap);
  }
  if (gaps.empty()) return 0.0;
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
  return gaps[gaps.size() / 2];
}

}  // namespace

std::vector<SliceRef> orderedSlices(const Series& series) {
  std::vector<SliceRef> slices;
  double order = 0.0;
  for (const auto& instance : series.instances) {
    if (!instance.has_pixel_data) continue;
    const int frames = std::max(1, instance.number_of_frames);
    const auto geometry = enhancedGeometry(instance);
    for (int f = 0; f < frames; ++f) {
      SliceRef slice{instance.path, f, order + f, instance.image_position, instance.image_orientation, instance.pixel_spacing};
      if (static_cast<std::size_t>(f) < geometry.size()) {
        const auto& g = geometry[static_cast<std::size_t>(f)];
        if (g.position) slice.image_position = g.position;
        if (g.orientation) slice.image_orientation = g.orientation;
        if (g.pixel_spacing) slice.pixel_spacing = g.pixel_spacing;
      }
      slices.push_back(std::move(slice));
    }
    order += frames;
  }
  const auto axes = axesOf(slices);
  const bool all_positioned =
      axes && std::all_of(slices.begin(), slices.end(), [](const SliceRef& s) { return s.image_position.has_value(); });
  if (all_positioned) {
    // Frames of one file without per-frame positions share the file's position and keep file order.
    for (auto& slice : slices) slice.position = dot(*slice.image_position, (*axes)[2]);
  }
  // stable: equal positions (multi-frame, or duplicates) keep instance-number order.
  std::stable_sort(slices.begin(), slices.end(),
                   [](const SliceRef& a, const SliceRef& b) { return a.position < b.position; });
  return slices;
}

Volume loadVolume(const Series& series, const VolumeOptions& options) {
  Volume volume;
  volume.slices = orderedSlices(series);
  if (volume.slices.empty()) throw Error(ErrorCode::Unsupported, "series has no images");

  // The first decodable slice fixes size and colour; slices of another size are skipped.
  std::optional<Frame> first;
  std::size_t first_index = 0;
  for (; first_index < volume.slices.size() && !first; ++first_index) {
    try {
      first = decodeFrame(volume.slices[first_index].path, volume.slices[first_index].frame_index);
    } catch (const Error&) {
    }
  }
  if (!first) throw Error(ErrorCode::Unsupported, "no image of the series can be decoded");
  volume.dimensions = {first->width, first->height, static_cast<int>(volume.slices.size())};
  volume.samples_per_pixel = first->samples_per_pixel;
  volume.monochrome1 = first->monochrome1;
  volume.presets = first->presets;
  volume.frame_of_reference_uid = series.frame_of_reference_uid;
  // The modality transform gives CT values in Hounsfield units (PS3.3 C.11.1.1.2).
  if (series.modality == "CT" && volume.samples_per_pixel == 1) volume.value_unit = "HU";

  const std::size_t slice_size = volume.sliceSize();
  const std::size_t total = volume.slices.size();
  volume.values.assign(slice_size * total, 0.0f);
  std::copy(first->values.begin(), first->values.end(), volume.values.begin() + static_cast<std::ptrdiff_t>(slice_size * (first_index - 1)));
  std::vector<char> ok(total, 0);
  ok[first_index - 1] = 1;
  std::vector<std::vector<std::uint8_t>> overlays(total);  // each slot written by one worker only
  overlays[first_index - 1] = first->overlay;

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{first_index};
  std::mutex progress_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < total; i = next++) {
      if (options.cancel && options.cancel->load()) return;
      if (i < first_index) continue;
      try {
        const Frame frame = decodeFrame(volume.slices[i].path, volume.slices[i].frame_index);
        if (frame.width == first->width && frame.height == first->height &&
            frame.samples_per_pixel == first->samples_per_pixel) {
          std::copy(frame.values.begin(), frame.values.end(), volume.values.begin() + static_cast<std::ptrdiff_t>(slice_size * i));
          overlays[i] = frame.overlay;
          ok[i] = 1;
        }
      } catch (const Error&) {
      }
      const std::size_t finished = ++done;
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(finished, total);
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(options.threads ? options.threads : std::thread::hardware_concurrency(),
                                                          static_cast<unsigned>(total)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (options.cancel && options.cancel->load()) throw Error(ErrorCode::Cancelled, "loading cancelled");

  // Drop the slices that could not be used, keeping order.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < total; ++i) {
    if (!ok[i]) continue;
    if (kept != i) {
      std::copy_n(volume.values.begin() + static_cast<std::ptrdiff_t>(slice_size * i), slice_size,
                  volume.values.begin() + static_cast<std::ptrdiff_t>(slice_size * kept));
      volume.slices[kept] = volume.slices[i];
      overlays[kept] = std::move(overlays[i]);
    }
    ++kept;
  }
  overlays.resize(kept);
  if (std::any_of(overlays.begin(), overlays.end(), [](const auto& o) { return !o.empty(); })) volume.overlays = std::move(overlays);
  volume.skipped_slices = total - kept;
  volume.slices.resize(kept);
  volume.values.resize(slice_size * kept);
  volume.dimensions[2] = static_cast<int>(kept);

  // Geometry from the headers (instances, or the functional groups of an enhanced file).
  const Instance* reference = nullptr;
  for (const auto& instance : series.instances)
    if (instance.path == volume.slices.front().path) reference = &instance;
  const SliceRef& front = volume.slices.front();
  if (front.pixel_spacing) {
    volume.spacing[0] = (*front.pixel_spacing)[1];  // column spacing runs along a row
    volume.spacing[1] = (*front.pixel_spacing)[0];
    volume.has_pixel_spacing = volume.spacing[0] > 0 && volume.spacing[1] > 0;
    if (!volume.has_pixel_spacing) volume.spacing = {1.0, 1.0, 1.0};
  }
  const auto axes = axesOf(volume.slices);
  if (axes && front.image_position) {
    volume.has_geometry = true;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) volume.direction[static_cast<std::size_t>(r * 3 + c)] = (*axes)[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
    volume.origin = *front.image_position;
  }
  const double gap = medianSpacing(volume.slices);
  if (gap > 0) volume.spacing[2] = gap;
  else if (reference && reference->slice_thickness && *reference->slice_thickness > 0) volume.spacing[2] = *reference->slice_thickness;

  Frame middle;
  middle.width = volume.dimensions[0];
  middle.height = volume.dimensions[1];
  middle.samples_per_pixel = volume.samples_per_pixel;
  middle.presets = volume.presets;
  const std::size_t m = kept / 2;
  middle.values.assign(volume.values.begin() + static_cast<std::ptrdiff_t>(slice_size * m),
                       volume.values.begin() + static_cast<std::ptrdiff_t>(slice_size * (m + 1)));
  volume.default_window = automaticWindow(middle);
  return volume;
}

}  // namespace imaging
