// A concurrent writer of applicationHost.config: appends a comment line (after the root element, so the file stays
// well-formed) every few milliseconds, each open-append-close, until SIGTERM; then prints how many it appended.
import { appendFileSync } from "node:fs";

const [path, everyMs = "3"] = process.argv.slice(2);
let appended = 0;
let stopping = false;
process.on("SIGTERM", () => (stopping = true));
const tick = () => {
  if (stopping) {
    process.stdout.write(`${appended}\n`);
    return;
  }
  appendFileSync(path, `<!-- appended ${appended} -->\r\n`);
  appended++;
  setTimeout(tick, Number(everyMs));
};
process.stdout.write("started\n");
tick();
