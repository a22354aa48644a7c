import type { Options } from "yargs";

/** `--restart-services` of `rebind` and `on-task` (docs/cli-contract.md). */
export const RESTART_SERVICES_OPTION: Options = {
  type: "boolean",
  default: false,
  describe:
    "Restart each service whose new certificate takes effect only when it starts, once everything is applied and read back; a service that does not run again within 120 s rolls the whole run back (CR4013)",
};
