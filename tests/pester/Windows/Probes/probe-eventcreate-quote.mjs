// Runs eventcreate the way certrebind does (an argument array, no shell, through Node's child_process, which
// execa uses: libuv quotes each argument the Microsoft C runtime way) with descriptions that hold '"', '\"',
// backslashes and a newline, and prints what was sent and what eventcreate answered, as JSON, to the file named by
// the first argument. Probe-EventCreateQuote.ps1 reads the events back.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const descriptions = [
  { id: 991, text: 'CertRebind probe: a "quoted" word' },
  { id: 992, text: '{"runId":"20261202T000000Z-probe","sites":["A \\"quoted\\" site"],"path":"C:\\\\dir\\\\"}' },
  { id: 993, text: 'CertRebind probe: line one\n\n{"json":"after a blank line","quote":"\\""}' },
];
const results = descriptions.map(({ id, text }) => {
  const args = ["/L", "APPLICATION", "/T", "INFORMATION", "/SO", "CertRebindProbe", "/ID", String(id), "/D", text];
  const run = spawnSync("eventcreate", args, { shell: false, windowsHide: true, encoding: "utf8" });
  return { id, sent: text, status: run.status, error: run.error ? String(run.error) : null, stdout: run.stdout, stderr: run.stderr };
});
writeFileSync(process.argv[2], JSON.stringify(results, null, 2));
