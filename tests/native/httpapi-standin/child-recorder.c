/*
 * Installed in the stand-in's wine prefix in place of powershell.exe and netsh.exe (wine's own are stubs), for
 * the end-to-end tests: it appends its command line to CERTREBIND_STANDIN_CHILDREN, one line per start, so a test
 * can tell which programs the exe started and why. As powershell.exe, with CERTREBIND_STANDIN_CERTS set, it prints
 * that file: the JSON certificate listing the exe's certificate-store script prints on Windows
 * (ts-src/platform/windows/cert-store.ts). Anything else exits 1, as a refused command would.
 */
#include <windows.h>
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

int main(void) {
  append_command_line();
  WCHAR certs[MAX_PATH * 2];
  DWORD n = GetEnvironmentVariableW(L"CERTREBIND_STANDIN_CERTS", certs, MAX_PATH * 2);
  if (!named(L"powershell.exe") || n == 0 || n >= MAX_PATH * 2) return 1;
  HANDLE file = CreateFileW(certs, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return 1;
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  char buffer[65536];
  DWORD got, written;
  while (ReadFile(file, buffer, sizeof buffer, &got, NULL) && got > 0) WriteFile(out, buffer, got, &written, NULL);
  CloseHandle(file);
  return 0;
}
