/** The DER encoder lives with the exe, which re-issues certificates for `capture --redact`. */
export * from "../../ts-src/core/x509/der.js";
