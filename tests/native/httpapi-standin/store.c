/* The record file: parsing, writing (atomically), and the in-memory store that caches it. Format: README.md. */
#include "store.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[] = "certrebind-httpapi-standin 1";

static Store cache;
static StoreStats stats;
static BOOL cacheValid;
static WIN32_FILE_ATTRIBUTE_DATA cacheIdentity;
static BOOL cacheFileExisted;

/* ---------- memory helpers ---------- */

static WCHAR *wdup(const WCHAR *s) {
  if (!s) return NULL;
  size_t n = wcslen(s) + 1;
  WCHAR *copy = malloc(n * sizeof(WCHAR));
  if (copy) memcpy(copy, s, n * sizeof(WCHAR));
  return copy;
}

static void ex_free(StoredExParam *ex) {
  free(ex->buffer);
  for (USHORT i = 0; i < ex->headerCount; i++) {
    free(ex->headers[i].name);
    free(ex->headers[i].value);
  }
  free(ex->headers);
  memset(ex, 0, sizeof(*ex));
}

void record_changed(StoredRecord *record) {
  free(record->text);
  record->text = NULL;
  record->textLength = 0;
}

void record_free(StoredRecord *record) {
  free(record->text);
  free(record->host);
  free(record->storeName);
  free(record->ctlIdentifier);
  free(record->ctlStoreName);
  for (int t = 0; t < ExParamTypeMax; t++) ex_free(&record->ex[t]);
  memset(record, 0, sizeof(*record));
}

static char *bytes_dup(const char *s, size_t n) {
  char *copy = malloc(n + 1);
  if (copy) {
    memcpy(copy, s, n);
    copy[n] = 0;
  }
  return copy;
}

BOOL record_copy(StoredRecord *to, const StoredRecord *from) {
  *to = *from;
  to->text = NULL;
  to->textLength = 0;
  to->host = wdup(from->host);
  to->storeName = wdup(from->storeName);
  to->ctlIdentifier = wdup(from->ctlIdentifier);
  to->ctlStoreName = wdup(from->ctlStoreName);
  for (int t = 0; t < ExParamTypeMax; t++) {
    const StoredExParam *src = &from->ex[t];
    StoredExParam *dst = &to->ex[t];
    dst->buffer = NULL;
    dst->headers = NULL;
    if (src->bufferSize) {
      dst->buffer = malloc(src->bufferSize);
      if (!dst->buffer) return FALSE;
      memcpy(dst->buffer, src->buffer, src->bufferSize);
    }
    if (src->headerCount) {
      dst->headers = calloc(src->headerCount, sizeof(StoredHeader));
      if (!dst->headers) return FALSE;
      for (USHORT i = 0; i < src->headerCount; i++) {
        dst->headers[i] = src->headers[i];
        dst->headers[i].name = bytes_dup(src->headers[i].name, src->headers[i].nameLength);
        dst->headers[i].value = bytes_dup(src->headers[i].value, src->headers[i].valueLength);
      }
    }
  }
  return TRUE;
}

static void store_clear(Store *store) {
  for (size_t i = 0; i < store->count; i++) record_free(&store->records[i]);
  free(store->records);
  memset(store, 0, sizeof(*store));
}

/* ---------- keys ---------- */

size_t sockaddr_length(const SOCKADDR_STORAGE *address) {
  return address->ss_family == AF_INET6 ? sizeof(SOCKADDR_IN6) : sizeof(SOCKADDR_IN);
}

static void address_text(const SOCKADDR_STORAGE *address, char *out, size_t outSize) {
  char ip[64] = "";
  if (address->ss_family == AF_INET6) {
    const SOCKADDR_IN6 *a6 = (const SOCKADDR_IN6 *)address;
    inet_ntop(AF_INET6, (void *)&a6->sin6_addr, ip, sizeof ip);
    if (a6->sin6_scope_id)
      snprintf(out, outSize, "[%s%%%lu]:%u", ip, (unsigned long)a6->sin6_scope_id, ntohs(a6->sin6_port));
    else
      snprintf(out, outSize, "[%s]:%u", ip, ntohs(a6->sin6_port));
  } else {
    const SOCKADDR_IN *a4 = (const SOCKADDR_IN *)address;
    inet_ntop(AF_INET, (void *)&a4->sin_addr, ip, sizeof ip);
    snprintf(out, outSize, "%s:%u", ip, ntohs(a4->sin_port));
  }
}

static BOOL address_parse(const char *text, SOCKADDR_STORAGE *out) {
  memset(out, 0, sizeof(*out));
  char buf[96];
  if (strlen(text) >= sizeof buf) return FALSE;
  strcpy(buf, text);
  char *colon = strrchr(buf, ':');
  if (!colon) return FALSE;
  char *end;
  unsigned long port = strtoul(colon + 1, &end, 10);
  if (*end || colon[1] == 0 || port > 65535) return FALSE;
  *colon = 0;
  if (buf[0] == '[') {
    size_t n = strlen(buf);
    if (n < 3 || buf[n - 1] != ']') return FALSE;
    buf[n - 1] = 0;
    char *ip = buf + 1;
    unsigned long scope = 0;
    char *percent = strchr(ip, '%');
    if (percent) {
      *percent = 0;
      scope = strtoul(percent + 1, &end, 10);
      if (*end) return FALSE;
    }
    SOCKADDR_IN6 *a6 = (SOCKADDR_IN6 *)out;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((u_short)port);
    a6->sin6_scope_id = scope;
    return inet_pton(AF_INET6, ip, &a6->sin6_addr) == 1;
  }
  SOCKADDR_IN *a4 = (SOCKADDR_IN *)out;
  a4->sin_family = AF_INET;
  a4->sin_port = htons((u_short)port);
  return inet_pton(AF_INET, buf, &a4->sin_addr) == 1;
}

static const char *KIND_NAMES[KIND_COUNT] = {"ipport", "hostnameport", "ccs", "scopedccs"};

void record_key_text(const StoredRecord *record, char *out, size_t outSize) {
  char address[96];
  address_text(&record->address, address, sizeof address);
  if (record->host) {
    char host[512] = "";
    WideCharToMultiByte(CP_UTF8, 0, record->host, -1, host, sizeof host, NULL, NULL);
    snprintf(out, outSize, "%s %s %s", KIND_NAMES[record->kind], address, host);
  } else {
    snprintf(out, outSize, "%s %s", KIND_NAMES[record->kind], address);
  }
}

/* Key order: kind, family, address bytes, port, scope, then host without regard to case (as HTTP.sys matches
 * host names, INFERRED: DNS names are case-insensitive, RFC 4343). */
int record_compare_keys(const StoredRecord *a, const StoredRecord *b) {
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  if (a->address.ss_family != b->address.ss_family) return a->address.ss_family < b->address.ss_family ? -1 : 1;
  int c;
  if (a->address.ss_family == AF_INET6) {
    const SOCKADDR_IN6 *x = (const SOCKADDR_IN6 *)&a->address, *y = (const SOCKADDR_IN6 *)&b->address;
    if ((c = memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr))) return c;
    if (x->sin6_port != y->sin6_port) return ntohs(x->sin6_port) < ntohs(y->sin6_port) ? -1 : 1;
    if (x->sin6_scope_id != y->sin6_scope_id) return x->sin6_scope_id < y->sin6_scope_id ? -1 : 1;
  } else {
    const SOCKADDR_IN *x = (const SOCKADDR_IN *)&a->address, *y = (const SOCKADDR_IN *)&b->address;
    if ((c = memcmp(&x->sin_addr, &y->sin_addr, sizeof x->sin_addr))) return c;
    if (x->sin_port != y->sin_port) return ntohs(x->sin_port) < ntohs(y->sin_port) ? -1 : 1;
  }
  if (!a->host || !b->host) return a->host ? 1 : b->host ? -1 : 0;
  return _wcsicmp(a->host, b->host);
}

long store_find(const Store *store, const StoredRecord *key, size_t *insertAt) {
  size_t lo = 0, hi = store->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = record_compare_keys(&store->records[mid], key);
    if (c == 0) {
      if (insertAt) *insertAt = mid;
      return (long)mid;
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  if (insertAt) *insertAt = lo;
  return -1;
}

BOOL store_insert(Store *store, size_t at, StoredRecord *record) {
  if (store->count == store->capacity) {
    size_t capacity = store->capacity ? store->capacity * 2 : 64;
    StoredRecord *grown = realloc(store->records, capacity * sizeof(StoredRecord));
    if (!grown) return FALSE;
    store->records = grown;
    store->capacity = capacity;
  }
  memmove(&store->records[at + 1], &store->records[at], (store->count - at) * sizeof(StoredRecord));
  store->records[at] = *record;
  store->count++;
  return TRUE;
}

void store_remove(Store *store, size_t at) {
  record_free(&store->records[at]);
  memmove(&store->records[at], &store->records[at + 1], (store->count - at - 1) * sizeof(StoredRecord));
  store->count--;
}

/* ---------- text encoding ---------- */

typedef struct {
  char *data;
  size_t length, capacity;
  BOOL failed;
} Text;

static void text_put(Text *t, const char *s, size_t n) {
  if (t->failed) return;
  if (t->length + n + 1 > t->capacity) {
    size_t capacity = t->capacity ? t->capacity : 4096;
    while (t->length + n + 1 > capacity) capacity *= 2;
    char *grown = realloc(t->data, capacity);
    if (!grown) {
      t->failed = TRUE;
      return;
    }
    t->data = grown;
    t->capacity = capacity;
  }
  memcpy(t->data + t->length, s, n);
  t->length += n;
  t->data[t->length] = 0;
}

static void text_puts(Text *t, const char *s) { text_put(t, s, strlen(s)); }

static void text_printf(Text *t, const char *format, ...) {
  char buf[256];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n > 0) text_put(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static BOOL is_plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '*';
}

static void text_put_escaped_bytes(Text *t, const char *s, size_t n) {
  static const char HEX[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_plain(c)) {
      text_put(t, (const char *)&c, 1);
    } else {
      char e[3] = {'%', HEX[c >> 4], HEX[c & 15]};
      text_put(t, e, 3);
    }
  }
}

static void text_put_wide(Text *t, const WCHAR *s) {
  if (!s) {
    text_puts(t, "~");
    return;
  }
  int n = WideCharToMultiByte(CP_UTF8, 0, s, -1, NULL, 0, NULL, NULL);
  char *utf8 = malloc(n > 0 ? n : 1);
  if (!utf8) {
    t->failed = TRUE;
    return;
  }
  WideCharToMultiByte(CP_UTF8, 0, s, -1, utf8, n, NULL, NULL);
  text_put_escaped_bytes(t, utf8, strlen(utf8));
  free(utf8);
}

static void text_put_hex(Text *t, const BYTE *bytes, size_t n) {
  static const char HEX[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    char h[2] = {HEX[bytes[i] >> 4], HEX[bytes[i] & 15]};
    text_put(t, h, 2);
  }
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes %XX escapes in place; returns the decoded length or -1. */
static long unescape(char *s) {
  char *out = s;
  for (char *p = s; *p; p++) {
    if (*p == '%') {
      int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
      if (hi < 0 || lo < 0) return -1;
      *out++ = (char)(hi * 16 + lo);
      p += 2;
    } else if (is_plain((unsigned char)*p)) {
      *out++ = *p;
    } else {
      return -1;
    }
  }
  *out = 0;
  return (long)(out - s);
}

static BOOL parse_wide(char *value, WCHAR **out) {
  *out = NULL;
  if (strcmp(value, "~") == 0) return TRUE;
  long n = unescape(value);
  if (n < 0) return FALSE;
  int wn = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, value, (int)n + 1, NULL, 0);
  if (wn <= 0) return FALSE;
  *out = malloc(wn * sizeof(WCHAR));
  if (!*out) return FALSE;
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, value, (int)n + 1, *out, wn);
  return TRUE;
}

static BOOL parse_u32(const char *value, DWORD *out) {
  char *end;
  if (!*value || *value == '-') return FALSE;
  unsigned long long v = strtoull(value, &end, 10);
  if (*end || v > 0xFFFFFFFFull) return FALSE;
  *out = (DWORD)v;
  return TRUE;
}

static BOOL parse_u64(const char *value, ULONGLONG *out) {
  char *end;
  if (!*value || *value == '-') return FALSE;
  errno = 0;
  *out = strtoull(value, &end, 10);
  return !*end && errno == 0;
}

static BOOL parse_hex(const char *value, BYTE *out, size_t max, ULONG *length) {
  size_t n = strlen(value);
  if (n % 2 || n / 2 > max) return FALSE;
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hex_value(value[2 * i]), lo = hex_value(value[2 * i + 1]);
    if (hi < 0 || lo < 0) return FALSE;
    out[i] = (BYTE)(hi * 16 + lo);
  }
  *length = (ULONG)(n / 2);
  return TRUE;
}

static BOOL parse_guid(const char *value, GUID *out) {
  unsigned long d1;
  unsigned int d2, d3, b[8];
  char tail;
  if (strlen(value) != 38) return FALSE;
  if (sscanf(value, "{%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}%c", &d1, &d2, &d3, &b[0], &b[1], &b[2], &b[3], &b[4],
             &b[5], &b[6], &b[7], &tail) != 11)
    return FALSE;
  out->Data1 = d1;
  out->Data2 = (USHORT)d2;
  out->Data3 = (USHORT)d3;
  for (int i = 0; i < 8; i++) out->Data4[i] = (BYTE)b[i];
  return TRUE;
}

/* ---------- serialization ---------- */

static void write_record(Text *t, const StoredRecord *r) {
  char address[96];
  address_text(&r->address, address, sizeof address);
  text_printf(t, "record kind=%s addr=%s", KIND_NAMES[r->kind], address);
  if (r->kind == KIND_SNI || r->kind == KIND_SCOPED_CCS) {
    text_puts(t, " host=");
    text_put_wide(t, r->host);
  }
  text_puts(t, " hash=");
  text_put_hex(t, r->hash, r->hashLength);
  const GUID *g = &r->appId;
  text_printf(t, " appid={%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", (unsigned long)g->Data1, g->Data2,
              g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6],
              g->Data4[7]);
  text_puts(t, " store=");
  text_put_wide(t, r->storeName);
  text_printf(t, " checkmode=%lu freshness=%lu urltimeout=%lu", (unsigned long)r->certCheckMode,
              (unsigned long)r->revocationFreshnessTime, (unsigned long)r->revocationUrlRetrievalTimeout);
  text_puts(t, " ctlid=");
  text_put_wide(t, r->ctlIdentifier);
  text_puts(t, " ctlstore=");
  text_put_wide(t, r->ctlStoreName);
  text_printf(t, " flags=%lu\n", (unsigned long)r->flags);
  for (int type = 0; type < ExParamTypeMax; type++) {
    const StoredExParam *ex = &r->ex[type];
    if (!ex->present) continue;
    text_printf(t, "ex type=%d flags=%llu", type, (unsigned long long)ex->flags);
    switch (type) {
      case ExParamTypeHttp2Window: text_printf(t, " window=%lu", (unsigned long)ex->windowSize); break;
      case ExParamTypeHttp2SettingsLimits:
        text_printf(t, " perframe=%lu perminute=%lu", (unsigned long)ex->perFrame, (unsigned long)ex->perMinute);
        break;
      case ExParamTypeHttpPerformance:
        text_printf(t, " perftype=%d buffer=", ex->performanceType);
        text_put_hex(t, ex->buffer, ex->bufferSize);
        break;
      case ExParamTypeErrorHeaders:
        text_printf(t, " status=%u", ex->statusCode);
        for (USHORT i = 0; i < ex->headerCount; i++) {
          text_puts(t, " header=");
          text_put_escaped_bytes(t, ex->headers[i].name, ex->headers[i].nameLength);
          text_puts(t, ":");
          text_put_escaped_bytes(t, ex->headers[i].value, ex->headers[i].valueLength);
        }
        break;
      default: break;
    }
    text_puts(t, "\n");
  }
}

/* ---------- parsing ---------- */

static BOOL parse_record_field(StoredRecord *r, const char *name, char *value, BOOL *hasAddress) {
  if (strcmp(name, "kind") == 0) {
    for (int k = 0; k < KIND_COUNT; k++)
      if (strcmp(value, KIND_NAMES[k]) == 0) {
        r->kind = (RecordKind)k;
        return TRUE;
      }
    return FALSE;
  }
  if (strcmp(name, "addr") == 0) return (*hasAddress = address_parse(value, &r->address));
  if (strcmp(name, "host") == 0) return parse_wide(value, &r->host);
  if (strcmp(name, "hash") == 0) return parse_hex(value, r->hash, sizeof r->hash, &r->hashLength);
  if (strcmp(name, "appid") == 0) return parse_guid(value, &r->appId);
  if (strcmp(name, "store") == 0) return parse_wide(value, &r->storeName);
  if (strcmp(name, "checkmode") == 0) return parse_u32(value, &r->certCheckMode);
  if (strcmp(name, "freshness") == 0) return parse_u32(value, &r->revocationFreshnessTime);
  if (strcmp(name, "urltimeout") == 0) return parse_u32(value, &r->revocationUrlRetrievalTimeout);
  if (strcmp(name, "ctlid") == 0) return parse_wide(value, &r->ctlIdentifier);
  if (strcmp(name, "ctlstore") == 0) return parse_wide(value, &r->ctlStoreName);
  if (strcmp(name, "flags") == 0) return parse_u32(value, &r->flags);
  return FALSE;
}

static BOOL parse_header(StoredExParam *ex, char *value) {
  char *colon = strchr(value, ':');
  if (!colon || ex->headerCount == 0xFFFF) return FALSE;
  *colon = 0;
  long nameLength = unescape(value), valueLength = unescape(colon + 1);
  if (nameLength < 0 || valueLength < 0 || nameLength > 0xFFFF || valueLength > 0xFFFF) return FALSE;
  StoredHeader *grown = realloc(ex->headers, (ex->headerCount + 1) * sizeof(StoredHeader));
  if (!grown) return FALSE;
  ex->headers = grown;
  StoredHeader *h = &ex->headers[ex->headerCount++];
  h->name = bytes_dup(value, nameLength);
  h->value = bytes_dup(colon + 1, valueLength);
  h->nameLength = (USHORT)nameLength;
  h->valueLength = (USHORT)valueLength;
  return h->name && h->value;
}

static BOOL parse_ex_line(StoredRecord *r, char *fields) {
  StoredExParam ex = {0};
  int type = -1;
  BOOL ok = TRUE;
  for (char *field = strtok(fields, " "); field && ok; field = strtok(NULL, " ")) {
    char *eq = strchr(field, '=');
    if (!eq) {
      ok = FALSE;
      break;
    }
    *eq = 0;
    char *value = eq + 1;
    DWORD n;
    if (strcmp(field, "type") == 0) ok = parse_u32(value, &n) && n < ExParamTypeMax && (type = (int)n) >= 0;
    else if (strcmp(field, "flags") == 0) ok = parse_u64(value, &ex.flags);
    else if (strcmp(field, "window") == 0) ok = parse_u32(value, &ex.windowSize);
    else if (strcmp(field, "perframe") == 0) ok = parse_u32(value, &ex.perFrame);
    else if (strcmp(field, "perminute") == 0) ok = parse_u32(value, &ex.perMinute);
    else if (strcmp(field, "perftype") == 0) ok = parse_u32(value, &n) && ((ex.performanceType = (int)n), TRUE);
    else if (strcmp(field, "buffer") == 0) {
      size_t max = strlen(value) / 2;
      ex.buffer = malloc(max ? max : 1);
      ok = ex.buffer && parse_hex(value, ex.buffer, max, &ex.bufferSize);
    } else if (strcmp(field, "status") == 0) ok = parse_u32(value, &n) && n <= 0xFFFF && ((ex.statusCode = (USHORT)n), TRUE);
    else if (strcmp(field, "header") == 0) ok = parse_header(&ex, value);
    else ok = FALSE;
  }
  if (!ok || type < 0 || r->ex[type].present) {
    ex_free(&ex);
    return FALSE;
  }
  ex.present = TRUE;
  r->ex[type] = ex;
  return TRUE;
}

static DWORD parse_store(char *data, Store *store) {
  char *line = data;
  BOOL first = TRUE;
  StoredRecord *current = NULL;
  while (line && *line) {
    char *next = strchr(line, '\n');
    if (next) *next++ = 0;
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[--n] = 0;
    if (first) {
      if (strcmp(line, MAGIC) != 0) return ERROR_INVALID_DATA;
      first = FALSE;
    } else if (n == 0 || line[0] == '#') {
      /* blank lines and comments are allowed and not kept */
    } else if (strncmp(line, "record ", 7) == 0) {
      StoredRecord r = {0};
      BOOL hasAddress = FALSE, ok = TRUE;
      for (char *field = strtok(line + 7, " "); field && ok; field = strtok(NULL, " ")) {
        char *eq = strchr(field, '=');
        if (!eq) {
          ok = FALSE;
          break;
        }
        *eq = 0;
        ok = parse_record_field(&r, field, eq + 1, &hasAddress);
      }
      BOOL needsHost = r.kind == KIND_SNI || r.kind == KIND_SCOPED_CCS;
      size_t at;
      if (!ok || !hasAddress || needsHost != (r.host != NULL) || store_find(store, &r, &at) >= 0 ||
          !store_insert(store, at, &r)) {
        record_free(&r);
        return ERROR_INVALID_DATA;
      }
      current = &store->records[at];
    } else if (strncmp(line, "ex ", 3) == 0) {
      if (!current || !parse_ex_line(current, line + 3)) return ERROR_INVALID_DATA;
    } else {
      return ERROR_INVALID_DATA;
    }
    line = next;
  }
  return first && data[0] ? ERROR_INVALID_DATA : NO_ERROR;
}

/* ---------- the file ---------- */

static BOOL store_path(WCHAR *out, DWORD size) {
  DWORD n = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_STORE", out, size);
  return n > 0 && n < size;
}

static BOOL same_identity(const WIN32_FILE_ATTRIBUTE_DATA *a, const WIN32_FILE_ATTRIBUTE_DATA *b) {
  return a->nFileSizeLow == b->nFileSizeLow && a->nFileSizeHigh == b->nFileSizeHigh &&
         CompareFileTime(&a->ftLastWriteTime, &b->ftLastWriteTime) == 0;
}

static double seconds_since(LARGE_INTEGER start) {
  LARGE_INTEGER now, frequency;
  QueryPerformanceCounter(&now);
  QueryPerformanceFrequency(&frequency);
  return (double)(now.QuadPart - start.QuadPart) / (double)frequency.QuadPart;
}

const StoreStats *store_stats(void) { return &stats; }

static DWORD store_load(Store **out);

DWORD store_get(Store **out) {
  LARGE_INTEGER start;
  QueryPerformanceCounter(&start);
  DWORD error = store_load(out);
  stats.getSeconds += seconds_since(start);
  return error;
}

static DWORD store_load(Store **out) {
  WCHAR path[MAX_PATH * 2];
  if (!store_path(path, MAX_PATH * 2)) return ERROR_ENVVAR_NOT_FOUND;
  WIN32_FILE_ATTRIBUTE_DATA identity;
  BOOL exists = GetFileAttributesExW(path, GetFileExInfoStandard, &identity);
  if (!exists && GetLastError() != ERROR_FILE_NOT_FOUND) return GetLastError();
  if (cacheValid && exists == cacheFileExisted && (!exists || same_identity(&identity, &cacheIdentity))) {
    *out = &cache;
    return NO_ERROR;
  }
  store_clear(&cache);
  cacheValid = FALSE;
  if (exists) {
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return GetLastError();
    DWORD size = identity.nFileSizeLow, got = 0;
    char *data = malloc((size_t)size + 1);
    BOOL read = data && ReadFile(file, data, size, &got, NULL) && got == size;
    DWORD error = read ? NO_ERROR : data ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
    CloseHandle(file);
    if (!read) {
      free(data);
      return error ? error : ERROR_READ_FAULT;
    }
    data[size] = 0;
    stats.loads++;
    error = parse_store(data, &cache);
    free(data);
    if (error) {
      store_clear(&cache);
      return error;
    }
  }
  cacheValid = TRUE;
  cacheFileExisted = exists;
  cacheIdentity = identity;
  *out = &cache;
  return NO_ERROR;
}

static DWORD store_write(void);

DWORD store_save(void) {
  LARGE_INTEGER start;
  QueryPerformanceCounter(&start);
  DWORD error = store_write();
  stats.saves++;
  stats.saveSeconds += seconds_since(start);
  return error;
}

/* Atomic (a reader sees the old or the new file), flushed only with CERTREBIND_STANDIN_FLUSH=1: the tests need the
 * atomicity, and flushing a whole file on every write would make the stand-in, not the exe, what a benchmark
 * measures. */
static DWORD store_write(void) {
  WCHAR path[MAX_PATH * 2], temp[MAX_PATH * 2 + 32], flush[4];
  if (!store_path(path, MAX_PATH * 2)) return ERROR_ENVVAR_NOT_FOUND;
  /* Each record's lines are made once and kept until it changes: a save copies them, so that writing one record
   * among ten thousand costs a copy of the file, not its formatting. */
  static Text t;
  t.length = 0;
  t.failed = FALSE;
  text_puts(&t, MAGIC);
  text_puts(&t, "\n");
  for (size_t i = 0; i < cache.count && !t.failed; i++) {
    StoredRecord *r = &cache.records[i];
    if (!r->text) {
      Text one = {0};
      write_record(&one, r);
      if (one.failed) {
        free(one.data);
        t.failed = TRUE;
        break;
      }
      r->text = one.data;
      r->textLength = one.length;
    }
    text_put(&t, r->text, r->textLength);
  }
  if (t.failed) {
    cacheValid = FALSE;
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  swprintf(temp, sizeof temp / sizeof temp[0], L"%ls.%lu.tmp", path, (unsigned long)GetCurrentProcessId());
  DWORD error = NO_ERROR, written = 0;
  HANDLE file = CreateFileW(temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (file == INVALID_HANDLE_VALUE) {
    error = GetLastError();
  } else {
    BOOL durable = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_FLUSH", flush, 4) == 1 && flush[0] == L'1';
    if (!WriteFile(file, t.data, (DWORD)t.length, &written, NULL) || written != t.length || (durable && !FlushFileBuffers(file)))
      error = GetLastError() ? GetLastError() : ERROR_WRITE_FAULT;
    CloseHandle(file);
    if (!error && !MoveFileExW(temp, path, MOVEFILE_REPLACE_EXISTING | (durable ? MOVEFILE_WRITE_THROUGH : 0))) error = GetLastError();
    if (error) DeleteFileW(temp);
  }
  if (error) {
    cacheValid = FALSE;
    return error;
  }
  WIN32_FILE_ATTRIBUTE_DATA identity;
  if (GetFileAttributesExW(path, GetFileExInfoStandard, &identity)) {
    cacheIdentity = identity;
    cacheFileExisted = TRUE;
  } else {
    cacheValid = FALSE;
  }
  return NO_ERROR;
}
