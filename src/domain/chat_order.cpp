#include "domain/chat_order.h"

#include <array>
#include <string>
#include <vector>

#include "domain/text.h"

namespace ocop::domain {
namespace {

std::vector<std::string> words_of(const std::string& folded) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : folded) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word) {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
    if (c == '?') out.emplace_back("?");
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Folded number words a buyer types for 1..10 ("tu" is four, "lam" five after a ten).
std::optional<int> number_of(const std::string& w) {
  if (!w.empty() && w.size() <= 3 && w.find_first_not_of("0123456789") == std::string::npos) return std::stoi(w);
  static const std::array<std::pair<const char*, int>, 13> kWords{{{"mot", 1}, {"hai", 2}, {"ba", 3}, {"bon", 4},
                                                                   {"tu", 4}, {"nam", 5}, {"sau", 6}, {"bay", 7},
                                                                   {"tam", 8}, {"chin", 9}, {"muoi", 10}, {"chuc", 10},
                                                                   {"lam", 5}}};
  for (const auto& [word, n] : kWords)
    if (w == word) return n;
  return std::nullopt;
}

bool is_verb(const std::string& w) {
  for (const char* v : {"lay", "chot", "dat", "mua", "order", "ship", "gui"})
    if (w == v) return true;
  return false;
}

// Words that turn a line into a question or a refusal, not an order.
bool is_doubt(const std::string& w) {
  for (const char* v : {"?", "khong", "ko", "k", "chua", "bao", "nhieu", "may", "con", "sao", "gia"})
    if (w == v) return true;
  return false;
}

}  // namespace

std::optional<ChatOrder> parse_chat_order(std::string_view text, std::string_view unit, int max_quantity) {
  const std::vector<std::string> words = words_of(fold_vietnamese(text));
  if (words.empty() || words.size() > 12) return std::nullopt;
  const std::vector<std::string> unit_words = words_of(fold_vietnamese(unit));
  const std::string unit_word = unit_words.empty() ? std::string() : unit_words.front();
  bool verb = false;
  std::optional<int> qty;
  bool unit_after_qty = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (is_doubt(w)) return std::nullopt;
    if (is_verb(w)) {
      verb = true;
      continue;
    }
    if (auto n = number_of(w)) {
      // "mười hai": ten then a digit word.
      if (qty && *qty == 10 && *n < 10) {
        qty = 10 + *n;
        continue;
      }
      if (qty) return std::nullopt;  // two quantities: not a plain order
      // "ba" alone is also "dad"/a name: a number word counts only beside a verb or a unit.
      const bool digits = w[0] >= '0' && w[0] <= '9';
      const bool next_is_unit = i + 1 < words.size() && !unit_word.empty() && words[i + 1] == unit_word;
      if (!digits && !verb && !next_is_unit) continue;
      qty = *n;
      unit_after_qty = next_is_unit;
    }
  }
  if (!qty || *qty < 1 || *qty > max_quantity) return std::nullopt;
  // "2 hộp nhé shop" orders without a verb; "2" alone does not.
  if (!verb && !unit_after_qty) return std::nullopt;
  return ChatOrder{*qty};
}

}  // namespace ocop::domain
