#include "tesseract_engine.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#ifdef SCANSHARE_OCR_OPENMP
#include <omp.h>
#endif

#include "imaging/core/error.h"

namespace imaging::ocr_detail {
namespace {

std::unique_ptr<tesseract::TessBaseAPI> startEngine() {
  static std::once_flag quiet_leptonica;
  // Leptonica reports on stderr by default; ScanShare reports problems itself.
  std::call_once(quiet_leptonica, [] {
    setMsgSeverity(L_SEVERITY_NONE);
#ifdef SCANSHARE_OCR_OPENMP
    // Tesseract's inner OpenMP threads cost more than they give when the caller already works
    // in parallel (one engine per thread) or the machine has few cores: run its parallel regions
    // on the calling thread, unless the user chose a limit with OMP_THREAD_LIMIT.
    if (std::getenv("OMP_THREAD_LIMIT") == nullptr) omp_set_max_active_levels(0);
#endif
  });

  const std::filesystem::path tessdata = tessdataDirectory();
  if (tessdata.empty())
    throw Error(ErrorCode::Configuration,
                "Tesseract English model (eng.traineddata) not found: install tesseract-ocr-eng or set TESSDATA_PREFIX");
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  // debug_file silences Tesseract's own messages ("Estimating resolution ...") from the start.
  const std::vector<std::string> names{"debug_file"};
  const std::vector<std::string> values{"/dev/null"};
  if (api->Init(tessdata.string().c_str(), "eng", tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) != 0)
    throw Error(ErrorCode::Configuration, "Tesseract cannot load its English model", tessdata.string());
  // Burned-in text is a few scattered lines, not a page of paragraphs.
  api->SetPageSegMode(tesseract::PSM_SPARSE_TEXT);
  return api;
}

tesseract::TessBaseAPI& engine() {
  thread_local std::unique_ptr<tesseract::TessBaseAPI> api;
  if (!api) api = startEngine();
  return *api;
}

}  // namespace

std::vector<RawWord> recognize(const Rgb8Image& gray, std::vector<PixelBox>* lines, bool single_line) {
  if (gray.channels != 1) throw Error(ErrorCode::Internal, "OCR needs a gray image");
  std::vector<RawWord> words;
  if (gray.width <= 0 || gray.height <= 0) return words;
  tesseract::TessBaseAPI& api = engine();
  api.SetPageSegMode(single_line ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SPARSE_TEXT);
  api.SetImage(gray.pixels.data(), gray.width, gray.height, 1, gray.width);
  api.SetSourceResolution(300);  // pixels carry no resolution; 300 ppi keeps Tesseract's size heuristics sane
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return words;
  }
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it) {
    const auto level = tesseract::RIL_WORD;
    do {
      std::unique_ptr<char[]> text(it->GetUTF8Text(level));
      if (!text || text[0] == '\0') continue;
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!it->BoundingBox(level, &left, &top, &right, &bottom)) continue;
      RawWord word{{left, top, right - left, bottom - top}, {left, top, right - left, bottom - top}, text.get(),
                   it->Confidence(level)};
      if (it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom))
        word.line = {left, top, right - left, bottom - top};
      words.push_back(std::move(word));
    } while (it->Next(level));
  }
  // The layout's lines, independent of what the words were read as.
  std::unique_ptr<tesseract::ResultIterator> line_it(lines ? api.GetIterator() : nullptr);
  if (line_it) {
    do {
      int left = 0, top = 0, right = 0, bottom = 0;
      if (line_it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom) && right > left && bottom > top)
        lines->push_back({left, top, right - left, bottom - top});
    } while (line_it->Next(tesseract::RIL_TEXTLINE));
  }
  api.Clear();
  return words;
}

}  // namespace imaging::ocr_detail
