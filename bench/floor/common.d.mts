export function siteInputs(hostRoot: string): string[];
export function eventInputs(hostRoot: string): string[];
export function inputBytes(files: string[]): number;
