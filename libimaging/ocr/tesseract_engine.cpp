#include "tesseract_engine.h"

// Tesseract's C interface, used through pointers from the library opened when OCR first runs
// (tesseract_library below); only its declarations are compiled in, nothing is linked.
#include <tesseract/capi.h>

#include <cstdlib>
#include <memory>

#ifdef SCANSHARE_OCR_OPENMP
#include <omp.h>
#endif

#include "imaging/core/error.h"
#include "imaging/core/shared_library.h"

namespace imaging::ocr_detail {
namespace {

// The functions ScanShare calls, bound once. Opening Tesseract at start cost every command about
// 12 ms (docs/benchmarks.md, session 14); only commands that read pixels for text pay it now.
struct Tesseract {
  SharedLibrary library{SCANSHARE_TESSERACT_SONAME};
  decltype(&TessDeleteText) deleteText = library.function<decltype(&TessDeleteText)>("TessDeleteText");
  decltype(&TessBaseAPICreate) create = library.function<decltype(&TessBaseAPICreate)>("TessBaseAPICreate");
  decltype(&TessBaseAPIDelete) destroy = library.function<decltype(&TessBaseAPIDelete)>("TessBaseAPIDelete");
  decltype(&TessBaseAPIInit4) init = library.function<decltype(&TessBaseAPIInit4)>("TessBaseAPIInit4");
  decltype(&TessBaseAPISetPageSegMode) setPageSegMode =
      library.function<decltype(&TessBaseAPISetPageSegMode)>("TessBaseAPISetPageSegMode");
  decltype(&TessBaseAPISetImage) setImage = library.function<decltype(&TessBaseAPISetImage)>("TessBaseAPISetImage");
  decltype(&TessBaseAPISetSourceResolution) setSourceResolution =
      library.function<decltype(&TessBaseAPISetSourceResolution)>("TessBaseAPISetSourceResolution");
  decltype(&TessBaseAPIRecognize) recognize = library.function<decltype(&TessBaseAPIRecognize)>("TessBaseAPIRecognize");
  decltype(&TessBaseAPIGetIterator) iterator = library.function<decltype(&TessBaseAPIGetIterator)>("TessBaseAPIGetIterator");
  decltype(&TessBaseAPIClear) clear = library.function<decltype(&TessBaseAPIClear)>("TessBaseAPIClear");
  decltype(&TessResultIteratorDelete) deleteIterator =
      library.function<decltype(&TessResultIteratorDelete)>("TessResultIteratorDelete");
  decltype(&TessResultIteratorGetPageIterator) pageIterator =
      library.function<decltype(&TessResultIteratorGetPageIterator)>("TessResultIteratorGetPageIterator");
  decltype(&TessResultIteratorNext) next = library.function<decltype(&TessResultIteratorNext)>("TessResultIteratorNext");
  decltype(&TessResultIteratorGetUTF8Text) text =
      library.function<decltype(&TessResultIteratorGetUTF8Text)>("TessResultIteratorGetUTF8Text");
  decltype(&TessResultIteratorConfidence) confidence =
      library.function<decltype(&TessResultIteratorConfidence)>("TessResultIteratorConfidence");
  decltype(&TessPageIteratorBoundingBox) boundingBox =
      library.function<decltype(&TessPageIteratorBoundingBox)>("TessPageIteratorBoundingBox");

  Tesseract() {
    // Leptonica (loaded with Tesseract) reports on stderr by default; ScanShare reports problems itself.
    const SharedLibrary leptonica(SCANSHARE_LEPTONICA_SONAME);
    leptonica.function<int (*)(int)>("setMsgSeverity")(6);  // L_SEVERITY_NONE
#ifdef SCANSHARE_OCR_OPENMP
    // Tesseract's inner OpenMP threads cost more than they give when the caller already works
    // in parallel (one engine per thread) or the machine has few cores: run its parallel regions
    // on the calling thread, unless the user chose a limit with OMP_THREAD_LIMIT.
    if (std::getenv("OMP_THREAD_LIMIT") == nullptr) omp_set_max_active_levels(0);
#endif
  }
};

// Opened on first use; a failure (no library) is thrown to that caller and tried again by the next.
const Tesseract& loadedTesseract() {
  static const Tesseract loaded;
  return loaded;
}

struct EngineDeleter {
  void operator()(TessBaseAPI* api) const { loadedTesseract().destroy(api); }
};
using Engine = std::unique_ptr<TessBaseAPI, EngineDeleter>;

struct IteratorDeleter {
  void operator()(TessResultIterator* it) const { loadedTesseract().deleteIterator(it); }
};
using Iterator = std::unique_ptr<TessResultIterator, IteratorDeleter>;

Engine startEngine() {
  const Tesseract& t = loadedTesseract();
  const std::filesystem::path tessdata = tessdataDirectory();
  if (tessdata.empty())
    throw Error(ErrorCode::Configuration,
                "Tesseract English model (eng.traineddata) not found: install tesseract-ocr-eng or set TESSDATA_PREFIX");
  Engine api(t.create());
  if (!api) throw Error(ErrorCode::Configuration, "Tesseract cannot start");
  // debug_file silences Tesseract's own messages ("Estimating resolution ...") from the start.
  char name[] = "debug_file";
  char value[] = "/dev/null";
  char* names[] = {name};
  char* values[] = {value};
  if (t.init(api.get(), tessdata.string().c_str(), "eng", tesseract::OEM_LSTM_ONLY, nullptr, 0, names, values, 1, 0) != 0)
    throw Error(ErrorCode::Configuration, "Tesseract cannot load its English model", tessdata.string());
  // Burned-in text is a few scattered lines, not a page of paragraphs.
  t.setPageSegMode(api.get(), tesseract::PSM_SPARSE_TEXT);
  return api;
}

TessBaseAPI* engine() {
  thread_local Engine api;
  if (!api) api = startEngine();
  return api.get();
}

PixelBox boxOf(int left, int top, int right, int bottom) { return {left, top, right - left, bottom - top}; }

}  // namespace

std::vector<RawWord> recognize(const Rgb8Image& gray, std::vector<PixelBox>* lines, bool single_line) {
  if (gray.channels != 1) throw Error(ErrorCode::Internal, "OCR needs a gray image");
  std::vector<RawWord> words;
  if (gray.width <= 0 || gray.height <= 0) return words;
  const Tesseract& t = loadedTesseract();
  TessBaseAPI* api = engine();
  t.setPageSegMode(api, single_line ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SPARSE_TEXT);
  t.setImage(api, gray.pixels.data(), gray.width, gray.height, 1, gray.width);
  t.setSourceResolution(api, 300);  // pixels carry no resolution; 300 ppi keeps Tesseract's size heuristics sane
  if (t.recognize(api, nullptr) != 0) {
    t.clear(api);
    return words;
  }
  if (Iterator it{t.iterator(api)}) {
    const TessPageIterator* page = t.pageIterator(it.get());
    do {
      std::unique_ptr<char, void (*)(char*)> text(t.text(it.get(), tesseract::RIL_WORD), [](char* p) { loadedTesseract().deleteText(p); });
      if (!text || text.get()[0] == '\0') continue;
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!t.boundingBox(page, tesseract::RIL_WORD, &left, &top, &right, &bottom)) continue;
      RawWord word{boxOf(left, top, right, bottom), boxOf(left, top, right, bottom), text.get(), t.confidence(it.get(), tesseract::RIL_WORD)};
      if (t.boundingBox(page, tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom)) word.line = boxOf(left, top, right, bottom);
      words.push_back(std::move(word));
    } while (t.next(it.get(), tesseract::RIL_WORD));
  }
  // The layout's lines, independent of what the words were read as.
  if (Iterator line_it{lines != nullptr ? t.iterator(api) : nullptr}) {
    const TessPageIterator* page = t.pageIterator(line_it.get());
    do {
      int left = 0, top = 0, right = 0, bottom = 0;
      if (t.boundingBox(page, tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom) && right > left && bottom > top)
        lines->push_back(boxOf(left, top, right, bottom));
    } while (t.next(line_it.get(), tesseract::RIL_TEXTLINE));
  }
  t.clear(api);
  return words;
}

}  // namespace imaging::ocr_detail
