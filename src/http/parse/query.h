#pragma once
// application/x-www-form-urlencoded query strings ("a=1&b=x%20y"), with
// limits on count and length. Duplicate keys: the first wins.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ocop::http {

struct QueryLimits {
  size_t max_length = 2048;
  size_t max_params = 32;
};

using QueryParams = std::map<std::string, std::string>;

Result<QueryParams> parse_query(std::string_view query, const QueryLimits& limits = {});
// Pairs that an HTTP library already split at '&' and percent-decoded
// ("k=v" each): split at the first '=', with the same limits.
Result<QueryParams> query_from_decoded_pairs(const std::vector<std::string>& pairs, const QueryLimits& limits = {});
// Percent-decoding; '+' is a space. Fails on a bad escape or a NUL byte.
bool percent_decode(std::string_view in, std::string& out);

}  // namespace ocop::http
