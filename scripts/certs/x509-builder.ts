/** The X.509 builder lives with the exe, which re-issues certificates for `capture --redact`. */
export * from "../../ts-src/core/x509/x509-builder.js";
