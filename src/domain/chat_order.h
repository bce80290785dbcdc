#pragma once
// Comment-to-order: whether a chat line reads as an order for the pinned
// product, as Vietnamese buyers type them ("lấy 2", "chốt 1 hộp", "đặt ba
// chai", "2 hộp nhé shop", "mua 1"), with or without diacritics, numbers as
// digits or words, units from the product. Pure; the page only opens the
// order sheet with the quantity filled in, the buyer still confirms it.
#include <optional>
#include <string_view>

namespace ocop::domain {

struct ChatOrder {
  int quantity = 1;
};

// `unit`: the pinned product's unit ("hộp", "chai 500ml"); its first word
// counts as a unit in the message. Nothing for a question ("còn 2 hộp không?"),
// a quantity over `max_quantity` or a line of more than 12 words.
std::optional<ChatOrder> parse_chat_order(std::string_view text, std::string_view unit, int max_quantity = 10);

}  // namespace ocop::domain
