#define _GNU_SOURCE
#include "measure.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

// ---------------------------------------------------------------- histogram
static int hbin(uint64_t us) {
  if (us < HSUB) return (int)us;
  int msb = 63 - __builtin_clzll(us);
  int shift = msb - 6;
  int i = (shift + 1) * HSUB + (int)((us >> shift) & (HSUB - 1));
  return i < HBINS ? i : HBINS - 1;
}

static uint64_t hbin_value(int i) {
  if (i < HSUB) return (uint64_t)i;
  int shift = i / HSUB - 1;
  uint64_t lo = (uint64_t)(HSUB + i % HSUB) << shift;
  return lo + ((1ull << shift) >> 1);  // middle of the bucket
}

void hadd(hist_t *h, uint64_t us) {
  h->bins[hbin(us)]++;
  h->n++;
  h->sum_us += us;
  if (us > h->max_us) h->max_us = us;
}

double hpct_ms(const hist_t *h, double p) {
  if (!h->n) return 0;
  uint64_t want = (uint64_t)(p / 100.0 * (double)h->n);
  if (want >= h->n) want = h->n - 1;
  uint64_t seen = 0;
  for (int i = 0; i < HBINS; i++) {
    seen += h->bins[i];
    if (seen > want) {
      uint64_t v = hbin_value(i);
      return (double)(v > h->max_us ? h->max_us : v) / 1000.0;
    }
  }
  return (double)h->max_us / 1000.0;
}

double hmax_ms(const hist_t *h) { return (double)h->max_us / 1000.0; }

void print_hist_json(FILE *f, const char *name, const hist_t *h) {
  fprintf(f,
          "\"%s\":{\"n\":%llu,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,"
          "\"mean_ms\":%.3f}",
          name, (unsigned long long)h->n, hpct_ms(h, 50), hpct_ms(h, 90), hpct_ms(h, 99), hpct_ms(h, 99.9),
          hmax_ms(h), h->n ? (double)h->sum_us / (double)h->n / 1000.0 : 0);
}

// ---------------------------------------------------------------- samples
static void read_server(sample_t *s, int pid) {
  s->srv_cpu_s = -1;
  s->srv_rss_kb = s->srv_hwm_kb = -1;
  if (!pid) return;
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (f) {
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    char *p = strrchr(buf, ')');  // the command name may hold spaces
    unsigned long utime = 0, stime = 0;
    // after ")": state, then utime and stime are fields 14 and 15 of the line
    if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) == 2)
      s->srv_cpu_s = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
  }
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  f = fopen(path, "r");
  if (f) {
    while (fgets(buf, sizeof buf, f)) {
      if (!strncmp(buf, "VmRSS:", 6)) s->srv_rss_kb = atol(buf + 6);
      if (!strncmp(buf, "VmHWM:", 6)) s->srv_hwm_kb = atol(buf + 6);
    }
    fclose(f);
  }
}

void take_sample(sample_t *s, int server_pid) {
  memset(s, 0, sizeof *s);
  s->wall_ns = now_ns();
  read_server(s, server_pid);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  s->cli_cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                 (double)ru.ru_stime.tv_usec / 1e6;
  s->cli_maxrss_kb = ru.ru_maxrss;
  FILE *f = fopen("/proc/stat", "r");
  if (f) {
    unsigned long long v[10] = {0};
    if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
               &v[5], &v[6], &v[7], &v[8], &v[9]) >= 8) {
      for (int i = 0; i < 8; i++) s->cpu_total += v[i];  // guest time is already inside user
      s->cpu_idle = v[3] + v[4];
      s->cpu_steal = v[7];
      s->cpu_busy = s->cpu_total - s->cpu_idle - s->cpu_steal;
    }
    fclose(f);
  }
  f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fscanf(f, "%lf", &s->load1) != 1) s->load1 = -1;
    fclose(f);
  }
}

double pct_of(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0; }
double per(double x, double n) { return n > 0 ? x / n : 0; }
double secs(const sample_t *a, const sample_t *b) { return (double)(b->wall_ns - a->wall_ns) / 1e9; }

static double cpu_pct(double a, double b, uint64_t w0, uint64_t w1) {
  return (a < 0 || b < 0 || w1 <= w0) ? -1 : 100.0 * (b - a) / ((double)(w1 - w0) / 1e9);
}
double srv_cpu_pct(const sample_t *a, const sample_t *b) {
  return cpu_pct(a->srv_cpu_s, b->srv_cpu_s, a->wall_ns, b->wall_ns);
}
double cli_cpu_pct(const sample_t *a, const sample_t *b) {
  return cpu_pct(a->cli_cpu_s, b->cli_cpu_s, a->wall_ns, b->wall_ns);
}
double steal_pct(const sample_t *a, const sample_t *b) {
  return pct_of((double)(b->cpu_steal - a->cpu_steal), (double)(b->cpu_total - a->cpu_total));
}
double others_pct(const sample_t *a, const sample_t *b) {
  const double busy = pct_of((double)(b->cpu_busy - a->cpu_busy), (double)(b->cpu_total - a->cpu_total));
  const double srv = srv_cpu_pct(a, b), cli = cli_cpu_pct(a, b);
  return busy * (double)sysconf(_SC_NPROCESSORS_ONLN) - (srv > 0 ? srv : 0) - (cli > 0 ? cli : 0);
}

void print_window_json(FILE *f, const char *name, const sample_t *a, const sample_t *b) {
  fprintf(f,
          "\"%s\":{\"seconds\":%.3f,\"server_cpu_pct\":%.1f,\"client_cpu_pct\":%.1f,\"server_rss_mb\":%.1f,"
          "\"server_hwm_mb\":%.1f,\"client_rss_mb\":%.1f,\"others_cpu_pct\":%.1f,\"steal_pct\":%.1f,"
          "\"load1\":%.2f}",
          name, secs(a, b), srv_cpu_pct(a, b), cli_cpu_pct(a, b), (double)b->srv_rss_kb / 1024.0,
          (double)b->srv_hwm_kb / 1024.0, (double)b->cli_maxrss_kb / 1024.0, others_pct(a, b), steal_pct(a, b),
          b->load1);
}
