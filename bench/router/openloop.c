// openloop: a small open-loop HTTP/1.1 load generator for bench/router.sh.
//
// Sends request i at t0 + i/RATE, whatever happened to earlier requests (wrk and hey wait for answers, which hides
// slow periods; hey's workers also tick in step, so its "fixed rate" arrives in bursts of -c requests). Each
// keep-alive connection carries one request at a time; a request due while every connection is busy waits for one
// and its latency still counts from its scheduled time (no coordinated omission). Latency is from the scheduled
// send time to the last byte of the answer.
//
//   openloop -u http://127.0.0.1:PORT/PATH -r RATE -d SECONDS [-c CONNECTIONS] [-b BODY] [-H 'Name: value']...
//
// Prints "key value" lines: requests, ok (2xx), non2xx, errors, achieved_rps, p50_ms, p90_ms, p99_ms, p999_ms,
// max_ms, mean_ms, late (requests that waited for a free connection), connections. Exit 0 when the run happened
// (the caller judges errors), 2 on bad usage or when the target cannot be reached.
// Linux only (epoll, timerfd). Build: gcc -O2 -o openloop openloop.c
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

enum { MAX_HEADERS = 16, HEAD_CAP = 16384 };
enum conn_state { CLOSED, IDLE, BUSY };
enum body_mode { BODY_NONE, BODY_LENGTH, BODY_CHUNK_SIZE, BODY_CHUNK_DATA, BODY_CHUNK_CRLF, BODY_TRAILER, BODY_UNTIL_CLOSE };

struct conn {
  int fd;
  enum conn_state state;
  uint64_t scheduled_ns;
  size_t written;
  int want_write;
  // response parsing
  char head[HEAD_CAP];
  size_t head_len;
  int in_body;
  enum body_mode mode;
  uint64_t remaining;
  int status;
  int close_after;
  int trailer_line_len;
  int chunk_ext;  // inside a chunk extension (";name=value"), skipped up to the line end
};

static struct addrinfo *target;
static char *request;
static size_t request_len;
static struct conn *conns;
static int nconns, epfd;
static uint64_t *latencies;
static size_t nlat;
static long ok_count, non2xx, errors, late;

static void die(const char *message) {
  fprintf(stderr, "openloop: %s\n", message);
  exit(2);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void usage(void) {
  die("usage: openloop -u http://HOST:PORT/PATH -r RATE -d SECONDS [-c CONNECTIONS] [-b BODY] [-H 'Name: value']...");
}

static int open_conn(struct conn *c) {
  int fd = socket(target->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, target->ai_addr, target->ai_addrlen) < 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
    close(fd);
    return -1;
  }
  c->fd = fd;
  c->state = IDLE;
  return 0;
}

static void close_conn(struct conn *c) {
  if (c->fd >= 0) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
  }
  c->fd = -1;
  c->state = CLOSED;
}

static void set_write_interest(struct conn *c, int on) {
  if (c->want_write == on) return;
  c->want_write = on;
  struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void fail_request(struct conn *c) {
  if (c->state == BUSY) errors++;
  close_conn(c);
}

static void finish_request(struct conn *c) {
  uint64_t t = now_ns();
  latencies[nlat++] = t - c->scheduled_ns;
  if (c->status >= 200 && c->status < 300) ok_count++;
  else non2xx++;
  c->state = IDLE;
  if (c->close_after) close_conn(c);
}

static int flush_request(struct conn *c) {
  while (c->written < request_len) {
    ssize_t n = write(c->fd, request + c->written, request_len - c->written);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        set_write_interest(c, 1);
        return 0;
      }
      if (errno == EINTR) continue;
      return -1;
    }
    c->written += (size_t)n;
  }
  set_write_interest(c, 0);
  return 0;
}

// Sends one request scheduled at `scheduled` on an idle (or reopened) connection; -1 if none is free.
static int dispatch(uint64_t scheduled) {
  struct conn *c = NULL;
  for (int i = 0; i < nconns && !c; i++)
    if (conns[i].state == IDLE) c = &conns[i];
  for (int i = 0; i < nconns && !c; i++)
    if (conns[i].state == CLOSED && open_conn(&conns[i]) == 0) c = &conns[i];
  if (!c) return -1;
  c->state = BUSY;
  c->scheduled_ns = scheduled;
  c->written = 0;
  c->head_len = 0;
  c->in_body = 0;
  c->status = 0;
  c->close_after = 0;
  c->trailer_line_len = 0;
  c->chunk_ext = 0;
  if (flush_request(c) < 0) {
    fail_request(c);
  }
  return 0;
}

static int parse_head(struct conn *c) {
  c->head[c->head_len] = '\0';
  if (sscanf(c->head, "HTTP/1.%*d %d", &c->status) != 1) return -1;
  c->mode = BODY_UNTIL_CLOSE;
  int chunked = 0, has_length = 0;
  uint64_t length = 0;
  for (char *line = strstr(c->head, "\r\n"); line && line[2] != '\r'; line = strstr(line + 2, "\r\n")) {
    char *h = line + 2;
    if (strncasecmp(h, "content-length:", 15) == 0) {
      has_length = 1;
      length = strtoull(h + 15, NULL, 10);
    } else if (strncasecmp(h, "transfer-encoding:", 18) == 0) {
      char *end = strstr(h, "\r\n");
      char saved = *end;
      *end = '\0';
      chunked = strcasestr(h, "chunked") != NULL;
      *end = saved;
    } else if (strncasecmp(h, "connection:", 11) == 0) {
      char *end = strstr(h, "\r\n");
      char saved = *end;
      *end = '\0';
      c->close_after = strcasestr(h, "close") != NULL;
      *end = saved;
    }
  }
  if (c->status == 204 || c->status == 304 || (c->status >= 100 && c->status < 200)) c->mode = BODY_NONE;
  else if (chunked) c->mode = BODY_CHUNK_SIZE, c->remaining = 0;
  else if (has_length) c->mode = length ? BODY_LENGTH : BODY_NONE, c->remaining = length;
  else c->close_after = 1;
  return 0;
}

// Feeds answer bytes; returns 1 when the answer is complete, 0 for more, -1 on a malformed answer.
static int feed(struct conn *c, const char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (!c->in_body) {
      if (c->head_len + 1 >= HEAD_CAP) return -1;
      c->head[c->head_len++] = p[i++];
      if (c->head_len >= 4 && memcmp(c->head + c->head_len - 4, "\r\n\r\n", 4) == 0) {
        if (parse_head(c) < 0) return -1;
        c->in_body = 1;
        if (c->mode == BODY_NONE) return 1;
      }
      continue;
    }
    switch (c->mode) {
      case BODY_LENGTH: {
        size_t take = n - i < c->remaining ? n - i : (size_t)c->remaining;
        i += take;
        c->remaining -= take;
        if (c->remaining == 0) return 1;
        break;
      }
      case BODY_CHUNK_SIZE: {
        char ch = p[i++];
        if (ch == '\n') {
          c->chunk_ext = 0;
          if (c->remaining == 0) c->mode = BODY_TRAILER, c->trailer_line_len = 0;
          else c->mode = BODY_CHUNK_DATA;
        } else if (c->chunk_ext || ch == ';') c->chunk_ext = 1;
        else if (ch >= '0' && ch <= '9') c->remaining = c->remaining * 16 + (uint64_t)(ch - '0');
        else if ((ch | 32) >= 'a' && (ch | 32) <= 'f') c->remaining = c->remaining * 16 + (uint64_t)((ch | 32) - 'a' + 10);
        // '\r' and whitespace are skipped
        break;
      }
      case BODY_CHUNK_DATA: {
        size_t take = n - i < c->remaining ? n - i : (size_t)c->remaining;
        i += take;
        c->remaining -= take;
        if (c->remaining == 0) c->mode = BODY_CHUNK_CRLF;
        break;
      }
      case BODY_CHUNK_CRLF:
        if (p[i++] == '\n') c->mode = BODY_CHUNK_SIZE, c->remaining = 0;
        break;
      case BODY_TRAILER: {
        char ch = p[i++];
        if (ch == '\n') {
          if (c->trailer_line_len == 0) return 1;
          c->trailer_line_len = 0;
        } else if (ch != '\r') {
          c->trailer_line_len++;
        }
        break;
      }
      case BODY_UNTIL_CLOSE:
        i = n;
        break;
      case BODY_NONE:
        return 1;
    }
  }
  return 0;
}

static void on_readable(struct conn *c) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n > 0) {
      if (c->state != BUSY) {  // bytes nobody asked for
        close_conn(c);
        return;
      }
      int r = feed(c, buf, (size_t)n);
      if (r < 0) {
        fail_request(c);
        return;
      }
      if (r == 1) {
        finish_request(c);
        return;
      }
      continue;
    }
    if (n == 0) {  // peer closed
      if (c->state == BUSY && c->in_body && c->mode == BODY_UNTIL_CLOSE) {
        c->close_after = 1;
        finish_request(c);
      } else {
        fail_request(c);
      }
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) fail_request(c);
    return;
  }
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static double percentile_ms(double p) {
  if (nlat == 0) return 0;
  size_t rank = (size_t)(p * (double)nlat + 0.999999999);
  if (rank < 1) rank = 1;
  if (rank > nlat) rank = nlat;
  return (double)latencies[rank - 1] / 1e6;
}

int main(int argc, char **argv) {
  const char *url = NULL, *body = "";
  const char *headers[MAX_HEADERS];
  int nheaders = 0, connections = 32;
  double rate = 0, seconds = 0;
  int opt;
  while ((opt = getopt(argc, argv, "u:r:d:c:b:H:")) != -1) {
    switch (opt) {
      case 'u': url = optarg; break;
      case 'r': rate = atof(optarg); break;
      case 'd': seconds = atof(optarg); break;
      case 'c': connections = atoi(optarg); break;
      case 'b': body = optarg; break;
      case 'H':
        if (nheaders == MAX_HEADERS) die("too many -H");
        headers[nheaders++] = optarg;
        break;
      default: usage();
    }
  }
  if (!url || rate <= 0 || seconds <= 0 || connections < 1 || strncmp(url, "http://", 7) != 0) usage();

  // http://HOST:PORT/PATH
  const char *hostport = url + 7, *slash = strchr(hostport, '/');
  const char *path = slash ? slash : "/";
  size_t hp_len = slash ? (size_t)(slash - hostport) : strlen(hostport);
  char host[256], port[16] = "80";
  if (hp_len >= sizeof host) usage();
  memcpy(host, hostport, hp_len);
  host[hp_len] = '\0';
  char *colon = strrchr(host, ':');
  if (colon) {
    snprintf(port, sizeof port, "%s", colon + 1);
    *colon = '\0';
  }
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
  if (getaddrinfo(host, port, &hints, &target) != 0) die("cannot resolve the host of -u");

  size_t cap = strlen(path) + strlen(body) + 512;
  for (int i = 0; i < nheaders; i++) cap += strlen(headers[i]) + 2;
  request = malloc(cap);
  int len = snprintf(request, cap, "POST %s HTTP/1.1\r\nHost: %.*s\r\nContent-Length: %zu\r\n", path, (int)hp_len, hostport, strlen(body));
  for (int i = 0; i < nheaders; i++) len += snprintf(request + len, cap - (size_t)len, "%s\r\n", headers[i]);
  len += snprintf(request + len, cap - (size_t)len, "\r\n%s", body);
  request_len = (size_t)len;

  size_t total = (size_t)(rate * seconds);
  if (total == 0) die("RATE x SECONDS is below one request");
  latencies = malloc(total * sizeof *latencies);
  uint64_t *queue = malloc(total * sizeof *queue);  // scheduled times waiting for a free connection
  if (!latencies || !queue || !request) die("out of memory");

  epfd = epoll_create1(EPOLL_CLOEXEC);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (epfd < 0 || tfd < 0) die("epoll/timerfd unavailable");
  struct epoll_event tev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &tev);

  nconns = connections;
  conns = calloc((size_t)nconns, sizeof *conns);
  for (int i = 0; i < nconns; i++) {
    conns[i].fd = -1;
    if (open_conn(&conns[i]) < 0) {
      fprintf(stderr, "openloop: cannot connect to %s:%s: %s\n", host, port, strerror(errno));
      return 2;
    }
  }

  const uint64_t period = (uint64_t)(1e9 / rate);
  const uint64_t t0 = now_ns() + 1000000;  // 1 ms from now
  size_t next = 0, qhead = 0, qtail = 0;
  int max_open = 0;
  struct epoll_event events[256];
  uint64_t drain_deadline = 0;

  for (;;) {
    uint64_t now = now_ns();
    while (next < total && t0 + next * period <= now) queue[qtail++] = t0 + (next++) * period;
    while (qhead < qtail) {
      if (dispatch(queue[qhead]) < 0) break;
      if (now - queue[qhead] > 1000000) late++;  // waited > 1 ms for a connection
      qhead++;
    }
    int busy = 0, open = 0;
    for (int i = 0; i < nconns; i++) busy += conns[i].state == BUSY, open += conns[i].state != CLOSED;
    if (open > max_open) max_open = open;
    if (next == total && qhead == qtail && busy == 0) break;

    int timeout_ms = -1;
    if (next < total) {
      uint64_t due = t0 + next * period;
      struct itimerspec its = {.it_value = {.tv_sec = (time_t)(due / 1000000000ull), .tv_nsec = (long)(due % 1000000000ull)}};
      timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    } else {
      if (!drain_deadline) drain_deadline = now + 5000000000ull;  // in-flight answers get 5 s
      if (now >= drain_deadline) break;
      timeout_ms = (int)((drain_deadline - now) / 1000000) + 1;
    }
    int n = epoll_wait(epfd, events, 256, timeout_ms);
    if (n < 0 && errno != EINTR) die("epoll_wait failed");
    for (int i = 0; i < n; i++) {
      struct conn *c = events[i].data.ptr;
      if (!c) {
        uint64_t expirations;
        while (read(tfd, &expirations, sizeof expirations) > 0) {
        }
        continue;
      }
      if (c->fd < 0) continue;
      if ((events[i].events & EPOLLOUT) && c->state == BUSY && flush_request(c) < 0) {
        fail_request(c);
        continue;
      }
      if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) on_readable(c);
    }
  }

  for (int i = 0; i < nconns; i++) {
    if (conns[i].state == BUSY) errors++;  // no answer within the drain time
    close_conn(&conns[i]);
  }
  errors += (long)(total - next) + (long)(qtail - qhead);  // never sent
  qsort(latencies, nlat, sizeof *latencies, compare_u64);
  double sum = 0;
  for (size_t i = 0; i < nlat; i++) sum += (double)latencies[i];
  double elapsed = (double)(now_ns() - t0) / 1e9;
  printf("requests %zu\nok %ld\nnon2xx %ld\nerrors %ld\nachieved_rps %.1f\n", total, ok_count, non2xx, errors,
         elapsed > 0 ? (double)nlat / elapsed : 0.0);
  printf("p50_ms %.3f\np90_ms %.3f\np99_ms %.3f\np999_ms %.3f\nmax_ms %.3f\nmean_ms %.3f\n", percentile_ms(0.50),
         percentile_ms(0.90), percentile_ms(0.99), percentile_ms(0.999), nlat ? (double)latencies[nlat - 1] / 1e6 : 0.0,
         nlat ? sum / (double)nlat / 1e6 : 0.0);
  printf("late %ld\nconnections %d\n", late, max_open);
  return 0;
}
