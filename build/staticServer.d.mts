export declare const MIME_TYPES: Readonly<Record<string, string>>;
export declare const CONTENT_SECURITY_POLICY: string;
export declare function mimeTypeFor(filePath: string): string;

export interface StaticServer {
  /** `http://127.0.0.1:<port>/` (with a trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `root` read-only on a loopback address; port 0 (default) picks a free port. */
export declare function startStaticServer(options: {
  readonly root: string;
  readonly port?: number;
  readonly host?: string;
}): Promise<StaticServer>;
