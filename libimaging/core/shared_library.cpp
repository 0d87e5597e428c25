#include "imaging/core/shared_library.h"

#include <dlfcn.h>

#include "imaging/core/error.h"

namespace imaging {

SharedLibrary::SharedLibrary(std::string soname) : soname_(std::move(soname)) {
  // RTLD_LOCAL: its symbols stay its own and cannot stand in for another library's.
  handle_ = ::dlopen(soname_.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* reason = ::dlerror();
    throw Error(ErrorCode::Configuration, "cannot load " + soname_ + (reason != nullptr ? std::string(": ") + reason : ""));
  }
}

void* SharedLibrary::symbol(const char* name) const {
  ::dlerror();  // clears an earlier error, so that a null symbol reads as missing only when it is
  void* address = ::dlsym(handle_, name);
  if (address == nullptr)
    throw Error(ErrorCode::Configuration, soname_ + " has no " + name + ": a different version than ScanShare was built with?");
  return address;
}

}  // namespace imaging
