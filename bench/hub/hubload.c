// hubload: the load client of the hub benchmark (bench/hub/run.sh drives it).
//
// Phases, in this order, all in one room (ws://127.0.0.1:PORT/ws/booths/BOOTH);
// --phases picks which run:
//   connect  N viewers (+1 seller with --seller-cookie) connect and say hello
//   chat     --rate messages/s in total from --senders connections, each text
//            "bench SEQ SEND_NS"; every receipt gives a send->receive delay
//   orders   --orderers connections place orders on --product, closed loop
//            (one outstanding each), for --order-seconds
//   deal     the seller pins --product with a deal of --deal-qty; each orderer
//            fires --deal-orders at once; exactly deal-qty acks must come back
// With --server-pid it samples the server's utime+stime and RSS from /proc at
// each phase boundary, and its own rusage and /proc/stat for the rest of the
// box. Progress goes to stderr once a second; the last stdout line is
// "RESULT {json}" for bench/hub/run.mjs.
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"
#include "wsclient.h"

static struct {
  int port, booth, clients, senders, orderers, deal_orders, server_pid, conc;
  double rate, chat_seconds, order_seconds, drain_seconds, deal_wait_seconds;
  long product, deal_qty, deal_price;
  const char *seller_cookie, *phases;
} opt = {0, 1, 1000, 4, 200, 2, 0, 256, 20.0, 30.0, 15.0, 10.0, 120.0, 0, 0, 99000, NULL, "chat,orders,deal"};

static uint64_t t_start;
static double since_start(void) { return (double)(now_ns() - t_start) / 1e9; }

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "hubload: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(2);
}

static conn_t *conns;
static int nconns;

static struct {
  uint64_t welcome, chat, stock, card, order_staff, ack, rejected, errors, other;
  uint64_t reject_reason[6];
  uint64_t error_rate_limited;
  char first_error[200];
} st;

static const char *kReasons[] = {"out_of_stock", "invalid", "rate_limited", "deal_ended", "other"};

// ---------------------------------------------------------------- phases
enum { PH_CONNECT, PH_SETTLE, PH_CHAT, PH_CHAT_DRAIN, PH_ORDERS, PH_ORDERS_DRAIN, PH_DEAL_PIN, PH_DEAL, PH_DONE };
static const char *kPhaseName[] = {"connect", "settle", "chat", "chat-drain", "orders", "orders-drain",
                                   "deal-pin", "deal", "done"};
static int phase = PH_CONNECT;
static uint64_t phase_t0;

// chat
static uint32_t chat_total, chat_sent;
static uint32_t *chat_expect, *chat_recv;
static uint64_t *chat_last_ns, *chat_send_ns;
static hist_t h_chat, h_chat_all;  // per receipt; per message until its last receipt
static uint64_t chat_deliveries, chat_expected;
static uint64_t chat_foreign;  // chat frames that are not ours

// orders
static hist_t h_order;
static uint64_t orders_sent, orders_acked, orders_rejected, stock_msgs_in_orders;
static uint64_t orders_phase_acks;  // acks received during the timed window
// deal
static uint64_t deal_sent, deal_acked, deal_rejected, deal_reject_reason[6];
static int deal_card_seen;
static hist_t h_deal;

static int is_orderer(int i) { return i < opt.orderers && i < opt.clients; }

static void send_order(conn_t *c, int deal) {
  char buf[512];
  const int idx = c->id;
  c->order_seq++;
  int n = snprintf(buf, sizeof buf,
                   "{\"type\":\"order\",\"client_order_id\":\"%c%d_%u\",\"product_id\":%ld,\"qty\":1,"
                   "\"name\":\"Lan\",\"phone\":\"091%07d\",\"address\":\"12 L\xc3\xaa L\xe1\xbb\xa3i, Hu\xe1\xba\xbf, "
                   "Vi\xe1\xbb\x87t Nam\"}",
                   deal ? 'd' : 'o', idx, c->order_seq, opt.product, idx);
  c->order_sent_ns = now_ns();
  c->outstanding++;
  ws_text(c, buf, (size_t)n);
  if (deal) deal_sent++;
  else orders_sent++;
}

static int reason_index(const jfield_t *r) {
  for (int i = 0; i < 4; i++)
    if (jeq(r, kReasons[i])) return i;
  return 4;
}

void on_message(conn_t *c, const char *s, size_t n, uint64_t t) {
  enum { F_TYPE, F_TEXT, F_COID, F_REASON, F_CODE, F_CARD };
  jfield_t f[] = {{"type", 0, 0}, {"text", 0, 0}, {"client_order_id", 0, 0},
                  {"reason", 0, 0}, {"code", 0, 0}, {"card", 0, 0}};
  json_top(s, n, f, 6);
  const jfield_t *type = &f[F_TYPE];
  if (jeq(type, "chat")) {
    st.chat++;
    const jfield_t *tx = &f[F_TEXT];
    unsigned seq;
    unsigned long long sent;
    char tmp[64];
    if (tx->v && tx->n < sizeof tmp) {
      memcpy(tmp, tx->v, tx->n);
      tmp[tx->n] = 0;
      if (sscanf(tmp, "bench %u %llu", &seq, &sent) == 2 && seq < chat_total) {
        uint64_t us = t > sent ? (t - sent) / 1000 : 0;
        hadd(&h_chat, us);
        chat_recv[seq]++;
        chat_deliveries++;
        chat_last_ns[seq] = t;
        return;
      }
    }
    chat_foreign++;
  } else if (jeq(type, "stock")) {
    st.stock++;
    if (phase == PH_ORDERS || phase == PH_ORDERS_DRAIN) stock_msgs_in_orders++;
  } else if (jeq(type, "order_ack") || jeq(type, "order_rejected")) {
    const int ack = type->n == 9;
    if (ack) st.ack++;
    else st.rejected++;
    const jfield_t *coid = &f[F_COID];
    const int deal = coid->v && coid->v[0] == 'd';
    if (c->outstanding) c->outstanding--;
    uint64_t us = (t - c->order_sent_ns) / 1000;
    if (deal) {
      hadd(&h_deal, us);
      if (ack) deal_acked++;
      else {
        deal_rejected++;
        deal_reject_reason[reason_index(&f[F_REASON])]++;
      }
    } else {
      hadd(&h_order, us);
      if (ack) {
        orders_acked++;
        if (phase == PH_ORDERS) orders_phase_acks++;
      } else {
        orders_rejected++;
        st.reject_reason[reason_index(&f[F_REASON])]++;
      }
      if (phase == PH_ORDERS) send_order(c, 0);
    }
  } else if (jeq(type, "welcome")) {
    st.welcome++;
    ws_mark_ready(c);
  } else if (jeq(type, "card")) {
    st.card++;
    if (c->with_cookie && phase == PH_DEAL_PIN && f[F_CARD].v && f[F_CARD].n > 4) deal_card_seen = 1;
  } else if (jeq(type, "order")) {
    st.order_staff++;
  } else if (jeq(type, "error")) {
    st.errors++;
    if (jeq(&f[F_CODE], "rate_limited")) st.error_rate_limited++;
    if (!st.first_error[0]) snprintf(st.first_error, sizeof st.first_error, "%.*s", (int)(n < 190 ? n : 190), s);
  } else {
    st.other++;
  }
}

void on_upgraded(conn_t *c) {
  char buf[96];
  const int n = snprintf(buf, sizeof buf, "{\"type\":\"hello\",\"nickname\":\"%s%d\"}", c->with_cookie ? "seller" : "v", c->id);
  ws_text(c, buf, (size_t)n);
}

// ---------------------------------------------------------------- reporting
static sample_t s_connect0, s_connect1, s_chat0, s_chat1, s_chat2, s_ord0, s_ord1, s_ord2, s_deal0, s_deal1;
static double deal_card_ms;
static uint64_t chat_deliveries_drained;

static void progress(void) {
  sample_t s;
  take_sample(&s, opt.server_pid);
  static sample_t prev;
  static int have_prev;
  const double srv = have_prev ? srv_cpu_pct(&prev, &s) : -1;
  const double cli = have_prev ? cli_cpu_pct(&prev, &s) : -1;
  fprintf(stderr,
          "[%6.1fs] %-12s open=%d connecting=%d closed=%d | chat sent=%u/%u recv=%.2f%% p50=%.2fms p99=%.2fms | "
          "orders ack=%" PRIu64 " rej=%" PRIu64 " deal ack=%" PRIu64 " | srv cpu=%.0f%% rss=%ldMB | client cpu=%.0f%%\n",
          since_start(), kPhaseName[phase], ws_stats.ready, ws_stats.connecting, ws_stats.closed, chat_sent, chat_total,
          pct_of((double)chat_deliveries, (double)chat_expected), hpct_ms(&h_chat, 50), hpct_ms(&h_chat, 99),
          orders_acked, orders_rejected, deal_acked, srv, s.srv_rss_kb / 1024, cli);
  prev = s;
  have_prev = 1;
}

// EXACT: every order answered and exactly deal-qty acks; INCOMPLETE: answers
// still missing when --deal-wait-seconds ran out (the stored orders tell).
static const char *deal_verdict(void) {
  if (deal_acked + deal_rejected < deal_sent) return (long)deal_acked > opt.deal_qty ? "MISMATCH" : "INCOMPLETE";
  return (long)deal_acked == opt.deal_qty ? "EXACT" : "MISMATCH";
}

static void report(void) {
  FILE *o = stdout;
  const int ran_chat = s_chat0.wall_ns != 0, ran_orders = s_ord0.wall_ns != 0, ran_deal = s_deal0.wall_ns != 0;
  // Per message: from its send until the last client had it.
  for (uint32_t k = 0; k < chat_sent; k++)
    if (chat_last_ns[k] && chat_recv[k] == chat_expect[k]) hadd(&h_chat_all, (chat_last_ns[k] - chat_send_ns[k]) / 1000);
  uint32_t complete = 0;
  for (uint32_t k = 0; k < chat_sent; k++) complete += chat_recv[k] >= chat_expect[k];
  // Server CPU from the first message until the drain ended, per receipt counted by then.
  const double chat_srv_us = ran_chat ? per((s_chat2.srv_cpu_s - s_chat0.srv_cpu_s) * 1e6, (double)chat_deliveries_drained) : 0;
  const double chat_cli_us = ran_chat ? per((s_chat2.cli_cpu_s - s_chat0.cli_cpu_s) * 1e6, (double)chat_deliveries_drained) : 0;
  const double ord_secs = ran_orders ? secs(&s_ord0, &s_ord1) : 0;
  const double ord_srv_ms = ran_orders ? per((s_ord2.srv_cpu_s - s_ord0.srv_cpu_s) * 1e3, (double)orders_acked) : 0;

  fprintf(o, "\n== hub benchmark: %d clients%s in booth %d; phases %s ==\n", opt.clients,
          opt.seller_cookie ? " + seller" : "", opt.booth, opt.phases);
  fprintf(o, "connect   %d ready in %.1f s (%.0f/s), %d refused or closed; server cpu %.0f%%, rss %.1f MB\n", ws_stats.ready,
          secs(&s_connect0, &s_connect1), per(ws_stats.ready, secs(&s_connect0, &s_connect1)), ws_stats.refused,
          srv_cpu_pct(&s_connect0, &s_connect1),
          s_connect1.srv_rss_kb / 1024.0);
  if (ran_chat) {
    fprintf(o, "chat      %u msgs in %.1f s (%.1f/s) from %d senders; received %" PRIu64 "/%" PRIu64
               " (%.3f%%) by %.0f s after the last send; %u/%u messages reached everyone\n",
            chat_sent, secs(&s_chat0, &s_chat1), per(chat_sent, secs(&s_chat0, &s_chat1)), opt.senders,
            chat_deliveries_drained, chat_expected, pct_of((double)chat_deliveries_drained, (double)chat_expected),
            secs(&s_chat1, &s_chat2), complete, chat_sent);
    fprintf(o, "          delay send->receipt  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", hpct_ms(&h_chat, 50),
            hpct_ms(&h_chat, 99), hmax_ms(&h_chat));
    fprintf(o, "          until the last client p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", hpct_ms(&h_chat_all, 50),
            hpct_ms(&h_chat_all, 99), hmax_ms(&h_chat_all));
    fprintf(o, "          server cpu %.1f%% (%.1f us per receipt), rss %.1f MB | client cpu %.1f%% (%.1f us per receipt), rss %.1f MB\n"
               "          other processes %.0f%% of a core, steal %.1f%%\n",
            srv_cpu_pct(&s_chat0, &s_chat1), chat_srv_us, s_chat2.srv_rss_kb / 1024.0, cli_cpu_pct(&s_chat0, &s_chat1),
            chat_cli_us, s_chat2.cli_maxrss_kb / 1024.0, others_pct(&s_chat0, &s_chat1), steal_pct(&s_chat0, &s_chat1));
  }
  if (ran_orders) {
    fprintf(o, "orders    %" PRIu64 " acked in %.1f s by %d connections: %.1f orders/s; rejected %" PRIu64
               "; ack p50 %.2f ms p99 %.2f ms max %.2f ms\n",
            orders_phase_acks, ord_secs, opt.orderers < opt.clients ? opt.orderers : opt.clients,
            per((double)orders_phase_acks, ord_secs), orders_rejected, hpct_ms(&h_order, 50), hpct_ms(&h_order, 99),
            hmax_ms(&h_order));
    fprintf(o, "          stock broadcasts received %" PRIu64 " (%.1f per order); server cpu %.1f%% (%.2f ms per order) | client cpu %.1f%% | other processes %.0f%% of a core\n",
            stock_msgs_in_orders, per((double)stock_msgs_in_orders, (double)orders_acked),
            srv_cpu_pct(&s_ord0, &s_ord1), ord_srv_ms,
            cli_cpu_pct(&s_ord0, &s_ord1), others_pct(&s_ord0, &s_ord1));
  }
  if (ran_deal) {
    fprintf(o, "deal      quantity %ld: %" PRIu64 " orders sent at once, %" PRIu64 " acked, %" PRIu64
               " rejected (out_of_stock %" PRIu64 ", other %" PRIu64 ") -> %s\n",
            opt.deal_qty, deal_sent, deal_acked, deal_rejected, deal_reject_reason[0],
            deal_rejected - deal_reject_reason[0], deal_verdict());
    fprintf(o, "          card to the seller %.0f ms; answers p50 %.1f ms p99 %.1f ms max %.1f ms; server cpu %.1f%%\n",
            deal_card_ms, hpct_ms(&h_deal, 50), hpct_ms(&h_deal, 99), hmax_ms(&h_deal),
            srv_cpu_pct(&s_deal0, &s_deal1));
  }
  if (st.errors) fprintf(o, "errors    %" PRIu64 " error frames (first: %s)\n", st.errors, st.first_error);
  fflush(o);

  fprintf(o, "RESULT {\"clients\":%d,\"seller\":%s,\"phases\":\"%s\",", opt.clients,
          opt.seller_cookie ? "true" : "false", opt.phases);
  fprintf(o, "\"connect\":{\"ready\":%d,\"refused\":%d,\"seconds\":%.3f,", ws_stats.ready, ws_stats.refused,
          secs(&s_connect0, &s_connect1));
  print_window_json(o, "window", &s_connect0, &s_connect1);
  fprintf(o, "}");
  if (ran_chat) {
    fprintf(o, ",\"chat\":{\"senders\":%d,\"rate\":%.1f,\"sent\":%u,\"seconds\":%.3f,\"drain_seconds\":%.3f,"
               "\"deliveries\":%" PRIu64 ",\"deliveries_late\":%" PRIu64 ",\"expected\":%" PRIu64
               ",\"received_pct\":%.4f,\"complete_messages\":%u,\"foreign\":%" PRIu64 ",\"server_us_per_delivery\":%.2f,"
               "\"client_us_per_delivery\":%.2f,",
            opt.senders, opt.rate, chat_sent, secs(&s_chat0, &s_chat1), secs(&s_chat1, &s_chat2),
            chat_deliveries_drained, chat_deliveries - chat_deliveries_drained, chat_expected,
            pct_of((double)chat_deliveries_drained, (double)chat_expected), complete, chat_foreign, chat_srv_us,
            chat_cli_us);
    print_hist_json(o, "delay", &h_chat);
    fputc(',', o);
    print_hist_json(o, "until_last", &h_chat_all);
    fputc(',', o);
    print_window_json(o, "window", &s_chat0, &s_chat1);
    fprintf(o, "}");
  }
  if (ran_orders) {
    fprintf(o, ",\"orders\":{\"orderers\":%d,\"seconds\":%.3f,\"acked\":%" PRIu64 ",\"acked_total\":%" PRIu64
               ",\"rejected\":%" PRIu64 ",\"per_second\":%.2f,\"stock_msgs\":%" PRIu64
               ",\"server_ms_per_order\":%.3f,\"reject_reasons\":{",
            opt.orderers < opt.clients ? opt.orderers : opt.clients, ord_secs, orders_phase_acks, orders_acked,
            orders_rejected, per((double)orders_phase_acks, ord_secs), stock_msgs_in_orders, ord_srv_ms);
    for (int i = 0; i < 5; i++) fprintf(o, "%s\"%s\":%" PRIu64, i ? "," : "", kReasons[i], st.reject_reason[i]);
    fprintf(o, "},");
    print_hist_json(o, "ack", &h_order);
    fputc(',', o);
    print_window_json(o, "window", &s_ord0, &s_ord1);
    fprintf(o, "}");
  }
  if (ran_deal) {
    fprintf(o, ",\"deal\":{\"quantity\":%ld,\"sent\":%" PRIu64 ",\"acked\":%" PRIu64 ",\"rejected\":%" PRIu64
               ",\"verdict\":\"%s\",\"card_ms\":%.1f,\"reject_reasons\":{",
            opt.deal_qty, deal_sent, deal_acked, deal_rejected, deal_verdict(), deal_card_ms);
    for (int i = 0; i < 5; i++) fprintf(o, "%s\"%s\":%" PRIu64, i ? "," : "", kReasons[i], deal_reject_reason[i]);
    fprintf(o, "},");
    print_hist_json(o, "answer", &h_deal);
    fputc(',', o);
    print_window_json(o, "window", &s_deal0, &s_deal1);
    fprintf(o, "}");
  }
  fprintf(o, ",\"frames_in\":%" PRIu64 ",\"bytes_in\":%" PRIu64 ",\"frames_out\":%" PRIu64 ",\"errors\":%" PRIu64
             ",\"rate_limited_errors\":%" PRIu64 ",\"closed\":%d}\n",
          ws_stats.frames_in, ws_stats.bytes_in, ws_stats.frames_out, st.errors, st.error_rate_limited, ws_stats.closed);
  fflush(o);
}

// ---------------------------------------------------------------- main
// ---------------------------------------------------------------- main
static void usage(void) {
  fprintf(stderr,
          "usage: hubload --port P [--booth 1] [--clients 1000] [--senders 4] [--rate 20] [--chat-seconds 30]\n"
          "               [--product ID --orderers 200 --order-seconds 15]\n"
          "               [--seller-cookie 'name=value' --deal-qty 50 --deal-price 99000 --deal-orders 2]\n"
          "               [--phases chat,orders,deal] [--drain-seconds 10] [--deal-wait-seconds 120]\n"
          "               [--server-pid PID] [--concurrency 256]\n");
  exit(2);
}

static void enter(int p) {
  phase = p;
  phase_t0 = now_ns();
  fprintf(stderr, "[%6.1fs] phase %s\n", since_start(), kPhaseName[p]);
}

static int want(const char *name) { return strstr(opt.phases, name) != NULL; }

// The phases that --phases asks for, in their fixed order: chat, orders, deal.
static void next_phase(int finished) {
  if (finished < PH_CHAT && want("chat")) {
    take_sample(&s_chat0, opt.server_pid);
    enter(PH_CHAT);
    return;
  }
  if (finished < PH_ORDERS && want("orders") && opt.product) {
    take_sample(&s_ord0, opt.server_pid);
    enter(PH_ORDERS);
    for (int i = 0; i < opt.clients; i++)
      if (is_orderer(i) && conns[i].state == ST_READY) send_order(&conns[i], 0);
    return;
  }
  conn_t *seller = opt.seller_cookie ? &conns[opt.clients] : NULL;
  if (finished < PH_DEAL_PIN && want("deal") && opt.deal_qty && seller && seller->state == ST_READY) {
    take_sample(&s_deal0, opt.server_pid);
    enter(PH_DEAL_PIN);
    char buf[256];
    time_t ends = time(NULL) + 600;
    int len = snprintf(buf, sizeof buf,
                       "{\"type\":\"pin\",\"product_id\":%ld,\"deal\":{\"price\":%ld,\"quantity\":%ld,\"ends_at\":%ld}}",
                       opt.product, opt.deal_price, opt.deal_qty, (long)ends);
    ws_text(seller, buf, (size_t)len);
    return;
  }
  enter(PH_DONE);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) usage();
    if (!strcmp(a, "--port")) opt.port = atoi(v);
    else if (!strcmp(a, "--booth")) opt.booth = atoi(v);
    else if (!strcmp(a, "--clients")) opt.clients = atoi(v);
    else if (!strcmp(a, "--senders")) opt.senders = atoi(v);
    else if (!strcmp(a, "--rate")) opt.rate = atof(v);
    else if (!strcmp(a, "--chat-seconds")) opt.chat_seconds = atof(v);
    else if (!strcmp(a, "--product")) opt.product = atol(v);
    else if (!strcmp(a, "--orderers")) opt.orderers = atoi(v);
    else if (!strcmp(a, "--order-seconds")) opt.order_seconds = atof(v);
    else if (!strcmp(a, "--seller-cookie")) opt.seller_cookie = v;
    else if (!strcmp(a, "--deal-qty")) opt.deal_qty = atol(v);
    else if (!strcmp(a, "--deal-price")) opt.deal_price = atol(v);
    else if (!strcmp(a, "--deal-orders")) opt.deal_orders = atoi(v);
    else if (!strcmp(a, "--server-pid")) opt.server_pid = atoi(v);
    else if (!strcmp(a, "--concurrency")) opt.conc = atoi(v);
    else if (!strcmp(a, "--phases")) opt.phases = v;
    else if (!strcmp(a, "--drain-seconds")) opt.drain_seconds = atof(v);
    else if (!strcmp(a, "--deal-wait-seconds")) opt.deal_wait_seconds = atof(v);
    else usage();
    i++;
  }
  if (!opt.port || opt.clients < 1 || opt.senders < 1 || opt.senders > opt.clients || opt.rate <= 0) usage();
  if (opt.deal_qty && (!opt.seller_cookie || !opt.product)) die("--deal-qty needs --seller-cookie and --product");
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < (rlim_t)opt.clients + 64) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < (rlim_t)opt.clients + 64)
      die("descriptor limit %lu is too low for %d clients (ulimit -n)", (unsigned long)rl.rlim_cur, opt.clients);
  }

  char path[64];
  snprintf(path, sizeof path, "/ws/booths/%d", opt.booth);
  ws_setup(opt.port, path, opt.seller_cookie);

  nconns = opt.clients + (opt.seller_cookie ? 1 : 0);
  conns = calloc((size_t)nconns, sizeof *conns);
  for (int i = 0; i < nconns; i++) {
    conns[i].fd = -1;
    conns[i].id = i;
  }
  if (opt.seller_cookie) conns[opt.clients].with_cookie = 1;

  chat_total = (uint32_t)(opt.rate * opt.chat_seconds + 0.5);
  chat_expect = calloc(chat_total + 1, sizeof *chat_expect);
  chat_recv = calloc(chat_total + 1, sizeof *chat_recv);
  chat_last_ns = calloc(chat_total + 1, sizeof *chat_last_ns);
  chat_send_ns = calloc(chat_total + 1, sizeof *chat_send_ns);

  t_start = now_ns();
  fprintf(stderr, "hubload: %d connections to 127.0.0.1:%d booth %d (fd limit %lu)\n", nconns, opt.port, opt.booth,
          (unsigned long)rl.rlim_cur);
  enter(PH_CONNECT);
  take_sample(&s_connect0, opt.server_pid);
  int next = 0;
  uint64_t next_progress = now_ns() + 1000000000ull;
  uint64_t chat_interval = (uint64_t)(1e9 / opt.rate);
  uint64_t deal_sent_at = 0;

  while (phase != PH_DONE) {
    const uint64_t t = now_ns();
    // --- phase machine
    switch (phase) {
      case PH_CONNECT:
        while (next < nconns && ws_stats.connecting < opt.conc) {
          if (ws_connect(&conns[next]) < 0) die("socket/connect: %s", strerror(errno));
          next++;
        }
        if (next == nconns && ws_stats.connecting == 0) {
          take_sample(&s_connect1, opt.server_pid);
          if (ws_stats.ready < nconns)
            fprintf(stderr, "hubload: only %d of %d connections are ready\n", ws_stats.ready, nconns);
          enter(PH_SETTLE);
        } else if (t - phase_t0 > 120000000000ull) {
          die("connect phase over 120 s (%d ready, %d connecting)", ws_stats.ready, ws_stats.connecting);
        }
        break;
      case PH_SETTLE:
        if (t - phase_t0 > 2000000000ull) next_phase(PH_SETTLE);
        break;
      case PH_CHAT: {
        // Open loop: message k is due at phase start + k/rate, whatever the answers do.
        while (chat_sent < chat_total && t >= phase_t0 + chat_sent * chat_interval) {
          const uint32_t k = chat_sent;
          conn_t *c = &conns[opt.clients - opt.senders + (int)(k % (uint32_t)opt.senders)];
          char buf[128];
          chat_expect[k] = (uint32_t)ws_stats.ready;
          chat_expected += (uint64_t)ws_stats.ready;
          chat_send_ns[k] = now_ns();
          int len = snprintf(buf, sizeof buf, "{\"type\":\"chat\",\"text\":\"bench %u %" PRIu64 "\"}", k, chat_send_ns[k]);
          chat_sent++;
          if (c->state == ST_READY) ws_text(c, buf, (size_t)len);
        }
        if (chat_sent == chat_total && t >= phase_t0 + chat_total * chat_interval) {
          take_sample(&s_chat1, opt.server_pid);
          enter(PH_CHAT_DRAIN);
        }
        break;
      }
      case PH_CHAT_DRAIN:
        if (chat_deliveries >= chat_expected || t - phase_t0 > (uint64_t)(opt.drain_seconds * 1e9)) {
          take_sample(&s_chat2, opt.server_pid);
          chat_deliveries_drained = chat_deliveries;
          next_phase(PH_CHAT_DRAIN);
        }
        break;
      case PH_ORDERS:
        if (t - phase_t0 > (uint64_t)(opt.order_seconds * 1e9)) {
          take_sample(&s_ord1, opt.server_pid);
          enter(PH_ORDERS_DRAIN);
        }
        break;
      case PH_ORDERS_DRAIN: {
        int busy = 0;
        for (int i = 0; i < opt.clients && !busy; i++) busy = is_orderer(i) && conns[i].outstanding && conns[i].state == ST_READY;
        if (!busy || t - phase_t0 > (uint64_t)(opt.drain_seconds * 1e9)) {
          if (busy) fprintf(stderr, "hubload: orders still unanswered after the drain\n");
          take_sample(&s_ord2, opt.server_pid);
          next_phase(PH_ORDERS_DRAIN);
        }
        break;
      }
      case PH_DEAL_PIN:
        if (deal_card_seen) {
          deal_card_ms = (double)(t - phase_t0) / 1e6;
          enter(PH_DEAL);
          deal_sent_at = now_ns();
          for (int round = 0; round < opt.deal_orders; round++)
            for (int i = 0; i < opt.clients; i++)
              if (is_orderer(i) && conns[i].state == ST_READY) send_order(&conns[i], 1);
        } else if (t - phase_t0 > 30000000000ull) {
          fprintf(stderr, "hubload: the seller never saw the deal card\n");
          take_sample(&s_deal1, opt.server_pid);
          enter(PH_DONE);
        }
        break;
      case PH_DEAL:
        if (deal_acked + deal_rejected >= deal_sent || t - deal_sent_at > (uint64_t)(opt.deal_wait_seconds * 1e9)) {
          take_sample(&s_deal1, opt.server_pid);
          enter(PH_DONE);
        }
        break;
    }
    if (phase == PH_DONE) break;
    if (t >= next_progress) {
      progress();
      next_progress += 1000000000ull;
    }

    // --- wait: until the next chat message is due, at most 50 ms
    int timeout = 50;
    if (phase == PH_CHAT && chat_sent < chat_total) {
      uint64_t due = phase_t0 + chat_sent * chat_interval, now = now_ns();
      timeout = due > now ? (int)((due - now) / 1000000) : 0;
    }
    ws_poll(timeout);
  }
  progress();
  report();
  return 0;
}
