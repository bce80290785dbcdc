// Timing, latency histograms and CPU/RSS samples for the hub benchmark.
#pragma once
#include <stdint.h>
#include <stdio.h>

uint64_t now_ns(void);  // CLOCK_MONOTONIC

// Log-linear over microseconds: 64 sub-buckets per power of two (<1.6 % error).
#define HSUB 64
#define HBINS (HSUB * 42)
typedef struct {
  uint64_t bins[HBINS];
  uint64_t n, max_us, sum_us;
} hist_t;
void hadd(hist_t *h, uint64_t us);
double hpct_ms(const hist_t *h, double p);
double hmax_ms(const hist_t *h);
void print_hist_json(FILE *f, const char *name, const hist_t *h);

// One look at the server process (/proc/PID), this process (rusage) and the
// whole machine (/proc/stat, /proc/loadavg).
typedef struct {
  uint64_t wall_ns;
  double srv_cpu_s, cli_cpu_s;  // utime + stime; -1 when unknown
  long srv_rss_kb, srv_hwm_kb;
  long cli_maxrss_kb;  // this process's peak RSS
  uint64_t cpu_total, cpu_idle, cpu_steal, cpu_busy;  // /proc/stat jiffies, all cores
  double load1;
} sample_t;
void take_sample(sample_t *s, int server_pid);

double pct_of(double part, double whole);
double per(double x, double n);  // x / n, 0 when n is 0
double secs(const sample_t *a, const sample_t *b);
double srv_cpu_pct(const sample_t *a, const sample_t *b);  // % of one core; -1 when unknown
double cli_cpu_pct(const sample_t *a, const sample_t *b);
double steal_pct(const sample_t *a, const sample_t *b);    // % of all cores
double others_pct(const sample_t *a, const sample_t *b);   // everything else on the box, % of one core
void print_window_json(FILE *f, const char *name, const sample_t *a, const sample_t *b);
