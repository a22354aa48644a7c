import { main } from "./process-main.js";

main();
