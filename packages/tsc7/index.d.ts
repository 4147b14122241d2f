/** The TypeScript 7 release this package pins. */
export declare const TS7_VERSION: string;
/** The path of TypeScript 7's native tsc for this platform. */
export declare function tsc7Executable(): Promise<string>;
