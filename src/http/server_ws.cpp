// The websocket side of the server: upgrade, receive (text frames, bounded
// messages) and the per-client send queue written in batches.
#include <cstring>
#include <string>

#include "http/server_conn.h"

namespace ocop::http {
namespace {

constexpr int kMaxFramesPerWrite = 32;

}  // namespace

int Server::on_ws_established(lws* wsi, Conn& c) {
  WsUpgrade up;
  up.path = header(wsi, WSI_TOKEN_GET_URI);
  up.cookie = header(wsi, WSI_TOKEN_HTTP_COOKIE);
  up.peer = client_of(wsi);
  const WsAcceptor* acceptor = router_.ws_route(up);
  if (!acceptor) return -1;
  auto ws = std::make_shared<WsConn>();
  ws->wsi = wsi;
  ws->server = this;
  ws->peer = up.peer;
  c.ws = ws;
  ++ws_count_;
  ws->handler = (*acceptor)(up, ws);
  if (!ws->handler) {
    lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, nullptr, 0);
    return -1;
  }
  return 0;
}

int Server::on_ws_receive(lws* wsi, Conn& c, const char* data, size_t len) {
  WsConn& ws = *c.ws;
  if (ws.closed) return -1;
  if (lws_frame_is_binary(wsi)) {
    static const char kWhy[] = "text frames only";
    lws_close_reason(wsi, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE, (unsigned char*)kWhy, sizeof kWhy - 1);
    return -1;
  }
  if (ws.partial.size() + len > options_.max_ws_message) {
    static const char kWhy[] = "message over 64 KiB";
    lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, (unsigned char*)kWhy, sizeof kWhy - 1);
    return -1;
  }
  ws.partial.append(data, len);
  if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;
  std::string message = std::move(ws.partial);
  ws.partial.clear();
  auto keep = c.ws;  // the handler may close and drop the connection
  if (keep->handler) keep->handler->on_message(message);
  return 0;
}

int Server::write_ws(lws* wsi, Conn& c) {
  WsConn& ws = *c.ws;
  if (ws.closed) return -1;
  if (ws.pending() > 0) {
    // Several frames per writeable event while the socket takes them: a
    // client with a backlog costs one poll round trip per batch, not per
    // message. Bounded, so one client cannot hold the control thread.
    for (int n = 0; n < kMaxFramesPerWrite && ws.pending() > 0; ++n) {
      if (n > 0 && lws_send_pipe_choked(wsi)) break;
      auto& from = ws.replies.empty() ? ws.queue : ws.replies;
      const std::string& msg = *from.front();
      if (ws.scratch.size() < LWS_PRE + msg.size()) ws.scratch.resize(LWS_PRE + msg.size());
      std::memcpy(ws.scratch.data() + LWS_PRE, msg.data(), msg.size());
      if (lws_write(wsi, ws.scratch.data() + LWS_PRE, msg.size(), LWS_WRITE_TEXT) < static_cast<int>(msg.size()))
        return -1;
      from.pop_front();
    }
    ws.progress_us = g_get_monotonic_time();
    if (ws.pending() > 0 || ws.close_request) lws_callback_on_writable(wsi);
    return 0;
  }
  if (ws.close_request) {
    // lws 4.1 closes the socket without sending this reason when a
    // writeable callback asks to close (the client sees 1006).
    auto& [status, reason] = *ws.close_request;
    lws_close_reason(wsi, static_cast<lws_close_status>(status),
                     reinterpret_cast<unsigned char*>(reason.data()), reason.size());
    return -1;
  }
  return 0;
}

}  // namespace ocop::http
