/**
 * The floor of `certrebind rebind --old OLD --new NEW --dry-run --json`: the same reads and scan as bindings.mjs
 * (a dry run reads the same files and changes none), and as many bytes written as the exe's envelope.
 *   node bench/floor/rebind-dry-run.mjs --host-root DIR --old OLD --output-bytes N
 */
import { option, readAndScan, siteInputs, writeOutput } from "./common.mjs";

const scanned = readAndScan(siteInputs(option("host-root")), option("old"));
if (scanned.every((s) => s.offsets.length === 0)) console.error("floor: the old thumbprint is in no input");
writeOutput(Number(option("output-bytes")));
