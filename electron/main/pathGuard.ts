import path from 'node:path';

type PathApi = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

/**
 * Maps a URL pathname (still percent-encoded, as in `new URL(x).pathname`) to a file path inside `root`, or null
 * when it would leave `root`. Decoding happens here, after the URL parser has already collapsed literal `..`
 * segments, so encoded forms (`..%2f`, `%2e%2e%5c`) are caught too. A trailing `/` or an empty path means the
 * folder's `index.html`. `pathApi` is injectable so the Windows rules can be tested on Linux.
 */
export function resolveInsideRoot(root: string, urlPathname: string, pathApi: PathApi = path): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded.endsWith('/') || decoded === '' ? `${decoded}index.html` : decoded;
  const base = pathApi.resolve(root);
  const target = pathApi.resolve(base, `.${pathApi.sep}${relative}`);
  return isInside(base, target, pathApi) ? target : null;
}

/** True when `target` is `root` itself or below it (both absolute, already resolved). */
export function isInside(root: string, target: string, pathApi: PathApi = path): boolean {
  const rel = pathApi.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${pathApi.sep}`) && rel !== '..' && !pathApi.isAbsolute(rel));
}
