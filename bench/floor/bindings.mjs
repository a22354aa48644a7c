/**
 * The floor of `certrebind bindings --thumbprint OLD --json` (and of `rebind --dry-run --json`, which reads the same
 * files): read records.json, applicationHost.config and the certificate store, scan each once for the thumbprint with
 * native indexOf, write as many bytes as the exe's envelope.
 *   node bench/floor/bindings.mjs --host-root DIR --thumbprint OLD --output-bytes N
 */
import { option, readAndScan, siteInputs, writeOutput } from "./common.mjs";

const scanned = readAndScan(siteInputs(option("host-root")), option("thumbprint"));
if (scanned.every((s) => s.offsets.length === 0)) console.error("floor: the thumbprint is in no input");
writeOutput(Number(option("output-bytes")));
