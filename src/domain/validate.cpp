#include "domain/validate.h"

#include <algorithm>
#include <limits>

#include "domain/ocop.h"
#include "domain/phone.h"
#include "domain/text.h"

namespace ocop::domain {

namespace {

using nlohmann::json;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
// Unknown keys are echoed in messages: keep that echo short.
constexpr size_t kMaxEchoedKeyBytes = 64;

std::string echo_key(std::string_view key) {
  if (key.size() <= kMaxEchoedKeyBytes) return std::string(key);
  size_t cut = kMaxEchoedKeyBytes;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;
  return std::string(key.substr(0, cut)) + "...";
}

std::string integer_rule(int64_t min, int64_t max) {
  if (max == kInt64Max) return "must be an integer >= " + std::to_string(min);
  return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string length_rule(const TextRule& rule) {
  if (rule.min_chars == 0) return "must be at most " + std::to_string(rule.max_chars) + " characters";
  return "must be " + std::to_string(rule.min_chars) + " to " + std::to_string(rule.max_chars) +
         " characters";
}

std::string crlf_to_lf(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string groups_list() {
  std::string out;
  for (const auto& g : product_groups()) {
    if (!out.empty()) out += ", ";
    out += g.code;
  }
  return out;
}

}  // namespace

Error invalid_field(std::string_view field, std::string_view what, std::string_view rule) {
  return field_error(std::string(kInvalidCode), std::string(field), std::string(rule), std::string(what));
}

// ---- FieldReader ----

FieldReader::FieldReader(const json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) {
    const std::string name = prefix_.empty() ? "body" : prefix_.substr(0, prefix_.size() - 1);
    error_ = invalid_field(name, "must be a JSON object");
  }
}

bool FieldReader::has(std::string_view key) const {
  return object_.is_object() && object_.contains(std::string(key));
}

bool FieldReader::is_null(std::string_view key) const {
  if (!object_.is_object()) return false;
  const auto it = object_.find(std::string(key));
  return it != object_.end() && it->is_null();
}

void FieldReader::fail(std::string_view key, std::string_view what, std::string_view rule) {
  if (!error_) error_ = invalid_field(prefix_ + std::string(key), what, rule);
}

const json* FieldReader::find(std::string_view key, Need need) {
  if (error_) return nullptr;
  const auto it = object_.find(std::string(key));
  if (it == object_.end()) {
    if (need == Need::kRequired) fail(key, "is required", "required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> FieldReader::text(std::string_view key, const TextRule& rule,
                                             Need need) {
  const json* v = find(key, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "must be a string", "wrong_type");
    return std::nullopt;
  }
  const auto& raw = v->get_ref<const std::string&>();
  // Cheap bound first: a code point is at most 4 bytes (plus spaces to trim).
  if (raw.size() > rule.max_chars * 4 + 4096) {
    fail(key, length_rule(rule), "too_long");
    return std::nullopt;
  }
  if (!is_valid_utf8(raw)) {
    fail(key, "must be valid UTF-8", "bad_text");
    return std::nullopt;
  }
  std::string value = rule.multiline ? crlf_to_lf(raw) : raw;
  if (rule.flatten) std::replace_if(value.begin(), value.end(), [](char c) {
    return c == '\t' || c == '\r' || c == '\n';
  }, ' ');
  if (rule.trim) value = trim(value);
  const bool bad_whitespace = rule.multiline ? value.find('\t') != std::string::npos
                                             : value.find_first_of("\t\n") != std::string::npos;
  if (has_control_chars(value) || bad_whitespace) {
    fail(key, "must not contain control characters", "bad_text");
    return std::nullopt;
  }
  if (longest_combining_run(value) > kMaxCombiningMarks) {
    fail(key, "has too many accents stacked on one letter", "bad_text");
    return std::nullopt;
  }
  const size_t chars = utf8_length(value);
  if (chars < rule.min_chars || chars > rule.max_chars) {
    fail(key, chars == 0 ? "must not be empty" : length_rule(rule),
         chars == 0 ? "required" : chars < rule.min_chars ? "too_short" : "too_long");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> FieldReader::raw_text(std::string_view key, size_t min_bytes,
                                                 size_t max_bytes, Need need) {
  const json* v = find(key, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "must be a string", "wrong_type");
    return std::nullopt;
  }
  const auto& value = v->get_ref<const std::string&>();
  if (!is_valid_utf8(value)) {
    fail(key, "must be valid UTF-8", "bad_text");
    return std::nullopt;
  }
  if (value.size() < min_bytes || value.size() > max_bytes) {
    fail(key, "must be " + std::to_string(min_bytes) + " to " + std::to_string(max_bytes) + " bytes",
         value.size() < min_bytes ? "too_short" : "too_long");
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> FieldReader::integer(std::string_view key, int64_t min, int64_t max,
                                            Need need) {
  const json* v = find(key, need);
  if (!v) return std::nullopt;
  // nlohmann keeps integers and floats apart: 3.0 and 1e3 are floats, and
  // integers above INT64_MAX arrive as unsigned.
  bool in_range = false;
  int64_t value = 0;
  if (v->is_number_unsigned()) {
    const auto u = v->get<uint64_t>();
    if (u <= static_cast<uint64_t>(kInt64Max)) {
      value = static_cast<int64_t>(u);
      in_range = true;
    }
  } else if (v->is_number_integer()) {
    value = v->get<int64_t>();
    in_range = true;
  }
  if (!in_range || value < min || value > max) {
    fail(key, integer_rule(min, max), v->is_number() ? "out_of_range" : "wrong_type");
    return std::nullopt;
  }
  return value;
}

std::optional<std::optional<int64_t>> FieldReader::nullable_integer(std::string_view key,
                                                                    int64_t min, int64_t max,
                                                                    Need need) {
  if (error_) return std::nullopt;
  if (is_null(key)) return std::optional<int64_t>{};
  if (!has(key)) {
    if (need == Need::kRequired) fail(key, "is required", "required");
    return std::nullopt;
  }
  auto v = integer(key, min, max, need);
  if (!v) {
    error_->message += " or null";
    return std::nullopt;
  }
  return std::optional<int64_t>{*v};
}

void FieldReader::reject_unknown(std::initializer_list<std::string_view> known) {
  if (error_) return;
  for (const auto& item : object_.items()) {
    const std::string& key = item.key();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail(echo_key(key), "unknown field", "unknown_field");
      return;
    }
  }
}

// ---- Small rules ----

bool is_acceptable_url(std::string_view url) {
  if (url.empty()) return true;
  if (!is_valid_utf8(url) || has_control_chars(url)) return false;
  for (char c : url) {
    // Browsers read "/\host" as "//host": a backslash is never needed.
    if (c == ' ' || c == '\t' || c == '\n' || c == '\\') return false;
  }
  if (url[0] == '/') return url.size() == 1 || url[1] != '/';  // "//host" leaves the site
  for (std::string_view scheme : {"https://", "http://"}) {
    if (starts_with_nocase(url, scheme)) {
      const auto rest = url.substr(scheme.size());
      return !rest.empty() && rest[0] != '/' && rest[0] != '?' && rest[0] != '#';
    }
  }
  return false;
}

bool is_valid_username(std::string_view u) {
  if (u.size() < 3 || u.size() > 32) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

// ---- Products ----

void ProductInput::apply_to(Product& p) const {
  const bool claim_changed = (stars && *stars != p.stars) ||
                             (certificate_date && *certificate_date != p.certificate_date) ||
                             (certificate_number && *certificate_number != p.certificate_number);
  if (claim_changed) {
    p.ocop_status = OcopStatus::kPending;
    p.ocop_reason.clear();
  }
  if (certificate_number) p.certificate_number = *certificate_number;
  if (name) p.name = *name;
  if (producer) p.producer = *producer;
  if (province) p.province = *province;
  if (group) p.group = *group;
  if (stars) p.stars = *stars;
  if (certificate_date) p.certificate_date = *certificate_date;
  if (price) p.price = *price;
  if (unit) p.unit = *unit;
  if (stock) p.stock = *stock;
  if (story) p.story = *story;
  if (image_url) p.image_url = *image_url;
  if (traceability_url) p.traceability_url = *traceability_url;
}

namespace {

std::optional<std::string> read_province(FieldReader& r, Need need) {
  auto v = r.text("province", {0, 64}, need);
  if (v && !is_province(*v)) {
    r.fail("province", "must be one of the 34 provinces, spelled as in Vietnamese (e.g. \"Hà Nội\")");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> read_url(FieldReader& r, std::string_view key) {
  auto v = r.text(key, {0, kMaxUrlChars}, Need::kOptional);
  if (v && !is_acceptable_url(*v)) {
    r.fail(key, "must be empty, a path starting with / or an http(s) URL");
    return std::nullopt;
  }
  return v;
}

Result<ProductInput> validate_product(const json& body, int64_t now, bool create) {
  FieldReader r(body);
  r.reject_unknown({"name", "producer", "province", "group", "stars", "certificate_date", "price",
                    "unit", "stock", "story", "image_url", "traceability_url", "certificate_number"});
  const Need need = create ? Need::kRequired : Need::kOptional;
  ProductInput in;
  in.name = r.text("name", kProductNameRule, need);
  in.producer = r.text("producer", kProducerRule, need);
  in.province = read_province(r, need);
  in.group = r.text("group", {0, 64}, need);
  if (in.group && !is_product_group(*in.group)) {
    r.fail("group", "must be one of " + groups_list());
  }
  if (auto stars = r.integer("stars", kMinStars, kMaxStars, need)) {
    in.stars = static_cast<int>(*stars);
  }
  in.certificate_date = r.text("certificate_date", {0, 64}, need);
  if (in.certificate_date) {
    const auto date = parse_date(*in.certificate_date);
    if (!date) {
      r.fail("certificate_date", "must be a real date YYYY-MM-DD");
    } else if (to_unix_day_start(*date) > now + kVietnamUtcOffsetSeconds) {
      r.fail("certificate_date", "must not be in the future");
    }
  }
  in.price = r.integer("price", 0, kMaxPriceVnd, need);
  in.unit = r.text("unit", kUnitRule, need);
  in.stock = r.integer("stock", 0, kMaxStock, need);
  in.story = r.text("story", kStoryRule, Need::kOptional);
  in.image_url = r.text("image_url", {0, kMaxUrlChars}, Need::kOptional);
  if (in.image_url && !in.image_url->empty() && ((*in.image_url)[0] != '/' || !is_acceptable_url(*in.image_url))) {
    r.fail("image_url", "upload the photo instead; links to other sites are not shown");
    in.image_url.reset();
  }
  in.traceability_url = read_url(r, "traceability_url");
  in.certificate_number = r.text("certificate_number", kCertificateNumberRule, Need::kOptional);
  if (!r.ok()) return r.error();
  if (create) {
    if (!in.certificate_number) in.certificate_number = "";
    if (!in.story) in.story = "";
    if (!in.image_url) in.image_url = "";
    if (!in.traceability_url) in.traceability_url = "";
  }
  return in;
}

}  // namespace

Result<ProductInput> validate_product_create(const json& body, int64_t now) {
  return validate_product(body, now, true);
}

Result<ProductInput> validate_product_update(const json& body, int64_t now) {
  return validate_product(body, now, false);
}

Result<OcopReview> validate_ocop_review(const json& body) {
  FieldReader r(body);
  r.reject_unknown({"approved", "reason"});
  if (!r.ok()) return r.error();
  OcopReview out;
  if (!r.has("approved") || !body.at("approved").is_boolean()) {
    return invalid_field("approved", "must be true or false");
  }
  out.approved = body.at("approved").get<bool>();
  auto reason = r.text("reason", kOcopReasonRule, out.approved ? Need::kOptional : Need::kRequired);
  if (!r.ok()) return r.error();
  if (reason) out.reason = std::move(*reason);
  return out;
}

std::optional<std::string> normalize_order_code(std::string_view text) {
  constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  constexpr size_t kSymbols = 6;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::string up;
  for (char c : text) up.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  std::string_view v = up;
  if (v.rfind("OC-", 0) == 0) v.remove_prefix(3);
  if (v.size() != kSymbols) return std::nullopt;
  for (char c : v) {
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
  }
  return "OC-" + std::string(v);
}

// ---- Market days, booths, users ----

Result<MarketDay> validate_market_day(const json& body) {
  FieldReader r(body);
  r.reject_unknown({"title", "starts_at", "ends_at"});
  MarketDay day;
  auto title = r.text("title", {1, 200}, Need::kRequired);
  auto starts = r.integer("starts_at", 0, kInt64Max, Need::kRequired);
  auto ends = r.integer("ends_at", 0, kInt64Max, Need::kRequired);
  if (!r.ok()) return r.error();
  if (*ends <= *starts) return invalid_field("ends_at", "must be after starts_at", "before_start");
  if (*ends - *starts > kMaxMarketDaySeconds) {
    return invalid_field("ends_at", "must be at most 7 days after starts_at", "too_long");
  }
  day.title = std::move(*title);
  day.starts_at = *starts;
  day.ends_at = *ends;
  return day;
}

Result<MarketDay> validate_market_day_update(const json& body, const MarketDay& current) {
  FieldReader r(body);
  r.reject_unknown({"title", "starts_at", "ends_at"});
  auto title = r.text("title", {1, 200}, Need::kOptional);
  auto starts = r.integer("starts_at", 0, kInt64Max, Need::kOptional);
  auto ends = r.integer("ends_at", 0, kInt64Max, Need::kOptional);
  if (!r.ok()) return r.error();
  json merged = {{"title", title.value_or(current.title)},
                 {"starts_at", starts.value_or(current.starts_at)},
                 {"ends_at", ends.value_or(current.ends_at)}};
  auto day = validate_market_day(merged);
  if (day.ok()) day->id = current.id;
  return day;
}

namespace {

constexpr TextRule kDisplayNameRule{0, 100};

// display_name and phone beside other fields of `r`'s object.
SellerProfile read_profile(FieldReader& r) {
  SellerProfile p;
  if (auto name = r.text("display_name", kDisplayNameRule, Need::kOptional)) p.display_name = std::move(*name);
  if (auto phone = r.text("phone", {0, 32}, Need::kOptional); phone && !phone->empty()) {
    auto normalized = normalize_vn_phone(*phone);
    if (normalized) p.phone = std::move(*normalized);
    else r.fail("phone", "must be a Vietnamese mobile number, e.g. 0912 345 678", "bad_phone");
  }
  return p;
}

void check_username(FieldReader& r, const std::optional<std::string>& username) {
  if (username && !is_valid_username(*username)) r.fail("username", "must be 3 to 32 of a-z 0-9 _ . -", "bad_username");
}

Result<NewSellerInput> validate_new_seller(const json& object) {
  if (!object.is_object()) return invalid_field("new_seller", "must be an object", "wrong_type");
  FieldReader r(object, "new_seller.");
  r.reject_unknown({"username", "display_name", "phone"});
  auto username = r.raw_text("username", 3, 32, Need::kRequired);
  check_username(r, username);
  SellerProfile profile = read_profile(r);
  if (!r.ok()) return r.error();
  return NewSellerInput{std::move(*username), std::move(profile)};
}

Result<BoothInput> validate_booth(const json& body, bool create) {
  FieldReader r(body);
  if (create) r.reject_unknown({"market_day_id", "name", "province", "seller_id", "visibility", "new_seller"});
  else r.reject_unknown({"market_day_id", "name", "province", "seller_id", "visibility"});
  const Need need = create ? Need::kRequired : Need::kOptional;
  BoothInput in;
  in.market_day_id = r.integer("market_day_id", 1, kInt64Max, need);
  in.name = r.text("name", {1, 120}, need);
  in.province = read_province(r, need);
  in.seller_id = r.nullable_integer("seller_id", 1, kInt64Max, Need::kOptional);
  if (auto v = r.text("visibility", {1, 16}, Need::kOptional)) {
    in.visibility = parse_visibility(*v);
    if (!in.visibility) r.fail("visibility", "must be \"public\" or \"private\"");
  }
  if (!r.ok()) return r.error();
  if (create && body.contains("new_seller") && !body.at("new_seller").is_null()) {
    if (in.seller_id && *in.seller_id)
      return invalid_field("new_seller", "give seller_id or new_seller, not both", "invalid");
    auto seller = validate_new_seller(body.at("new_seller"));
    if (!seller.ok()) return seller.error();
    in.new_seller = std::move(*seller);
  }
  if (create && !in.seller_id) in.seller_id = std::optional<int64_t>{};
  return in;
}
}  // namespace

Result<BoothInput> validate_booth_create(const json& body) { return validate_booth(body, true); }
Result<BoothInput> validate_booth_update(const json& body) { return validate_booth(body, false); }

Result<NewUserInput> validate_new_user(const json& body) {
  FieldReader r(body);
  r.reject_unknown({"username", "password", "role", "display_name", "phone"});
  auto username = r.raw_text("username", 3, 32, Need::kRequired);
  check_username(r, username);
  auto password = r.raw_text("password", 8, 128, Need::kRequired);
  SellerProfile profile = read_profile(r);
  auto role = r.raw_text("role", 1, 16, Need::kRequired);
  std::optional<Role> parsed;
  if (role) {
    parsed = parse_role(*role);
    if (parsed != Role::kSeller && parsed != Role::kOrganizer) {
      r.fail("role", "must be \"seller\" or \"organizer\"");
    }
  }
  if (!r.ok()) return r.error();
  return NewUserInput{std::move(*username), std::move(*password), *parsed, std::move(profile)};
}

Result<PasswordChange> validate_password_change(const json& body) {
  FieldReader r(body);
  r.reject_unknown({"current_password", "new_password"});
  auto current = r.raw_text("current_password", 1, 128, Need::kRequired);
  auto fresh = r.raw_text("new_password", 8, 128, Need::kRequired);
  if (!r.ok()) return r.error();
  if (*fresh == *current) return invalid_field("new_password", "must differ from the current password", "same_password");
  return PasswordChange{std::move(*current), std::move(*fresh)};
}

Result<LoginInput> validate_login(const json& body) {
  FieldReader r(body);
  r.reject_unknown({"username", "password"});
  auto username = r.raw_text("username", 1, 64, Need::kRequired);
  auto password = r.raw_text("password", 1, 128, Need::kRequired);
  if (!r.ok()) return r.error();
  return LoginInput{std::move(*username), std::move(*password)};
}

// ---- Order customer fields ----

Result<OrderCustomer> validate_order_customer(const json& object) {
  FieldReader r(object);
  OrderCustomer c;
  auto name = r.text("name", kCustomerNameRule, Need::kRequired);
  auto phone = r.text("phone", {1, 32}, Need::kRequired);
  std::optional<std::string> normalized;
  if (phone) {
    normalized = normalize_vn_phone(*phone);
    if (!normalized) r.fail("phone", "must be a Vietnamese mobile number, e.g. 0912 345 678");
  }
  auto address = r.text("address", kAddressRule, Need::kRequired);
  std::optional<std::string> note;
  if (!r.is_null("note")) note = r.text("note", kOrderNoteRule, Need::kOptional);
  if (!r.ok()) return r.error();
  c.name = std::move(*name);
  c.phone = std::move(*normalized);
  c.address = std::move(*address);
  c.note = note.value_or("");
  return c;
}

}  // namespace ocop::domain
