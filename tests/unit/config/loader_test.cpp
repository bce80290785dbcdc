#include <catch2/catch.hpp>

#include "config/loader.h"

using namespace ocop::config;

SCENARIO("the config file is strict and names the offending key", "[config]") {
  GIVEN("an empty object") {
    auto c = parse_config("{}");
    REQUIRE(c.ok());
    THEN("defaults hold") {
      CHECK(c->server.http_port == 8080);
      CHECK(c->rtmp.port == 1935);
      CHECK(c->server.bind == "0.0.0.0");
      CHECK(c->http.max_body_bytes == 1u << 20);
    }
  }
  GIVEN("comments and overrides") {
    auto c = parse_config("// top\n{ /* x */ \"rtmp\": {\"port\": 1940, \"always_take_over\": true},\n"
                          " \"webrtc\": {\"ice_addresses\": [\"127.0.0.1\"]} }");
    REQUIRE(c.ok());
    CHECK(c->rtmp.port == 1940);
    CHECK(c->rtmp.always_take_over);
    CHECK(c->webrtc.ice_addresses == std::vector<std::string>{"127.0.0.1"});
  }
  GIVEN("mistakes") {
    struct Case {
      const char* text;
      const char* message;
    };
    const Case cases[] = {
        {"{\"rtmp\":{\"prot\":1}}", "unknown key 'rtmp.prot'"},
        {"{\"extra\":1}", "unknown key 'extra'"},
        {"{\"server\":{\"http_port\":\"80\"}}", "'server.http_port' must be an integer 0..65535"},
        {"{\"server\":{\"http_port\":65536}}", "'server.http_port' must be an integer 0..65535"},
        {"{\"server\":{\"http_port\":80.5}}", "'server.http_port' must be an integer 0..65535"},
        {"{\"rtmp\":{\"always_take_over\":1}}", "'rtmp.always_take_over' must be true or false"},
        {"{\"webrtc\":{\"ice_addresses\":\"127.0.0.1\"}}", "'webrtc.ice_addresses' must be a list of strings"},
        {"{\"webrtc\":{\"ice_addresses\":[\"not-an-ip\"]}}", "'webrtc.ice_addresses' holds 'not-an-ip'"},
        {"{\"webrtc\":{\"udp_port_min\":5000}}", "set together"},
        {"{\"webrtc\":{\"transcode_preset\":\"placebo\"}}", "transcode_preset"},
        {"{\"log\":{\"level\":\"loud\"}}", "'log.level'"},
        {"{\"hub\":5}", "'hub' must be an object"},
        {"[]", "top level must be an object"},
        {"{", "not valid JSON"},
    };
    for (const auto& tc : cases) {
      auto c = parse_config(tc.text);
      INFO(tc.text);
      REQUIRE_FALSE(c.ok());
      CHECK_THAT(c.error().message, Catch::Contains(tc.message));
    }
  }
}

SCENARIO("the command line beats the config", "[config][cli]") {
  auto cli = parse_command_line({"--http-port", "0", "--rtmp-port", "1936", "--ice-addresses", "127.0.0.1, ::1",
                                 "--data-dir", "/tmp/x", "--bind", "127.0.0.1", "--demo"});
  REQUIRE(cli.ok());
  Config cfg;
  cfg.server.http_port = 9000;
  apply_command_line(*cli, cfg);
  CHECK(cfg.server.http_port == 0);
  CHECK(cfg.rtmp.port == 1936);
  CHECK(cfg.webrtc.ice_addresses == std::vector<std::string>{"127.0.0.1", "::1"});
  CHECK(cfg.server.data_dir == "/tmp/x");
  CHECK(cli->demo);

  CHECK_FALSE(parse_command_line({"--http-port", "x"}).ok());
  CHECK_FALSE(parse_command_line({"--http-port", "99999"}).ok());
  CHECK_FALSE(parse_command_line({"--http-port"}).ok());
  CHECK_FALSE(parse_command_line({"--nope"}).ok());
  auto org = parse_command_line({"create-organizer", "boss"});
  REQUIRE(org.ok());
  CHECK(org->command == "create-organizer");
  CHECK(org->command_arg == "boss");
}

SCENARIO("webrtc.cors_origins: any origin by default, else origins only", "[config][whep]") {
  CHECK(parse_config("{}")->webrtc.cors_origins == std::vector<std::string>{"*"});
  auto listed = parse_config(R"({"webrtc":{"cors_origins":["https://shop.example.vn","http://127.0.0.2:8080"]}})");
  REQUIRE(listed.ok());
  CHECK(listed->webrtc.cors_origins == std::vector<std::string>{"https://shop.example.vn", "http://127.0.0.2:8080"});
  CHECK(parse_config(R"({"webrtc":{"cors_origins":[]}})")->webrtc.cors_origins.empty());
  for (const char* bad : {R"({"webrtc":{"cors_origins":"*"}})", R"({"webrtc":{"cors_origins":[1]}})"}) {
    auto c = parse_config(bad);
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.error().message, Catch::Contains("'webrtc.cors_origins' must be a list of strings"));
  }
  auto slash = parse_config(R"({"webrtc":{"cors_origins":["https://shop.example.vn/"]}})");
  REQUIRE_FALSE(slash.ok());
  CHECK_THAT(slash.error().message, Catch::Contains("'webrtc.cors_origins' holds 'https://shop.example.vn/'"));
}

SCENARIO("server.embed_origins: nobody frames by default; origins only, no CSP syntax", "[config][embed]") {
  CHECK(parse_config("{}")->server.embed_origins.empty());
  auto listed = parse_config(R"({"server":{"embed_origins":["https://ocop.laocai.gov.vn","http://127.0.0.2:8080"]}})");
  REQUIRE(listed.ok());
  CHECK(listed->server.embed_origins == std::vector<std::string>{"https://ocop.laocai.gov.vn", "http://127.0.0.2:8080"});
  for (const char* bad : {"https://a.vn/embed", "https://a.vn; script-src *", "a.vn", "'self'", "https://a.vn b.vn"}) {
    INFO(bad);
    auto c = parse_config(std::string(R"({"server":{"embed_origins":[")") + bad + "\"]}}");
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.error().message, Catch::Contains("'server.embed_origins' holds"));
  }
  std::string many = R"({"server":{"embed_origins":[)";
  for (int i = 0; i < 21; ++i) many += (i ? "," : "") + std::string("\"https://s") + std::to_string(i) + ".vn\"";
  auto c = parse_config(many + "]}}");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.error().message, Catch::Contains("at most 20"));
}
