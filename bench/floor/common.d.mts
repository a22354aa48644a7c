export function siteInputs(hostRoot: string): string[];
export function eventInputs(hostRoot: string): string[];
export function inputBytes(files: string[]): number;
export function writeOutput(bytes: number, head?: Buffer): void;
export function option(name: string, fallback?: string): string;
