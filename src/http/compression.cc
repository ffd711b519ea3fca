#include "http/compression.h"

#include <zlib.h>

#include <cstdlib>
#include <stdexcept>

namespace keel::http {

bool accepts_gzip(const Request& request) {
  const std::string* header = request.header("Accept-Encoding");
  if (header == nullptr) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view coding = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    std::string_view parameters;
    if (const auto semicolon = coding.find(';'); semicolon != std::string_view::npos) {
      parameters = coding.substr(semicolon + 1);
      coding = coding.substr(0, semicolon);
    }
    while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (!equal_ignoring_case(coding, "gzip") && coding != "*") continue;
    // "q=0" (or 0.0, 0.000) refuses the coding; any other weight accepts it.
    std::string weight(parameters);
    std::erase(weight, ' ');
    if (!weight.starts_with("q=") || std::strtod(weight.c_str() + 2, nullptr) > 0) return true;
  }
  return false;
}

std::string gzip_compress(std::string_view bytes) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib could not start");  // only when out of memory
  }
  std::string compressed(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  const int result = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("zlib could not finish");  // deflateBound is enough
  return compressed;
}

}  // namespace keel::http
