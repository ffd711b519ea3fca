#include "core/id.h"

#include <array>
#include <cstdint>

namespace keel {

namespace {
__extension__ using Unsigned128 = unsigned __int128;
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}  // namespace

std::string new_id(Instant at, Random& random) {
  std::uint8_t bytes[16];
  const auto milliseconds = static_cast<std::uint64_t>(to_unix_milliseconds(at));
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<std::uint8_t>(milliseconds >> (8 * (5 - i)));
  random.fill(bytes + 6, 10);
  // 128 bits as 26 base-32 digits: the first digit carries the top 3 bits.
  std::string text(26, '0');
  Unsigned128 value = 0;
  for (std::uint8_t byte : bytes) value = (value << 8) | byte;
  for (int i = 25; i >= 0; --i) {
    text[static_cast<std::size_t>(i)] = kAlphabet[static_cast<unsigned>(value & 31U)];
    value >>= 5;
  }
  return text;
}

bool is_valid_id(std::string_view text) {
  // Which bytes are digits of the alphabet, made once from it.
  static const auto kIsDigit = [] {
    std::array<bool, 256> table{};
    for (const char* a = kAlphabet; *a != '\0'; ++a) table[static_cast<unsigned char>(*a)] = true;
    return table;
  }();
  if (text.size() != 26) return false;
  if (text[0] < '0' || text[0] > '7') return false;  // would overflow 128 bits
  for (char c : text) {
    if (!kIsDigit[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace keel
