/* The stand-in's record store: the records in memory and the text file that holds them (format: README.md). */
#ifndef CERTREBIND_STANDIN_STORE_H
#define CERTREBIND_STANDIN_STORE_H

#include "http-config.h"

typedef enum { KIND_IPPORT = 0, KIND_SNI = 1, KIND_CCS = 2, KIND_SCOPED_CCS = 3, KIND_COUNT = 4 } RecordKind;

typedef struct {
  char *name;  /* bytes, not terminated in the API; kept NUL-terminated here */
  char *value;
  USHORT nameLength;
  USHORT valueLength;
} StoredHeader;

typedef struct {
  BOOL present;
  ULONGLONG flags;
  DWORD windowSize;                /* ParamType 0 */
  DWORD perFrame, perMinute;       /* ParamType 1 */
  int performanceType;             /* ParamType 2 */
  BYTE *buffer;
  ULONG bufferSize;
  USHORT statusCode;               /* ParamType 4 */
  USHORT headerCount;
  StoredHeader *headers;
} StoredExParam;

typedef struct {
  RecordKind kind;
  SOCKADDR_STORAGE address;        /* AF_INET or AF_INET6; the port in network order as in the API */
  WCHAR *host;                     /* hostnameport and scoped ccs only */
  ULONG hashLength;
  BYTE hash[HTTP_SSL_CERT_SHA_HASH_LENGTH];
  GUID appId;
  WCHAR *storeName;                /* NULL stays NULL */
  DWORD certCheckMode;
  DWORD revocationFreshnessTime;
  DWORD revocationUrlRetrievalTimeout;
  WCHAR *ctlIdentifier;
  WCHAR *ctlStoreName;
  DWORD flags;
  StoredExParam ex[ExParamTypeMax];
  char *text;                      /* the record's lines in the file, kept until it changes (record_changed) */
  size_t textLength;
} StoredRecord;

typedef struct {
  StoredRecord *records;
  size_t count;
  size_t capacity;
} Store;

typedef struct {
  unsigned long loads, saves;
  double getSeconds, saveSeconds; /* time spent reading (and checking) and writing the record file */
} StoreStats;
const StoreStats *store_stats(void);

/* Loads the store from CERTREBIND_STANDIN_STORE if it changed since the last load; NO_ERROR or a Win32 error. */
DWORD store_get(Store **out);
/* Writes the store atomically (temporary file, flush, MoveFileEx replace); on failure the next store_get reloads. */
DWORD store_save(void);

void record_free(StoredRecord *record);
/* Forgets the record's cached lines: call after changing it in place. */
void record_changed(StoredRecord *record);
/* A deep copy; FALSE when memory runs out. */
BOOL record_copy(StoredRecord *to, const StoredRecord *from);
int record_compare_keys(const StoredRecord *a, const StoredRecord *b);
/* The index of the record with that kind and key, or -1; *insertAt gets where it would go in key order. */
long store_find(const Store *store, const StoredRecord *key, size_t *insertAt);
BOOL store_insert(Store *store, size_t at, StoredRecord *record);
void store_remove(Store *store, size_t at);

/* Short text of a key for the call log: "ipport 0.0.0.0:443", "hostnameport [::]:443 www.contoso.com". */
void record_key_text(const StoredRecord *record, char *out, size_t outSize);
size_t sockaddr_length(const SOCKADDR_STORAGE *address);

#endif
