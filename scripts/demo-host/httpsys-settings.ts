import type { HttpSysExtendedParam, HttpSysSettings } from "../../ts-src/core/model.js";

/** The HTTP/2 extended parameters as every published capture shows them (netsh's "Extended Properties" 0 and 1). */
export const HTTP2_DEFAULTS: HttpSysExtendedParam[] = [
  { type: 0, name: "http2Window", flags: "0", receiveWindowSize: 1048576 },
  { type: 1, name: "http2SettingsLimits", flags: "0", maxSettingsPerFrame: 2796202, maxSettingsPerMinute: 4294967295 },
];

/** The settings of a record made with only a hash and an AppId, with `extra` instead where given. */
export const recordSettings = (extra: Partial<HttpSysSettings> = {}): HttpSysSettings => ({
  certCheckMode: 0,
  revocationFreshnessTime: 0,
  revocationUrlRetrievalTimeout: 0,
  sslCtlIdentifier: null,
  sslCtlStoreName: null,
  flags: 0,
  extended: HTTP2_DEFAULTS,
  ...extra,
});
