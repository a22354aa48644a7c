/*
 * The Linux executable's entry (scripts/build-exe.sh): the single executable application is built with a V8 start-up
 * snapshot ("useSnapshot", https://nodejs.org/api/single-executable-applications.html#startup-snapshot-support).
 * This file runs once, at build time: every module of the bundle is loaded then, and a first command line is parsed
 * so that the functions every start runs (yargs' and the CLI's) are compiled into the snapshot as well. The
 * executable starts from that heap and runs main() with its own argv, environment and working directory
 * (https://nodejs.org/api/v8.html#v8startupsnapshotsetdeserializemainfunctioncallback-data). Whatever a module
 * keeps from its load is therefore the build's: modules read the process (argv, env, cwd, the clock) only when
 * called. The Windows exe has no snapshot (one can only be built by the node.exe it runs on) and runs main.ts.
 */
import { startupSnapshot } from "node:v8";
import { main } from "./process-main.js";
import { runCli } from "./run-cli.js";

startupSnapshot.setDeserializeMainFunction(main);
// Nothing printed, nothing read but the command line: `version` opens no host.
void runCli(["version"], { stdout: () => {}, stderr: () => {}, env: {} });
