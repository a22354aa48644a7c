/*
 * Installed in the stand-in's wine prefix in place of powershell.exe and netsh.exe (wine's own are stubs), for
 * the end-to-end tests: it appends its command line to CERTREBIND_STANDIN_CHILDREN, one line per start, so a test
 * can tell which programs the exe started and why. As powershell.exe given the exe's certificate-store script
 * (-EncodedCommand, recognised by the Cert:\LocalMachine paths it lists; ts-src/platform/windows/cert-store.ts)
 * and with CERTREBIND_STANDIN_CERTS set, it prints that file: the JSON certificate listing that script prints on
 * Windows. Anything else exits 1, as a refused command would.
 */
#include <windows.h>
#include <wincrypt.h>
#include <string.h>

static void append_command_line(void) {
  WCHAR path[MAX_PATH * 2];
  DWORD n = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_CHILDREN", path, MAX_PATH * 2);
  if (n == 0 || n >= MAX_PATH * 2) return;
  HANDLE file = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return;
  const WCHAR *line = GetCommandLineW();
  int bytes = WideCharToMultiByte(CP_UTF8, 0, line, -1, NULL, 0, NULL, NULL);
  char *utf8 = HeapAlloc(GetProcessHeap(), 0, bytes + 1);
  if (utf8) {
    WideCharToMultiByte(CP_UTF8, 0, line, -1, utf8, bytes, NULL, NULL);
    utf8[bytes - 1] = '\n';
    DWORD written;
    WriteFile(file, utf8, bytes, &written, NULL);
  }
  CloseHandle(file);
}

static BOOL named(const WCHAR *name) {
  WCHAR self[MAX_PATH];
  DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return FALSE;
  const WCHAR *base = wcsrchr(self, L'\\');
  return lstrcmpiW(base ? base + 1 : self, name) == 0;
}

/* Whether -EncodedCommand's script (base64 of UTF-16LE) lists LocalMachine certificates. */
static BOOL is_certificate_listing(void) {
  const WCHAR *line = GetCommandLineW();
  const WCHAR *flag = wcsstr(line, L"-EncodedCommand ");
  if (!flag) return FALSE;
  const WCHAR *encoded = flag + wcslen(L"-EncodedCommand ");
  DWORD length = 0;
  while (encoded[length] && encoded[length] != L' ' && encoded[length] != L'"') length++;
  DWORD size = 0;
  if (!CryptStringToBinaryW(encoded, length, CRYPT_STRING_BASE64, NULL, &size, NULL, NULL)) return FALSE;
  BYTE *script = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size + sizeof(WCHAR));
  if (!script || !CryptStringToBinaryW(encoded, length, CRYPT_STRING_BASE64, script, &size, NULL, NULL)) return FALSE;
  return wcsstr((const WCHAR *)script, L"Cert:\\LocalMachine") != NULL;
}

int main(void) {
  append_command_line();
  WCHAR certs[MAX_PATH * 2];
  DWORD n = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_CERTS", certs, MAX_PATH * 2);
  if (!named(L"powershell.exe") || n == 0 || n >= MAX_PATH * 2 || !is_certificate_listing()) return 1;
  HANDLE file = CreateFileW(certs, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return 1;
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  char buffer[65536];
  DWORD got, written;
  while (ReadFile(file, buffer, sizeof buffer, &got, NULL) && got > 0) WriteFile(out, buffer, got, &written, NULL);
  CloseHandle(file);
  return 0;
}
