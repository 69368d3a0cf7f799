export declare const REPO_ROOT: string;
export declare const WEB_DIR: string;
export declare const UNPACKED_ASAR: string;
export declare function isStale(output: string, sources: readonly string[]): Promise<boolean>;
export declare function newestMtime(paths: readonly string[]): Promise<number>;
export declare function checkAsarLayout(asarPath: string | undefined, options: { expectCli: boolean }): Promise<string[]>;
export declare const UNPACKED_RESOURCES: readonly string[];
export declare function checkUnpackedResources(resourcesDir?: string): Promise<void>;
