/*
 * Installed in the stand-in's wine prefix in place of powershell.exe and netsh.exe (wine's own are stubs), for
 * the end-to-end tests: it appends its command line to CERTREBIND_STANDIN_CHILDREN, one line per start, so a test
 * can tell which programs the exe started and why. It then exits 1, as a refused command would: the exe starts
 * neither (HTTP.sys and the certificate stores are read through their APIs).
 */
#include <windows.h>

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

int main(void) {
  append_command_line();
  return 1;
}
