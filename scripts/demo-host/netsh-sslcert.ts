/** The printer of `netsh http show sslcert` text lives with the formats the exe reads and writes. */
export * from "../../ts-src/platform/formats/netsh-sslcert-print.js";
