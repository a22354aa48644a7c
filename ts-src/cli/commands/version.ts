import type { CommandModule } from "../command.js";
import { VERSION } from "../version.js";

export const versionCommand: CommandModule<Record<string, never>> = {
  name: "version",
  command: "version",
  describe: "Print the version of certrebind, of its Node runtime, and the platform",
  builder: (yargs) => yargs,
  async run() {
    const data = { version: VERSION, node: process.version, platform: process.platform, arch: process.arch };
    return {
      data,
      exitCode: 0,
      text: () => `certrebind ${data.version} (node ${data.node}, ${data.platform}-${data.arch})\n`,
    };
  },
};
