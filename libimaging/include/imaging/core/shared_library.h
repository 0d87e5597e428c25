#pragma once
// A shared library opened the first time it is needed (dlopen) instead of linked to the program:
// every library a program links is loaded and bound at each start (Tesseract with Leptonica:
// about 12 ms, docs/benchmarks.md), though most commands never call it.
#include <string>

namespace imaging {

class SharedLibrary {
 public:
  // soname: the run-time name (e.g. "libtesseract.so.5"), searched as the loader searches.
  // Throws Error(Configuration) naming it and the loader's reason when it cannot be opened.
  explicit SharedLibrary(std::string soname);
  // Never closed: a library may leave threads, thread-local state or exit handlers behind.
  ~SharedLibrary() = default;
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;

  // A function of the library; throws Error(Configuration) when the library has no such symbol.
  template <typename Function>
  Function function(const char* name) const {
    return reinterpret_cast<Function>(symbol(name));
  }
  const std::string& soname() const { return soname_; }

 private:
  void* symbol(const char* name) const;
  std::string soname_;
  void* handle_ = nullptr;
};

}  // namespace imaging
