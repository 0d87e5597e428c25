// SharedLibrary: a library opened by its run-time name gives its functions; a missing library or
// symbol is a configuration error that names it, never a crash.
#include <gtest/gtest.h>

#include <string>

#include "imaging/core/error.h"
#include "imaging/core/shared_library.h"

using imaging::ErrorCode;
using imaging::SharedLibrary;

TEST(SharedLibrary, GivesTheFunctionsOfALibraryOpenedByName) {
  const SharedLibrary libc("libc.so.6");
  const auto length = libc.function<std::size_t (*)(const char*)>("strlen");
  EXPECT_EQ(length("seven c"), 7u);
}

TEST(SharedLibrary, AMissingLibraryOrSymbolIsAConfigurationErrorNamingIt) {
  try {
    SharedLibrary missing("libscanshare-no-such-library.so.1");
    FAIL() << "opened a library that does not exist";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Configuration);
    EXPECT_NE(std::string(e.what()).find("libscanshare-no-such-library.so.1"), std::string::npos) << e.what();
  }
  const SharedLibrary libc("libc.so.6");
  try {
    libc.function<void (*)()>("scanshare_no_such_symbol");
    FAIL() << "found a symbol that does not exist";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Configuration);
    EXPECT_NE(std::string(e.what()).find("scanshare_no_such_symbol"), std::string::npos) << e.what();
  }
}
