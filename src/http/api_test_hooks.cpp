// Routes for tests that need to break what cannot be broken from outside
// (a GStreamer element failing mid-stream). Registered only when the server
// starts with OCOPLIVE_TEST_HOOKS=1, and for organizers only.
#include "http/api.h"

namespace ocop::http {

void add_test_hook_routes(Router& router, ApiContext& ctx) {
  router.add(Method::kPost, "/api/v1/test/booths/{id}/pipeline-error", [&ctx](Request& req, Responder res) {
    auto user = require_user(ctx, req, res);
    if (!user) return;
    if (user->role != domain::Role::kOrganizer) return res.send(Response::error(403, "forbidden", "organizers only"));
    if (!ctx.break_pipeline || !ctx.break_pipeline(req.ids[0]))
      return res.send(Response::error(409, "offline", "the booth has no media pipeline"));
    res.send(Response::json(200, {{"ok", true}}));
  });
}

}  // namespace ocop::http
