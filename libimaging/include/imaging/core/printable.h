#pragma once
// Text from the input (file names, values quoted in reasons) on its way to a terminal or a text
// report: a newline or terminal escape in a file name would otherwise write a line of its own
// ("scanshare: fake line") or drive the terminal that shows it.
#include <string>
#include <string_view>

namespace imaging {

// Control bytes (below 0x20, and 0x7F) written as \xNN; everything else, UTF-8 included, as is.
std::string printable(std::string_view text);

}  // namespace imaging
