/*
 * The Linux executable's entry (scripts/build-exe.sh): its single executable application holds a V8 start-up snapshot
 * ("useSnapshot", https://nodejs.org/api/single-executable-applications.html#startup-snapshot-support). This file
 * runs once, at build time: the CLI's modules are loaded then (a command's providers, imported when it runs, are
 * not), and a first command line is parsed so that the functions every start runs (yargs' and the CLI's) are compiled
 * into the snapshot too. The executable starts from that heap and runs main() with its own argv, environment, working
 * directory and clock (https://nodejs.org/api/v8.html#v8startupsnapshotsetdeserializemainfunctioncallback-data).
 * What a module keeps from its load is the build's: ours read the process only when called; yargs keeps the build's
 * working directory, to look for a package.json from, which scripts/bundle/find-up.mjs never does. The Windows exe
 * has no snapshot (only the node.exe it runs on could build one) and runs main.ts.
 */
import { startupSnapshot } from "node:v8";
import { main } from "./process-main.js";
import { runCli } from "./run-cli.js";

startupSnapshot.setDeserializeMainFunction(main);
// Nothing printed, nothing read but the command line: `version` opens no host.
void runCli(["version"], { stdout: () => {}, stderr: () => {}, env: {} });
